import type { CompiledRubric } from '../rubric/compile.js';
import type { Flag } from '../score/profile.js';
import { OVERALL } from '../score/tables.js';
import { type LocalizedText, resolveText } from '../text/localized.js';
import { type Fact, NODE_OPERATORS, operandsOf, operatorOf, renderCondition } from './logic.js';
import type { Guard, Policy, Reason, Recommendation } from './model.js';

/**
 * A policy's reasons as sentences people read, in he, ar or en: generated from each condition's structure
 * (comparisons, and/or/not, `in`, `!!`, counts of a tier's nodes, flags, change, attributes) with the names of
 * nodes and attributes in the locale and the values read. Every word of them is in the templates below.
 */

type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
type Relation = '<' | '<=' | '>' | '>=' | '==' | '!=';
type Templates = {
  /** A value against a literal: `at most {v}`. */
  relation: Record<Relation, string>;
  /** Which nodes a count counts: `below {v}`. */
  predicate: Record<'<' | '<=' | '>' | '>=', string>;
  /** An attribute against its required value(s). */
  attribute: { '==': string; '!=': string; in: string };
  /** What is read of a node besides its score. */
  reading: Record<Exclude<(typeof NODE_OPERATORS)[number], 'score'>, string>;
  /** A tier's nodes counted, by plural category; `{n}` is the count. */
  tiers: Record<string, Plural>;
  waves: Plural;
  flags: Record<Flag, string>;
  anywhere: string;
  recorded: string;
  notRecorded: string;
  hasValue: string;
  noScore: string;
  noValue: string;
  not: string;
  all: string;
  any: string;
  /** Between the parts of and / or. */
  parts: string;
  and: string;
  list: string;
  /** A yes/no attribute's value. */
  yes: string;
  no: string;
  condition: string;
  cannot: (error: string) => string;
  primary: string;
  denied: string;
  notChosen: string;
  secondary: string;
  measure: string;
  deny: string;
  byDefault: string;
  defaultLabel: string;
  keeps: string;
  moves: string;
  qualifiesFor: string;
  heldBack: string;
};

