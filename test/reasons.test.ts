// Reasons in words: every kind of condition said as a sentence in he, ar and en, worked out by hand; the
// reports of bundled authorities in Hebrew and Arabic carry no condition code.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Assessment,
  type CompiledRubric,
  formatRecommendation,
  loadPolicy,
  type Policy,
  type Profile,
  recommend,
  renderCondition,
  renderSubjectReport,
  scoreAssessment,
} from '../src/index.js';
import { traceCondition } from '../src/policy/logic.js';
import { conditionSentence, factSentence, rubricNames } from '../src/policy/sentences.js';
import { wordsFor } from '../src/report/text.js';
import { runCli } from './helpers/cli.js';
import { ROOT, readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const reference = mustLoad(readRepoFile('rubrics', 'il-local-authority-capability.yaml'));
const namesIn = (rubric: CompiledRubric, locale: string) => rubricNames(rubric, locale, [], wordsFor(locale).overall);
const say = (locale: string, logic: unknown, values: Record<string, unknown>, nodes?: string[], error?: string) =>
  factSentence(
    { condition: renderCondition(logic), logic, holds: true, values, ...(nodes ? { nodes } : {}), ...(error ? { error } : {}) },
    namesIn(reference, locale),
  );

const D1 = {
  he: 'מיצוי משאבים לאורך שלבי התהליך',
  ar: 'استنفاد الموارد عبر مراحل العملية',
  en: 'Resource utilisation across the process stages',
};
const D3 = {
  he: 'ניהול, אוטונומיה ניהולית ושותפות בקבלת החלטות',
  ar: 'الإدارة والاستقلالية الإدارية والشراكة في اتخاذ القرار',
  en: 'Management, managerial autonomy and partnership in decision-making',
};
const FIN = { he: 'ניהול פיננסי ויציבות', ar: 'الإدارة المالية والاستقرار المالي', en: 'Financial management and stability' };
const weakDomains = { length: { filter: [{ nodes: 'domain' }, { '<': [{ var: 'score' }, 2.5] }] } };
const COUNT = renderCondition(weakDomains);

type Case = [string, unknown, Record<string, unknown>, string[] | undefined, { he: string; ar: string; en: string }];
const CASES: Case[] = [
  [
    'a score at most a value',
    { '<=': [{ score: 'MG.FIN' }, 1.5] },
    { 'score(MG.FIN)': 1.25 },
    undefined,
    {
      he: `${FIN.he}: 1.25 — לא יותר מ-1.5`,
      ar: `${FIN.ar}: 1.25 — لا يزيد على 1.5`,
      en: `${FIN.en}: 1.25 — at most 1.5`,
    },
  ],
  [
    'a chain with the literal first (between)',
    { '<=': [1, { score: 'D1' }, 2] },
    { 'score(D1)': 1.5 },
    undefined,
    {
      he: `${D1.he}: 1.5 — לפחות 1 וגם לא יותר מ-2`,
      ar: `${D1.ar}: 1.5 — لا يقل عن 1 ولا يزيد على 2`,
      en: `${D1.en}: 1.5 — at least 1 and at most 2`,
    },
  ],
  [
    'the overall score below a value',
    { '<': [{ score: 'overall' }, 2] },
    { 'score(overall)': 1.8 },
    undefined,
    { he: 'ציון כולל: 1.8 — פחות מ-2', ar: 'الدرجة الكلية: 1.8 — أقل من 2', en: 'Overall: 1.8 — below 2' },
  ],
  [
    'a node without a score',
    { '>=': [{ score: 'D1' }, 3.5] },
    { 'score(D1)': null },
    undefined,
    { he: `${D1.he}: אין ציון — לפחות 3.5`, ar: `${D1.ar}: لا درجة — لا يقل عن 3.5`, en: `${D1.en}: no score — at least 3.5` },
  ],
  [
    'confidence in a node',
    { '>=': [{ confidence: 'D1' }, 0.7] },
    { 'confidence(D1)': 0.65 },
    undefined,
    {
      he: `${D1.he}, רמת ביטחון: 0.65 — לפחות 0.7`,
      ar: `${D1.ar}، مستوى الثقة: 0.65 — لا يقل عن 0.7`,
      en: `${D1.en}, confidence: 0.65 — at least 0.7`,
    },
  ],
  [
    'change since the last wave, negative',
    { '<=': [{ change: 'MG.FIN' }, -1] },
    { 'change(MG.FIN)': -1.25 },
    undefined,
    {
      he: `${FIN.he}, שינוי מאז הסבב הקודם: −1.25 — לא יותר מ-−1`,
      ar: `${FIN.ar}، التغيّر منذ الجولة السابقة: −1.25 — لا يزيد على −1`,
      en: `${FIN.en}, change since the previous wave: −1.25 — at most −1`,
    },
  ],
  [
    "a node's level, by the levels' labels",
    { '==': [{ level: 'D1' }, 'high'] },
    { 'level(D1)': 'solid' },
    undefined,
    {
      he: `${D1.he}, רמה: מבוסס — נדרש: גבוה`,
      ar: `${D1.ar}، المستوى: متين — المطلوب: مرتفع`,
      en: `${D1.en}, level: Solid — must be High`,
    },
  ],
  [
    'an attribute equal to a value, by their labels',
    { '==': [{ attribute: 'supervision' }, 'none'] },
    { 'attribute(supervision)': 'recovery-plan' },
    undefined,
    {
      he: 'מצב פיקוח: תוכנית הבראה — נדרש: ללא',
      ar: 'وضع الرقابة: خطة إشفاء — المطلوب: بدون',
      en: 'Supervision status: Recovery plan — must be None',
    },
  ],
  [
    'an attribute other than a value',
    { '!=': [{ attribute: 'supervision' }, 'appointed-committee'] },
    { 'attribute(supervision)': 'none' },
    undefined,
    {
      he: 'מצב פיקוח: ללא — נדרש שלא יהיה: ועדה קרואה',
      ar: 'وضع الرقابة: بدون — يجب ألّا يكون: لجنة معيّنة',
      en: 'Supervision status: None — must not be Appointed committee',
    },
  ],
  [
    'an attribute in a list',
    { in: [{ attribute: 'supervision' }, ['recovery-plan', 'appointed-committee']] },
    { 'attribute(supervision)': 'none' },
    undefined,
    {
      he: 'מצב פיקוח: ללא — נדרש אחד מאלה: תוכנית הבראה, ועדה קרואה',
      ar: 'وضع الرقابة: بدون — المطلوب أحد الآتي: خطة إشفاء، لجنة معيّنة',
      en: 'Supervision status: None — must be one of: Recovery plan, Appointed committee',
    },
  ],
  [
    'an attribute that must be recorded (!!), missing',
    { '!!': [{ attribute: 'regionalCluster' }] },
    { 'attribute(regionalCluster)': null },
    undefined,
    {
      he: 'אשכול אזורי: לא רשום — נדרש שיהיה רשום',
      ar: 'العنقود الإقليمي: غير مسجَّل — يجب أن يكون مسجَّلًا',
      en: 'Regional cluster: not recorded — must be recorded',
    },
  ],
  [
    'a count of domains below a value, naming them',
    { '>=': [weakDomains, 4] },
    { [COUNT]: 2 },
    ['D1', 'D3'],
    {
      he: `שני תחומים מתחת ל-2.5: ${D1.he}, ${D3.he} — לפחות 4`,
      ar: `مجالان بدرجة أقل من 2.5: ${D1.ar}، ${D3.ar} — لا يقل عن 4`,
      en: `2 domains below 2.5: ${D1.en}, ${D3.en} — at least 4`,
    },
  ],
  [
    'no domain below a value',
    { '==': [weakDomains, 0] },
    { [COUNT]: 0 },
    [],
    {
      he: 'אין תחום מתחת ל-2.5 — שווה ל-0',
      ar: 'لا مجالات بدرجة أقل من 2.5 — يساوي 0',
      en: 'no domains below 2.5 — equal to 0',
    },
  ],
  [
    'a flag on a node',
    { flag: ['disagreement', 'D1'] },
    {},
    undefined,
    { he: `המשיבים חלוקים: ${D1.he}`, ar: `المجيبون مختلفون: ${D1.ar}`, en: `Respondents disagree: ${D1.en}` },
  ],
  [
    'a flag anywhere',
    { flag: 'missing-evidence' },
    {},
    undefined,
    {
      he: 'אין אסמכתא לתשובה גבוהה: במקום כלשהו בפרופיל',
      ar: 'لا دليل لإجابة مرتفعة: في أي موضع من الملف',
      en: 'No evidence for a high answer: anywhere in the profile',
    },
  ],
  [
    'not',
    { '!': { '<': [{ score: 'overall' }, 2] } },
    { 'score(overall)': 2.4 },
    undefined,
    {
      he: 'נדרש שלא יתקיים: ציון כולל: 2.4 — פחות מ-2',
      ar: 'يجب ألّا يتحقّق: الدرجة الكلية: 2.4 — أقل من 2',
      en: 'Must not hold: Overall: 2.4 — below 2',
    },
  ],
  [
    'or of two comparisons',
    { or: [{ '<': [{ score: 'D1' }, 2] }, { '<': [{ score: 'D3' }, 2] }] },
    { 'score(D1)': 2.5, 'score(D3)': 1.5 },
    undefined,
    {
      he: `אחד מאלה לפחות: ${D1.he}: 2.5 — פחות מ-2; ${D3.he}: 1.5 — פחות מ-2`,
      ar: `واحد ممّا يلي على الأقل: ${D1.ar}: 2.5 — أقل من 2؛ ${D3.ar}: 1.5 — أقل من 2`,
      en: `Any of: ${D1.en}: 2.5 — below 2; ${D3.en}: 1.5 — below 2`,
    },
  ],
  [
    'and of an attribute and a score',
    { and: [{ '==': [{ attribute: 'supervision' }, 'none'] }, { '>=': [{ score: 'MG.FIN' }, 3] }] },
    { 'attribute(supervision)': 'none', 'score(MG.FIN)': 3.25 },
    undefined,
    {
      he: `כל אלה: מצב פיקוח: ללא — נדרש: ללא; ${FIN.he}: 3.25 — לפחות 3`,
      ar: `كل ما يلي: وضع الرقابة: بدون — المطلوب: بدون؛ ${FIN.ar}: 3.25 — لا يقل عن 3`,
      en: `All of: Supervision status: None — must be None; ${FIN.en}: 3.25 — at least 3`,
    },
  ],
];

describe('each kind of condition as a sentence in he, ar and en', () => {
  it.each(
    CASES.flatMap(([name, logic, values, nodes, expected]) =>
      (['he', 'ar', 'en'] as const).map(
        (locale) => [`${name} (${locale})`, locale, logic, values, nodes, expected[locale]] as const,
      ),
    ),
  )('%s', (_, locale, logic, values, nodes, expected) => {
    expect(say(locale, logic, values, nodes)).toBe(expected);
  });

  it('says when a condition could not be evaluated, in the language', () => {
    const logic = { '<': [{ score: 'D1' }, 2] };
    expect(say('he', logic, { 'score(D1)': null }, undefined, 'a value is not a number')).toBe(
      `${D1.he}: אין ציון — פחות מ-2 (לא ניתן לחשב)`,
    );
    expect(say('ar', logic, { 'score(D1)': null }, undefined, 'a value is not a number')).toBe(
      `${D1.ar}: لا درجة — أقل من 2 (تعذّر الحساب)`,
    );
  });

  it('a whole condition can be said without the values read', () => {
    expect(conditionSentence({ '<=': [{ score: 'MG.FIN' }, 1.5] }, namesIn(reference, 'en'))).toBe(
      `${FIN.en}: no score — at most 1.5`,
    );
  });
});

describe('counts follow the plural rules of each language (Intl.PluralRules)', () => {
  // Arabic: 0 zero, 1 one, 2 two, 3–10 few, 11–99 many, 100 other; Hebrew: one, two, other; English: one, other
  it.each([
    ['ar', 0, 'لا مجالات'],
    ['ar', 1, 'مجال واحد'],
    ['ar', 2, 'مجالان'],
    ['ar', 3, '3 مجالات'],
    ['ar', 11, '11 مجالًا'],
    ['ar', 100, '100 مجال'],
    ['he', 0, 'אין תחום'],
    ['he', 1, 'תחום אחד'],
    ['he', 2, 'שני תחומים'],
    ['he', 5, '5 תחומים'],
    ['en', 0, 'no domains'],
    ['en', 1, '1 domain'],
    ['en', 3, '3 domains'],
  ])('%s %i', (locale, n, words) => {
    const sentence = say(locale, { '>=': [weakDomains, 1] }, { [COUNT]: n }, []);
    expect(sentence.startsWith(`${words} `)).toBe(true);
  });

  it('another tier has its own nouns (capabilities in Arabic: two)', () => {
    const logic = { '>=': [{ length: { filter: [{ nodes: 'capability' }, { '<': [{ var: 'score' }, 2] }] } }, 1] };
    expect(say('ar', logic, { [renderCondition(logic['>='][0])]: 2 }, [])).toBe('قدرتان بدرجة أقل من 2 — لا يقل عن 1');
  });
});

// the tiny rubric of the policy tests, in he and en, with a policy whose rules and guards have titles
const tiny = mustLoad(readRepoFile('test', 'fixtures', 'policy', 'rubric.yaml'));
const tinyPolicy = (extra = ''): Policy => {
  const text = `mahvan-policy: 1
id: p
version: "1"
title: t
rubric: tiny
tracks:
  - {id: STABILIZE, title: {he: ייצוב, en: Stabilise}}
  - {id: PEERS, title: {he: עמיתים, en: Peers}}
  - {id: FLEX, title: {he: גמישות, en: Flexibility}}
rules:
  - id: stabilize
    title: {he: ייצוב תחילה, en: Stabilise first}
    when: {"<=": [{score: FIN}, 1]}
    primary: STABILIZE${extra}
  - id: flexibility
    title: {he: גמישות, en: Flexibility}
    when: {">=": [{score: overall}, 4]}
    primary: FLEX
  - id: weak
    when: {">=": [{length: {filter: [{nodes: domain}, {"<": [{var: score}, 2.5]}]}}, 1]}
    primary: PEERS
default: {primary: PEERS}
guards:
  - id: low-confidence
    title: {he: ודאות נמוכה אינה מעניקה גמישות, en: Low confidence never grants flexibility}
    when: {"<": [{confidence: overall}, 0.5]}
    deny: [FLEX]
  - id: two-waves
    title: {he: שני סבבים רצופים, en: Two consecutive waves}
    consecutiveWaves: 2
`;
  const result = loadPolicy(text, tiny, { file: 'p.yaml' });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.code).join(', '));
  return result.policy;
};
const profileOf = (answers: Record<string, number>[], wave?: string): Profile => {
  const assessment: Assessment = {
    subject: { id: 'a1' },
    ...(wave ? { wave } : {}),
    respondents: answers.map((a, i) => ({ id: `r${i}`, answers: a })),
  };
  return scoreAssessment(tiny, assessment);
};

