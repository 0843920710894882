import { stringify } from 'yaml';
import type { CompiledRubric } from '../rubric/compile.js';
import type { GroupNode, IndicatorNode, RubricNode, Scale } from '../rubric/model.js';
import { type LocalizedText, resolveText } from '../text/localized.js';

/** The special columns of mahvan's own export template, in order. */
export const TEMPLATE_COLUMNS = ['subject_id', 'subject_name', 'wave', 'respondent_id', 'role', 'submitted_at'] as const;

/** A sheet as rows of cells, for an XLSX writer. */
export type Sheet = readonly (readonly (string | number)[])[];

/** An XLSForm (the form format of KoboToolbox and ODK) as its three sheets. */
export interface XlsForm {
  survey: Sheet;
  choices: Sheet;
  settings: Sheet;
}

const LANGUAGE_NAMES: Record<string, string> = { he: 'Hebrew', ar: 'Arabic', en: 'English' };
const XML_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

/** The form field name of an indicator: its code or id when that is a valid XML name, else an underscored id. */
export function fieldName(indicator: IndicatorNode): string {
  for (const candidate of [indicator.code, indicator.id]) if (candidate && XML_NAME.test(candidate)) return candidate;
  const underscored = indicator.id.replace(/[.:-]/g, '_');
  return XML_NAME.test(underscored) ? underscored : `q_${underscored}`;
}

/** The mapping file that reads exports of the template (preset mahvan) or of the XLSForm (preset kobo). */
export function templateMapping(compiled: CompiledRubric, preset: 'mahvan' | 'kobo' = 'mahvan'): string {
  const { rubric } = compiled;
  const header = `# Mapping for ${preset === 'mahvan' ? 'the CSV template' : 'KoboToolbox / ODK exports of the XLSForm'} of the rubric ${rubric.id} ${rubric.version}, written by mahvan template.\n# Its JSON Schema is schema/mapping.schema.json in the mahvan package.\n`;
  return (
    header +
    stringify({
      'mahvan-mapping': 1,
      rubric: rubric.id,
      preset,
      columns:
        preset === 'mahvan'
          ? {
              subject: 'subject_id',
              subjectName: 'subject_name',
              wave: 'wave',
              respondent: 'respondent_id',
              role: 'role',
              timestamp: 'submitted_at',
            }
          : { subject: 'subject_id', subjectName: 'subject_name', wave: 'wave', respondent: 'respondent_id', role: 'role' },
      policies: { duplicates: 'latest', invalid: 'reject-row' },
    })
  );
}