const TEMPLATES: Record<'en' | 'he' | 'ar', Templates> = {
  en: {
    relation: {
      '<': 'below {v}',
      '<=': 'at most {v}',
      '>': 'above {v}',
      '>=': 'at least {v}',
      '==': 'equal to {v}',
      '!=': 'other than {v}',
    },
    predicate: { '<': 'below {v}', '<=': 'at or below {v}', '>': 'above {v}', '>=': 'at or above {v}' },
    attribute: { '==': 'must be {v}', '!=': 'must not be {v}', in: 'must be one of: {v}' },
    reading: {
      percent: '{node}, share of its range (%)',
      level: '{node}, level',
      gap: '{node}, gap to the target',
      target: '{node}, target',
      coverage: '{node}, coverage',
      confidence: '{node}, confidence',
      change: '{node}, change since the previous wave',
    },
    tiers: {
      domain: { zero: 'no domains', one: '{n} domain', other: '{n} domains' },
      capability: { zero: 'no capabilities', one: '{n} capability', other: '{n} capabilities' },
      indicator: { zero: 'no indicators', one: '{n} indicator', other: '{n} indicators' },
    },
    waves: { one: '{n} consecutive wave', other: '{n} consecutive waves' },
    flags: {
      disagreement: 'Respondents disagree',
      'missing-evidence': 'No evidence for a high answer',
      'evidence-cap': 'Capped for lack of evidence',
      'invalid-answer': 'Invalid answers',
      'critical-cap': 'Capped by a critical indicator',
      'insufficient-coverage': 'Too little answered for a score',
      'counted-as-zero': 'Unanswered questions counted as zero',
      'needs-consensus': 'Respondents do not agree enough: a consensus is needed',
    },
    anywhere: 'anywhere in the profile',
    recorded: 'must be recorded',
    notRecorded: 'not recorded',
    hasValue: 'must have a value',
    noScore: 'no score',
    noValue: 'no value',
    not: 'Must not hold: {s}',
    all: 'All of: {s}',
    any: 'Any of: {s}',
    parts: '; ',
    and: ' and ',
    list: ', ',
    yes: 'yes',
    no: 'no',
    condition: 'condition: {s}',
    cannot: (error) => `(cannot be evaluated: ${error})`,
    primary: 'primary track: {t}',
    denied: '{t}: blocked by a guard',
    notChosen: '{t}: not chosen',
    secondary: 'secondary track: {t}',
    measure: 'measure: {t}',
    deny: 'blocks: {t}',
    byDefault: 'primary track: {t} (no rule gave one)',
    defaultLabel: 'Default',
    keeps: 'stays in {from}: {to} qualified in {n} of {waves}',
    moves: 'moves to {to} after {waves}',
    qualifiesFor: 'The capabilities alone qualify for: {t}',
    heldBack: 'Held back by: {s}',
  },
  he: {
    relation: {
      '<': 'פחות מ-{v}',
      '<=': 'לא יותר מ-{v}',
      '>': 'יותר מ-{v}',
      '>=': 'לפחות {v}',
      '==': 'שווה ל-{v}',
      '!=': 'שונה מ-{v}',
    },
    predicate: { '<': 'מתחת ל-{v}', '<=': 'עד {v}', '>': 'מעל {v}', '>=': 'מ-{v} ומעלה' },
    attribute: { '==': 'נדרש: {v}', '!=': 'נדרש שלא יהיה: {v}', in: 'נדרש אחד מאלה: {v}' },
    reading: {
      percent: '{node}, אחוז מהטווח',
      level: '{node}, רמה',
      gap: '{node}, פער מהיעד',
      target: '{node}, יעד',
      coverage: '{node}, כיסוי',
      confidence: '{node}, רמת ביטחון',
      change: '{node}, שינוי מאז הסבב הקודם',
    },
    tiers: {
      domain: { zero: 'אין תחום', one: 'תחום אחד', two: 'שני תחומים', other: '{n} תחומים' },
      capability: { zero: 'אין יכולת', one: 'יכולת אחת', two: 'שתי יכולות', other: '{n} יכולות' },
      indicator: { zero: 'אין מדד', one: 'מדד אחד', two: 'שני מדדים', other: '{n} מדדים' },
    },
    waves: { one: 'סבב אחד', two: 'שני סבבים רצופים', other: '{n} סבבים רצופים' },
    flags: {
      disagreement: 'המשיבים חלוקים',
      'missing-evidence': 'אין אסמכתא לתשובה גבוהה',
      'evidence-cap': 'הציון הוגבל בהיעדר אסמכתא',
      'invalid-answer': 'תשובות לא תקינות',
      'critical-cap': 'הציון הוגבל בשל מדד קריטי',
      'insufficient-coverage': 'מעט מדי תשובות לציון',
      'counted-as-zero': 'שאלות שלא נענו נספרו כאפס',
      'needs-consensus': 'ההסכמה בין המשיבים אינה מספיקה: נדרשת הסכמה משותפת',
    },
    anywhere: 'במקום כלשהו בפרופיל',
    recorded: 'נדרש שיהיה רשום',
    notRecorded: 'לא רשום',
    hasValue: 'נדרש שיהיה ערך',
    noScore: 'אין ציון',
    noValue: 'אין ערך',
    not: 'נדרש שלא יתקיים: {s}',
    all: 'כל אלה: {s}',
    any: 'אחד מאלה לפחות: {s}',
    parts: '; ',
    and: ' וגם ',
    list: ', ',
    yes: 'כן',
    no: 'לא',
    condition: 'תנאי: {s}',
    cannot: () => '(לא ניתן לחשב)',
    primary: 'מסלול ראשי: {t}',
    denied: '{t}: נחסם בידי מגבלה',
    notChosen: '{t}: לא נבחר',
    secondary: 'מסלול משני: {t}',
    measure: 'צעד: {t}',
    deny: 'חוסם את המסלול: {t}',
    byDefault: 'מסלול ראשי: {t} (אף כלל לא קבע מסלול ראשי)',
    defaultLabel: 'ברירת המחדל',
    keeps: 'המסלול הקודם נשמר ({from}): הזכאות למסלול "{to}" התקיימה ב-{n} מתוך {waves}',
    moves: 'מעבר למסלול "{to}" אחרי {waves}',
    qualifiesFor: 'היכולות לבדן מזכות במסלול: {t}',
    heldBack: 'מה מנע זאת: {s}',
  },
  ar: {
    relation: {
      '<': 'أقل من {v}',
      '<=': 'لا يزيد على {v}',
      '>': 'أكثر من {v}',
      '>=': 'لا يقل عن {v}',
      '==': 'يساوي {v}',
      '!=': 'لا يساوي {v}',
    },
    predicate: { '<': 'بدرجة أقل من {v}', '<=': 'بدرجة لا تزيد على {v}', '>': 'بدرجة أعلى من {v}', '>=': 'بدرجة لا تقل عن {v}' },
    attribute: { '==': 'المطلوب: {v}', '!=': 'يجب ألّا يكون: {v}', in: 'المطلوب أحد الآتي: {v}' },
    reading: {
      percent: '{node}، النسبة من المدى',
      level: '{node}، المستوى',
      gap: '{node}، الفجوة عن الهدف',
      target: '{node}، الهدف',
      coverage: '{node}، التغطية',
      confidence: '{node}، مستوى الثقة',
      change: '{node}، التغيّر منذ الجولة السابقة',
    },
    tiers: {
      domain: { zero: 'لا مجالات', one: 'مجال واحد', two: 'مجالان', few: '{n} مجالات', many: '{n} مجالًا', other: '{n} مجال' },
      capability: { zero: 'لا قدرات', one: 'قدرة واحدة', two: 'قدرتان', few: '{n} قدرات', many: '{n} قدرةً', other: '{n} قدرة' },
      indicator: { zero: 'لا مؤشرات', one: 'مؤشر واحد', two: 'مؤشران', few: '{n} مؤشرات', many: '{n} مؤشرًا', other: '{n} مؤشر' },
    },
    waves: {
      zero: 'لا جولات',
      one: 'جولة واحدة',
      two: 'جولتين متتاليتين',
      few: '{n} جولات متتالية',
      many: '{n} جولةً متتالية',
      other: '{n} جولة متتالية',
    },
    flags: {
      disagreement: 'المجيبون مختلفون',
      'missing-evidence': 'لا دليل لإجابة مرتفعة',
      'evidence-cap': 'سُقِّفت الدرجة لغياب الإثبات',
      'invalid-answer': 'إجابات غير صالحة',
      'critical-cap': 'سُقِّفت الدرجة بسبب مؤشر حرج',
      'insufficient-coverage': 'إجابات قليلة جداً لإعطاء درجة',
      'counted-as-zero': 'احتُسبت الأسئلة غير المُجاب عنها صفرًا',
      'needs-consensus': 'التوافق بين المجيبين غير كافٍ: يلزم التوصّل إلى توافق',
    },
    anywhere: 'في أي موضع من الملف',
    recorded: 'يجب أن يكون مسجَّلًا',
    notRecorded: 'غير مسجَّل',
    hasValue: 'يجب أن تكون له قيمة',
    noScore: 'لا درجة',
    noValue: 'لا قيمة',
    not: 'يجب ألّا يتحقّق: {s}',
    all: 'كل ما يلي: {s}',
    any: 'واحد ممّا يلي على الأقل: {s}',
    parts: '؛ ',
    and: ' و',
    list: '، ',
    yes: 'نعم',
    no: 'لا',
    condition: 'شرط: {s}',
    cannot: () => '(تعذّر الحساب)',
    primary: 'المسار الرئيسي: {t}',
    denied: '{t}: حجبه قيد',
    notChosen: '{t}: لم يُختر',
    secondary: 'مسار ثانوي: {t}',
    measure: 'خطوة: {t}',
    deny: 'يحجب المسار: {t}',
    byDefault: 'المسار الرئيسي: {t} (لم تحدّد أي قاعدة مسارًا رئيسيًا)',
    defaultLabel: 'الخيار الافتراضي',
    keeps: 'يبقى المسار السابق ({from}): تحقّق التأهّل لمسار «{to}» في {n} من أصل {waves}',
    moves: 'ينتقل إلى مسار «{to}» بعد {waves}',
    qualifiesFor: 'القدرات وحدها تؤهّل لمسار: {t}',
    heldBack: 'ما حال دون ذلك: {s}',
  },
};