describe('facts carry their condition and what a count counted', () => {
  it('a count over a tier keeps the nodes it counted, in rubric order', () => {
    // D1 = mean(FIN 1, CTRL 2) = 1.5, D2 = HR 2: both below 2.5
    const profile = profileOf([{ FIN: 1, CTRL: 2, HR: 2 }]);
    const logic = { '>=': [weakDomains, 1] };
    const { facts } = traceCondition(tinyPolicy().engine, logic, { profile });
    expect(facts).toEqual([
      { condition: renderCondition(logic), logic, holds: true, values: { [COUNT]: 2 }, nodes: ['D1', 'D2'] },
    ]);
    expect(factSentence(facts[0] as never, namesIn(tiny, 'en'))).toBe('2 domains below 2.5: Finance, People — at least 1');
  });
});

describe('the qualified track beside the assigned one, and what held it back', () => {
  // FIN and CTRL 5 but spread 4 levels: confidence 0.25 overall; overall 5 qualifies for FLEX, the guard denies it
  const unsure = profileOf([
    { FIN: 5, CTRL: 5 },
    { FIN: 5, CTRL: 1 },
    { FIN: 1, CTRL: 5 },
  ]);

  it('a guard that denied it', () => {
    const policy = tinyPolicy();
    const rec = recommend(unsure, policy);
    expect([rec.unguarded, rec.primary]).toEqual(['FLEX', 'PEERS']);
    expect(formatRecommendation(rec, policy, 'he')).toContain(
      '  היכולות לבדן מזכות במסלול: גמישות\n  מה מנע זאת: ודאות נמוכה אינה מעניקה גמישות\n',
    );
    expect(formatRecommendation(rec, policy, 'en')).toContain(
      '  The capabilities alone qualify for: Flexibility\n  Held back by: Low confidence never grants flexibility\n',
    );
  });

  it('the subject report shows it beside the assigned track', () => {
    const policy = tinyPolicy();
    const rec = recommend(unsure, policy);
    const html = renderSubjectReport({ rubric: tiny, profile: unsure, recommendation: rec, policy, locale: 'he' });
    expect(html).toContain(
      '<p><span class="track">עמיתים</span></p>\n<p class="held">היכולות לבדן מזכות במסלול: גמישות</p>\n<p class="held">מה מנע זאת: ודאות נמוכה אינה מעניקה גמישות</p>\n',
    );
    expect(html).toContain('<li class="holds">✓ ודאות נמוכה אינה מעניקה גמישות — חוסם את המסלול: גמישות<ul>');
  });

  it('the two-wave rule', () => {
    const policy = tinyPolicy();
    const strong = { FIN: 5, CTRL: 5, HR: 5 };
    const first = recommend(profileOf([{ FIN: 1, CTRL: 3, HR: 3 }], '1'), policy);
    const second = recommend(profileOf([strong], '2'), policy, { previous: { recommendation: first } });
    expect([second.qualified, second.primary]).toEqual(['FLEX', 'STABILIZE']);
    expect(formatRecommendation(second, policy, 'he')).toContain(
      '  מה מנע זאת: שני סבבים רצופים (המסלול הקודם נשמר (ייצוב): הזכאות למסלול "גמישות" התקיימה ב-1 מתוך שני סבבים רצופים)\n',
    );
    expect(formatRecommendation(second, policy, 'en')).toContain(
      '  Held back by: Two consecutive waves (stays in Stabilise: Flexibility qualified in 1 of 2 consecutive waves)\n',
    );
    const third = recommend(profileOf([strong], '3'), policy, { previous: { recommendation: second } });
    expect(formatRecommendation(third, policy, 'en')).toContain(
      '    ✗ Two consecutive waves — moves to Flexibility after 2 consecutive waves',
    );
  });
});