/** An empty export to fill in: a UTF-8 header row (with a BOM, so spreadsheets show Hebrew and Arabic). */
export function templateCsv(compiled: CompiledRubric): string {
  // a fact-fed indicator is answered by the subjects file: nobody is asked it
  const header = [...TEMPLATE_COLUMNS, ...compiled.indicators.filter((i) => !i.fact).map((i) => i.id)];
  return `\ufeff${header.map(csvCell).join(',')}\r\n`;
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * An XLSForm for the rubric: one question per indicator (select_one for ordinal and yes/no scales, decimal for
 * numeric ones, select_multiple for checklists; "not applicable" as a choice where allowed), grouped by the
 * rubric's tree, labelled in every locale, plus the subject, wave and role questions the mapping reads.
 */
export function templateXlsForm(compiled: CompiledRubric): XlsForm {
  const { rubric } = compiled;
  const locales = rubric.locales;
  const labelColumns = locales.map((l) => `label::${LANGUAGE_NAMES[l] ?? l} (${l})`);
  const hintColumns = locales.map((l) => `hint::${LANGUAGE_NAMES[l] ?? l} (${l})`);
  const labels = (text: LocalizedText | undefined, fallback: string) =>
    locales.map((l) => (text === undefined ? fallback : resolveText(text, l, rubric.fallbacks[l] ?? [rubric.defaultLocale])));
  const survey: (string | number)[][] = [['type', 'name', ...labelColumns, ...hintColumns, 'required', 'constraint']];
  const choices: (string | number)[][] = [['list_name', 'name', ...labelColumns]];
  const blankHints = locales.map(() => '');
  const say = { he: 'מזהה הרשות', en: 'Subject (authority) id', ar: 'رمز السلطة' };
  survey.push(['text', 'subject_id', ...labels(say, 'subject_id'), ...blankHints, 'yes', '']);
  survey.push([
    'text',
    'subject_name',
    ...labels({ he: 'שם הרשות', en: 'Subject name', ar: 'اسم السلطة' }, 'subject_name'),
    ...blankHints,
    '',
    '',
  ]);
  survey.push([
    'text',
    'wave',
    ...labels({ he: 'גל / תקופה', en: 'Wave / period', ar: 'الجولة' }, 'wave'),
    ...blankHints,
    '',
    '',
  ]);
  survey.push([
    'text',
    'respondent_id',
    ...labels({ he: 'שם או דוא"ל של המשיב/ה', en: 'Your name or email', ar: 'الاسم أو البريد الإلكتروني' }, 'respondent_id'),
    ...blankHints,
    'yes',
    '',
  ]);
  if (rubric.roles.length > 0) {
    survey.push([
      'select_one roles',
      'role',
      ...labels({ he: 'תפקיד', en: 'Role', ar: 'الدور' }, 'role'),
      ...blankHints,
      'yes',
      '',
    ]);
    for (const role of rubric.roles) choices.push(['roles', role.id, ...labels(role.title, role.id)]);
  }
  const listed = new Set<string>();
  const listFor = (scale: Scale): string => {
    const list = `scale_${scale.name}`;
    if (listed.has(list)) return list;
    listed.add(list);
    for (const level of scale.levels) choices.push([list, level.key, ...labels(level.label, level.key)]);
    if (scale.notApplicable)
      choices.push([list, 'na', ...labels({ he: 'לא רלוונטי', en: 'Not applicable', ar: 'غير ذي صلة' }, 'na')]);
    return list;
  };
  const visit = (node: RubricNode) => {
    if (node.kind === 'group') {
      survey.push(['begin_group', groupName(node), ...labels(node.title, node.id), ...blankHints, '', '']);
      node.children.forEach(visit);
      survey.push(['end_group', '', ...locales.map(() => ''), ...blankHints, '', '']);
      return;
    }
    if (node.fact) return;
    const scale = rubric.scales[node.scale] as Scale;
    const name = fieldName(node);
    const question = labels(node.question ?? node.title, node.id);
    const hints = locales.map((l) => {
      const d = Object.entries(node.descriptors).map(
        ([k, t]) => `${k}: ${resolveText(t, l, rubric.fallbacks[l] ?? [rubric.defaultLocale])}`,
      );
      return d.join(' | ');
    });
    if (scale.type === 'numeric') {
      const n = scale.numeric!;
      survey.push(['decimal', name, ...question, ...hints, '', `. >= ${n.min} and . <= ${n.max}`]);
    } else if (scale.type === 'checklist') {
      survey.push([`select_multiple ${listFor(scale)}`, name, ...question, ...hints, '', '']);
    } else {
      survey.push([`select_one ${listFor(scale)}`, name, ...question, ...hints, '', '']);
    }
  };
  rubric.nodes.forEach(visit);
  const settings = [
    ['form_title', 'form_id', 'version', 'default_language'],
    [
      resolveText(rubric.title, rubric.defaultLocale),
      rubric.id.replace(/[^A-Za-z0-9_]/g, '_'),
      rubric.version,
      `${LANGUAGE_NAMES[rubric.defaultLocale] ?? rubric.defaultLocale} (${rubric.defaultLocale})`,
    ],
  ];
  return { survey, choices, settings };
}

function groupName(node: GroupNode): string {
  const n = node.id.replace(/[.:-]/g, '_');
  return XML_NAME.test(n) ? n : `g_${n}`;
}