/** The templates of a locale (by primary subtag), English when the language has none. */
export const templatesFor = (locale: string): Templates =>
  (TEMPLATES as Record<string, Templates>)[locale.toLowerCase().split(/[-_]/)[0] ?? 'en'] ?? TEMPLATES.en;

/** Names of what a condition reads, in one locale: nodes, tiers, attributes and their values, tracks, measures. */
export interface Names {
  locale: string;
  t: (text: LocalizedText | undefined, otherwise?: string) => string;
  title: (id: string) => string;
  /** A level of a node (or `overall`) by its label. */
  levelLabel: (id: string, level: string | null) => string;
  tierTitle: (id: string) => string;
  attributeTitle: (id: string) => string;
  attributeValue: (id: string, value: string | number | boolean | null | undefined) => string;
}

/** The names of a rubric's nodes, tiers and attributes in `locale` (then `fallbacks`); `overall` is its word. */
export function rubricNames(rubric: CompiledRubric, locale: string, fallbacks: readonly string[], overall: string): Names {
  const t = (text: LocalizedText | undefined, otherwise = '') => resolveText(text, locale, fallbacks) || otherwise;
  const attributeOf = (id: string) => rubric.rubric.attributes.find((a) => a.id === id);
  const levelsOf = (id: string) =>
    id === OVERALL ? rubric.rubric.levels : (rubric.byId.get(id)?.levels ?? rubric.rubric.levels);
  return {
    locale,
    t,
    title: (id) => (id === OVERALL ? overall : t(rubric.byId.get(id)?.title, id)),
    levelLabel: (id, level) => (level === null ? '–' : t(levelsOf(id).find((l) => l.id === level)?.label, level)),
    tierTitle: (id) => t(rubric.rubric.tiers.find((x) => x.id === id)?.title, id),
    attributeTitle: (id) => t(attributeOf(id)?.title, id),
    attributeValue: (id, value) => {
      if (value === null || value === undefined) return '–';
      const label = attributeOf(id)?.labels?.[String(value)];
      if (label) return t(label, String(value));
      // a yes/no value, or its text as peer groups key it
      const yes = attributeOf(id)?.type === 'boolean' && typeof value === 'string' ? value === 'true' : value;
      if (typeof yes === 'boolean') return templatesFor(locale)[yes ? 'yes' : 'no'];
      return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : String(value);
    },
  };
}