describe("a policy's own wording", () => {
  it('is shown instead of the generated sentence, with {value} filled in', () => {
    const policy = tinyPolicy('\n    text: {he: "ציון הכספים {value} נמוך מדי", en: "Finance at {value} is too low"}');
    const rec = recommend(profileOf([{ FIN: 1, CTRL: 4, HR: 4 }]), policy);
    expect(formatRecommendation(rec, policy, 'he')).toContain(
      '    ✓ ייצוב תחילה — מסלול ראשי: ייצוב\n        ✓ ציון הכספים 1 נמוך מדי',
    );
    expect(formatRecommendation(rec, policy, 'en')).toContain(
      '    ✓ Stabilise first — primary track: Stabilise\n        ✓ Finance at 1 is too low',
    );
  });
});

describe('the Hebrew and Arabic outputs of the main job have no condition code', () => {
  // one authority per track of the bundled 2026 wave (T2, T5, T3, T1, T4, T0), scored as `npm start` does
  const chosen = ['LA-001', 'LA-002', 'LA-003', 'LA-004', 'LA-018', 'LA-048'];
  const out = mkdtempSync(join(tmpdir(), 'mahvan-reasons-'));
  const rubric = 'rubrics/il-local-authority-capability.yaml';
  const policy = 'policies/il-engagement.yaml';
  const CODE = /[A-Za-z]|<=|>=|≤|≥|score\(|[{}]/;

  const scored = (async () => {
    const lines = readFileSync(join(ROOT, 'examples', 'data', 'survey-export-2026.csv'), 'utf8').split('\n');
    const rows = lines.filter((line, i) => i === 0 || chosen.some((id) => line.includes(`,${id},`)));
    writeFileSync(join(out, 'export.csv'), `${rows.join('\n')}\n`);
    const profiles = join(out, 'profiles.json');
    const common = ['--rubric', rubric, '--mapping', 'examples/mapping.yaml'];
    const subjects = ['--subjects', 'examples/data/subjects.csv', '--subjects-year', '2025'];
    const score = await runCli(['score', ...common, ...subjects, join(out, 'export.csv'), '-o', profiles]);
    expect(score.status, score.stderr).toBe(0);
    const recs = join(out, 'recs.json');
    const recommendation = await runCli(['recommend', '--rubric', rubric, '--policy', policy, profiles, '-o', recs]);
    expect(recommendation.status, recommendation.stderr).toBe(0);
    return { profiles, recs };
  })();

  it.each(['he', 'ar'])('the subject reports in %s say every reason in words', async (locale) => {
    const { profiles, recs } = await scored;
    const dir = join(out, locale);
    const args = ['report', '--rubric', rubric, '--policy', policy, '--recommendations', recs, profiles, '-o', dir];
    const report = await runCli([...args, '--locale', locale, '--synthetic']);
    expect(report.status, report.stderr).toBe(0);
    const tracks = new Set<string>();
    for (const id of chosen) {
      const html = readFileSync(join(dir, 'subjects', `${id}.html`), 'utf8');
      const section = html.match(/<ul class="reasons">([\s\S]*?)<\/ul><\/section>/)?.[1] ?? '';
      const facts = [...section.matchAll(/<li class="(?:holds|fails)">[✓✗] ([^<]*)<\/li>/g)].map((m) =>
        (m[1] as string).replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&'),
      );
      expect(facts.length, id).toBeGreaterThan(0);
      for (const fact of facts) expect(fact, `${id}: ${fact}`).not.toMatch(CODE);
      // nor anywhere in the engagement: tracks, measures, focus, levers, what held a track back
      const engagement = html.match(/<section class="engagement">[\s\S]*?<\/section>/)?.[0] ?? '';
      const words = engagement
        .replace(/<[^>]+>/g, ' ')
        .replaceAll('&quot;', '"')
        .replaceAll('&#39;', "'");
      expect(words.replaceAll('&amp;', '&'), id).not.toMatch(/[A-Za-z]|<=|>=|≤|≥|score\(/);
      tracks.add(html.match(/<span class="track">([^<]*)/)?.[1] ?? '');
    }
    expect(tracks.size).toBe(chosen.length);
  });

  it('the text output in Arabic says the reasons in Arabic', async () => {
    const { profiles } = await scored;
    const text = await runCli([
      'recommend',
      '--rubric',
      rubric,
      '--policy',
      policy,
      '--format',
      'text',
      '--locale',
      'ar',
      profiles,
    ]);
    expect(text.status, text.stderr).toBe(0);
    const facts = text.stdout.split('\n').filter((line) => /^ {8}[✓✗] /.test(line));
    expect(facts.length).toBeGreaterThan(chosen.length);
    for (const fact of facts) expect(fact).not.toMatch(CODE);
    expect(text.stdout).toContain('  الأسباب:\n');
  });
});