/** Items listed in the locale's way (Arabic with its own comma). */
export const joinList = (items: readonly string[], locale: string): string => items.join(templatesFor(locale).list);

/** A template with its {placeholders} filled (a missing part stays as written). */
export const fill = (template: string, parts: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (whole, key: string) => parts[key] ?? whole);

/**
 * A count in words by the locale's plural rules (Arabic has all six categories); none at all reads as the zero
 * form where the language has one in words ("no domains", "אין תחום") though its rules file 0 under other.
 */
const counted = (forms: Plural, n: number, locale: string) =>
  fill((n === 0 ? forms.zero : undefined) ?? forms[new Intl.PluralRules(locale).select(n)] ?? forms.other, { n: String(n) });

/** A number as the sentences show it: at most two decimals, a true minus sign (a hyphen reads as a dash after מ-). */
const number = (value: number) => String(Math.round(value * 100) / 100).replace('-', '−');

const COMPARE = new Set(['<', '<=', '>', '>=', '==', '===', '!=', '!==']);
const FLIP: Record<Relation, Relation> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };
const relationOf = (op: string): Relation => (op === '===' ? '==' : op === '!==' ? '!=' : (op as Relation));

/** What a sentence says of an operand the profile gives: its name, and its value read. */
interface Read {
  kind: 'node' | 'attribute' | 'count';
  /** Its values are categories (an attribute's, a node's level): `==` reads "must be", and they show by label. */
  categorical: boolean;
  subject: string;
  value: string;
  /** How a literal beside it reads: a number, or a category by its label. */
  literal: (value: unknown) => string;
}

/** A fact as a sentence: `Financial management and stability: 1.25 — at most 1.5`. */
export function factSentence(fact: Fact, names: Names): string {
  const w = templatesFor(names.locale);
  // a fact from a file written before facts kept their logic: its code, after the word for a condition
  const text = fact.logic === undefined ? fill(w.condition, { s: fact.condition }) : sentence(fact.logic, fact, names, w);
  return fact.error === undefined ? text : `${text} ${w.cannot(fact.error)}`;
}

/** A condition in words; `fact` gives the values read (absent ones read as unknown). */
export function conditionSentence(logic: unknown, names: Names, fact?: Pick<Fact, 'values' | 'nodes'>): string {
  return sentence(logic, fact ?? { values: {} }, names, templatesFor(names.locale));
}

function sentence(logic: unknown, fact: Pick<Fact, 'values' | 'nodes'>, names: Names, w: Templates): string {
  const op = operatorOf(logic);
  const fallback = () => fill(w.condition, { s: renderCondition(logic) });
  if (op === undefined) return fallback();
  const args = operandsOf(logic as Record<string, unknown>, op);
  if (op === 'and' || op === 'or')
    return fill(op === 'and' ? w.all : w.any, { s: args.map((a) => sentence(a, fact, names, w)).join(w.parts) });
  if (op === '!' || op === 'not') return fill(w.not, { s: sentence(args[0], fact, names, w) });
  if (op === 'flag') {
    const [flag, id] = args;
    const where = id === undefined ? w.anywhere : names.title(String(id));
    return `${w.flags[flag as Flag] ?? String(flag)}: ${where}`;
  }
  if (op === '!!') {
    const read = readOf(args[0], fact, names, w);
    if (!read) return fallback();
    const value = read.kind === 'attribute' && read.value === '–' ? w.notRecorded : read.value;
    return `${read.subject}: ${value} — ${read.kind === 'attribute' ? w.recorded : w.hasValue}`;
  }
  if (op === 'in') {
    const read = readOf(args[0], fact, names, w);
    if (!read || !Array.isArray(args[1])) return fallback();
    const value = read.kind === 'attribute' && read.value === '–' ? w.notRecorded : read.value;
    return `${read.subject}: ${value} — ${fill(w.attribute.in, { v: args[1].map(read.literal).join(w.list) })}`;
  }
  if (COMPARE.has(op)) return comparison(relationOf(op), args, fact, names, w) ?? fallback();
  const read = readOf(logic, fact, names, w);
  return read ? `${read.subject}: ${read.value}` : fallback();
}

/** `subject: value — relation` for a chain of comparisons with one operand the profile gives, the rest literals. */
function comparison(op: Relation, args: unknown[], fact: Pick<Fact, 'values' | 'nodes'>, names: Names, w: Templates) {
  const at = args.findIndex((a) => operatorOf(a) !== undefined);
  if (at < 0 || args.some((a, i) => i !== at && operatorOf(a) !== undefined)) return undefined;
  const read = readOf(args[at], fact, names, w);
  if (!read) return undefined;
  const literal = (v: unknown) => (typeof v === 'number' && !read.categorical ? number(v) : read.literal(v));
  const bounds = [
    ...(at > 0 ? [fill(w.relation[FLIP[op]], { v: literal(args[at - 1]) })] : []),
    ...(at < args.length - 1 ? [fill(w.relation[op], { v: literal(args[at + 1]) })] : []),
  ];
  const relation =
    read.categorical && (op === '==' || op === '!=') && bounds.length === 1
      ? fill(w.attribute[op], { v: literal(args[at === 0 ? 1 : 0]) })
      : bounds.join(w.and);
  return `${read.kind === 'count' ? read.subject : `${read.subject}: ${read.value}`} — ${relation}`;
}

/** The name and value of an operand the profile gives: a node's reading, an attribute, or a count of a tier's nodes. */
function readOf(operand: unknown, fact: Pick<Fact, 'values' | 'nodes'>, names: Names, w: Templates): Read | undefined {
  const op = operatorOf(operand);
  if (op === undefined) return undefined;
  const args = operandsOf(operand as Record<string, unknown>, op);
  const value = fact.values[renderCondition(operand)];
  if ((NODE_OPERATORS as readonly string[]).includes(op)) {
    const id = String(args[0]);
    const subject =
      op === 'score' ? names.title(id) : fill(w.reading[op as keyof Templates['reading']], { node: names.title(id) });
    if (op === 'level') {
      const literal = (v: unknown) => names.levelLabel(id, v == null ? null : String(v));
      return { kind: 'node', categorical: true, subject, value: value == null ? w.noValue : literal(value), literal };
    }
    const shown =
      typeof value === 'number' ? number(value) : value == null ? (op === 'score' ? w.noScore : w.noValue) : String(value);
    return { kind: 'node', categorical: false, subject, value: shown, literal: String };
  }
  if (op === 'attribute') {
    const id = String(args[0]);
    const literal = (v: unknown) => names.attributeValue(id, v as string | number | boolean | null);
    return { kind: 'attribute', categorical: true, subject: names.attributeTitle(id), value: literal(value), literal };
  }
  return countOf(operand, value, fact.nodes, names, w);
}

/** `4 domains below 2.5: D1, D3, D4, D6`, from `{length: {filter: [{nodes: domain}, {"<": [{var: score}, 2.5]}]}}`. */
function countOf(operand: unknown, value: unknown, nodes: readonly string[] | undefined, names: Names, w: Templates) {
  if (operatorOf(operand) !== 'length') return undefined;
  const list = operandsOf(operand as Record<string, unknown>, 'length')[0];
  if (operatorOf(list) !== 'filter') return undefined;
  const [source, test] = operandsOf(list as Record<string, unknown>, 'filter');
  const op = operatorOf(test);
  if (operatorOf(source) !== 'nodes' || (op !== '<' && op !== '<=' && op !== '>' && op !== '>=')) return undefined;
  const [field, bound] = operandsOf(test as Record<string, unknown>, op);
  if (operatorOf(field) !== 'var' || typeof bound !== 'number') return undefined;
  const tier = String(operandsOf(source as Record<string, unknown>, 'nodes')[0]);
  const read = String(operandsOf(field as Record<string, unknown>, 'var')[0]);
  const predicate = fill(w.predicate[op], { v: number(bound) });
  if (read !== 'score') return undefined;
  const n = typeof value === 'number' ? value : null;
  const forms = w.tiers[tier];
  const head =
    n === null
      ? `${names.tierTitle(tier)} ${predicate}: ${w.noValue}`
      : forms
        ? `${counted(forms, n, names.locale)} ${predicate}`
        : `${names.tierTitle(tier)} ${predicate}: ${n}`;
  const listed = nodes?.length ? `: ${nodes.map(names.title).join(w.list)}` : '';
  return { kind: 'count' as const, categorical: false, subject: head + listed, value: '', literal: String };
}

/** One reason in words: what it is, what it did, and its conditions with the values read. */
export interface ReasonLine {
  holds: boolean;
  label: string;
  effect: string;
  facts: { holds: boolean; text: string }[];
}

/**
 * The reasons a report shows, in words: the rules and guards that held, the rules before the deciding one that
 * did not, and the waves guard. A rule or guard with its own `text` shows it (with `{value}` filled with the
 * values read) instead of the sentences generated from its condition.
 */
export function reasonLines(rec: Recommendation, policy: Policy, names: Names): ReasonLine[] {
  const w = templatesFor(names.locale);
  const decisive = rec.reasons.findIndex((r) => r.kind === 'rule' && r.id === rec.decidedBy);
  return rec.reasons
    .filter((r, i) => r.holds || r.kind === 'waves' || (r.kind === 'rule' && (decisive < 0 || i < decisive)))
    .map((r) => {
      const source = sourceOf(r, policy);
      const label = r.kind === 'default' ? w.defaultLabel : names.t(source?.title, r.id);
      const own = source?.text === undefined ? '' : names.t(source.text);
      const facts = own
        ? [
            {
              holds: r.holds,
              text: fill(own, { value: r.facts.flatMap((f) => Object.values(f.values).map(shownValue)).join(w.list) }),
            },
          ]
        : r.facts.map((f) => ({ holds: f.holds, text: factSentence(f, names) }));
      return { holds: r.holds, label, effect: effectOf(r, rec, policy, names, w), facts };
    });
}

const shownValue = (v: unknown) => (typeof v === 'number' ? number(v) : v == null ? '–' : String(v));

function sourceOf(r: Reason, policy: Policy): { title?: LocalizedText; text?: LocalizedText } | undefined {
  if (r.kind === 'rule') return policy.rules.find((x) => x.id === r.id);
  if (r.kind === 'guard' || r.kind === 'waves') return policy.guards.find((x) => x.id === r.id);
  return undefined;
}

const trackName = (policy: Policy, names: Names) => (id: string) => names.t(policy.tracks.find((x) => x.id === id)?.title, id);

/** What a reason did, in words (the Reason's `effect`, which is for machines, said again from the structure). */
function effectOf(r: Reason, rec: Recommendation, policy: Policy, names: Names, w: Templates): string {
  const track = trackName(policy, names);
  const measure = (id: string) => names.t(policy.measures.find((x) => x.id === id)?.title, id);
  if (r.kind === 'guard') {
    const guard = policy.guards.find((g): g is Extract<Guard, { kind: 'deny' }> => g.id === r.id && g.kind === 'deny');
    return r.holds && guard ? fill(w.deny, { t: guard.deny.map(track).join(w.list) }) : '';
  }
  if (r.kind === 'default') return rec.primary ? fill(w.byDefault, { t: track(policy.default?.primary ?? rec.primary) }) : '';
  if (r.kind === 'waves') return wavesSentence(r, rec, policy, names, w);
  const rule = policy.rules.find((x) => x.id === r.id);
  if (!rule || !r.holds) return '';
  const parts: string[] = [];
  const agrees = rule.primary === undefined || rule.primary === rec.primary;
  if (rule.id === rec.decidedBy && rule.primary) parts.push(fill(w.primary, { t: track(rule.primary) }));
  else if (rule.primary && deniedBy(rec, policy).has(rule.primary)) parts.push(fill(w.denied, { t: track(rule.primary) }));
  else if (!agrees && rule.primary) parts.push(fill(w.notChosen, { t: track(rule.primary) }));
  if (agrees) {
    for (const s of rule.secondary) parts.push(fill(w.secondary, { t: track(s) }));
    for (const m of rule.measures) parts.push(fill(w.measure, { t: measure(m) }));
  }
  return parts.join('; ');
}

/** The tracks the deny guards that held took out. */
const deniedBy = (rec: Recommendation, policy: Policy) =>
  new Set(
    rec.reasons.flatMap((r) => {
      const guard = r.kind === 'guard' && r.holds ? policy.guards.find((g) => g.id === r.id) : undefined;
      return guard?.kind === 'deny' ? guard.deny : [];
    }),
  );

/** The waves guard in words: the track kept and how many waves qualified, or the move made. */
function wavesSentence(r: Reason, rec: Recommendation, policy: Policy, names: Names, w: Templates): string {
  const track = trackName(policy, names);
  const guard = policy.guards.find((g) => g.id === r.id && g.kind === 'waves');
  const needed = guard?.kind === 'waves' ? guard.consecutiveWaves : rec.streak;
  const to = track(rec.qualified ?? '');
  if (!r.holds) return fill(w.moves, { to, waves: counted(w.waves, rec.streak, names.locale) });
  return fill(w.keeps, {
    from: track(rec.primary ?? ''),
    to,
    n: String(rec.streak),
    waves: counted(w.waves, needed, names.locale),
  });
}

/**
 * The track the capabilities alone qualify for, when it is not the one assigned, and what held it back: the
 * guards that denied it, or the waves guard. Empty when the assigned track is the qualified one.
 */
export function heldBack(rec: Recommendation, policy: Policy, names: Names): string[] {
  const w = templatesFor(names.locale);
  const wanted = rec.unguarded;
  if (wanted === null || wanted === rec.primary) return [];
  const track = trackName(policy, names);
  const why = rec.reasons.flatMap((r) => {
    if (!r.holds) return [];
    const guard = policy.guards.find((g) => g.id === r.id);
    if (r.kind === 'guard' && guard?.kind === 'deny' && guard.deny.includes(wanted)) return [names.t(guard.title, r.id)];
    if (r.kind === 'waves') return [`${names.t(guard?.title, r.id)} (${wavesSentence(r, rec, policy, names, w)})`];
    return [];
  });
  return [fill(w.qualifiesFor, { t: track(wanted) }), ...(why.length ? [fill(w.heldBack, { s: why.join(w.list) })] : [])];
}
