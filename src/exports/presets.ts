import type { Preset } from './mapping-schema.js';
import type { NumberFormat } from './numbers.js';
import type { TimestampOrder } from './timestamps.js';

/** What mahvan knows of one survey tool's export layout, written from the tool's documented format. */
export interface PresetDefinition {
  id: Preset;
  /** Rows of header at the top of the export. */
  headerRows: number;
  /** Header texts that usually hold each special column (compared without case or direction marks). */
  columns: {
    subject: string[];
    subjectName: string[];
    respondent: string[];
    role: string[];
    timestamp: string[];
    wave: string[];
  };
  /** How columns are matched to indicators, in order. */
  match: readonly ('id' | 'code' | 'question')[];
  /** The question codes a column may stand for, most specific first. */
  codes(headers: readonly string[]): string[];
  /** The question texts a column may stand for, most specific first. */
  questions(headers: readonly string[]): string[];
  /** A column that holds one option of a checklist question, as code and option. */
  optionColumn?(headers: readonly string[]): { code: string; option: string } | undefined;
  /** How a multiple-choice cell separates the options chosen. */
  separator: RegExp;
  /** How the tool writes numbers, when it writes them itself (validated input, not text a respondent typed). */
  numbers?: NumberFormat;
  /** Metadata columns the tool adds, which are neither answers nor unknown. */
  metadata: readonly string[];
  /** How the tool writes the dates of its timestamps; none when it depends on the user's locale. */
  timestamps?: TimestampOrder;
}

const SUBJECT = ['subject_id', 'subject', 'authority_id', 'מזהה רשות', 'קוד רשות', 'رمز السلطة'];
const ROLE = ['role', 'respondent_role', 'תפקיד', 'الوظيفة', 'الدور'];
const WAVE = ['wave', 'גל', 'الجولة'];
const NAME = ['subject_name', 'שם הרשות', 'اسم السلطة'];
const base = { subjectName: NAME, role: ROLE, wave: WAVE };
const bracket = /^(.*?)\s*\[([^\]]+)\]\s*$/;

export const PRESET_DEFINITIONS: Readonly<Record<Preset, PresetDefinition>> = {
  /** mahvan's own template: one column per indicator id, plus subject, respondent, role, timestamp and wave. */
  mahvan: {
    id: 'mahvan',
    headerRows: 1,
    columns: { ...base, subject: SUBJECT, respondent: ['respondent_id', 'respondent'], timestamp: ['submitted_at', 'timestamp'] },
    match: ['id', 'code', 'question'],
    codes: ([h]) => [h ?? ''],
    questions: ([h]) => [h ?? ''],
    separator: /\s*;\s*/,
    metadata: [],
    // the template's submitted_at: 2026-03-01 10:00:00
    timestamps: 'iso',
  },
  /** Google Forms (Sheets or CSV download): Timestamp first, question texts as headers, grid rows as `Question [Row]`, answers as label text, checkboxes joined by ", ". */
  'google-forms': {
    id: 'google-forms',
    headerRows: 1,
    columns: {
      ...base,
      subject: SUBJECT,
      respondent: ['email address', 'email', 'כתובת אימייל', 'عنوان البريد الإلكتروني'],
      timestamp: ['timestamp', 'חותמת זמן', 'الطابع الزمني'],
    },
    match: ['question', 'code', 'id'],
    codes: ([h]) => [h ?? ''],
    questions: ([h]) => {
      const m = bracket.exec(h ?? '');
      return m ? [m[2] as string, h as string] : [h ?? ''];
    },
    separator: /\s*,\s+/,
    metadata: ['score'],
    // no timestamps: a sheet writes its Timestamp column in the sheet's locale (3/1/2026 10:00:00 in the US,
    // 01/03/2026 10:00:00 in Israel), so the mapping says which
  },
  /** Qualtrics CSV: three header rows (export tags, question texts, ImportId JSON); matrix rows as `Q5_1`; choices as labels, several joined by ",". */
  qualtrics: {
    id: 'qualtrics',
    headerRows: 3,
    columns: {
      ...base,
      subject: [...SUBJECT, 'externalreference', 'externaldatareference'],
      respondent: ['recipientemail', 'responseid'],
      timestamp: ['recordeddate', 'enddate'],
    },
    match: ['code', 'id', 'question'],
    codes: ([tag, , importId]) => {
      const id = /"ImportId"\s*:\s*"([^"]+)"/.exec(importId ?? '')?.[1];
      return [tag ?? '', ...(id ? [id] : [])];
    },
    questions: ([, text]) => {
      const t = text ?? '';
      const i = t.lastIndexOf(' - ');
      return i > 0 ? [t.slice(i + 3), t] : [t];
    },
    separator: /\s*,\s*/,
    metadata: [
      'startdate',
      'enddate',
      'status',
      'ipaddress',
      'progress',
      'duration (in seconds)',
      'finished',
      'recordeddate',
      'recipientlastname',
      'recipientfirstname',
      'recipientemail',
      'locationlatitude',
      'locationlongitude',
      'distributionchannel',
      'userlanguage',
    ],
    // RecordedDate: 2026-03-01 14:05:33, in the time zone its ImportId row names
    timestamps: 'iso',
  },
  /** KoboToolbox / ODK: XML names with group paths (`group/question`), select_multiple as space-separated names plus one 0/1 column per option, `_uuid` and `_submission_time`. */
  kobo: {
    id: 'kobo',
    headerRows: 1,
    columns: {
      ...base,
      subject: SUBJECT,
      respondent: ['respondent_id', '_submitted_by', '_uuid'],
      timestamp: ['_submission_time', 'end'],
    },
    match: ['code', 'id', 'question'],
    codes: ([h]) => {
      const path = h ?? '';
      const last = path.split('/').pop() ?? path;
      return last === path ? [path] : [last, path];
    },
    questions: ([h]) => [h ?? ''],
    optionColumn: ([h]) => {
      const parts = (h ?? '').split('/');
      return parts.length >= 2
        ? { code: parts[parts.length - 2] as string, option: parts[parts.length - 1] as string }
        : undefined;
    },
    separator: /\s+/,
    // integer and decimal questions are validated on entry and exported as the form stores them
    numbers: { decimal: '.', thousands: '' },
    metadata: [
      'start',
      'end',
      'today',
      'deviceid',
      'username',
      'audit',
      '_id',
      '_index',
      '_status',
      '_submitted_by',
      '__version__',
      '_validation_status',
      '_notes',
      '_tags',
      '_parent_index',
      '_parent_table_name',
      '_submission__id',
      'formhub/uuid',
      'meta/instanceid',
      'meta/rootuuid',
      '_attachments',
      '_geolocation',
      '_xform_id_string',
    ],
    // _submission_time: 2026-03-01T14:05:33 (UTC); start and end: ISO 8601 with an offset
    timestamps: 'iso',
  },
  /** LimeSurvey (question codes): `Q1`, array subquestions as `Q1[SQ001]`, multiple choice as one `Q1[opt]` column per option holding "Y". */
  limesurvey: {
    id: 'limesurvey',
    headerRows: 1,
    columns: { ...base, subject: SUBJECT, respondent: ['token', 'id'], timestamp: ['submitdate', 'datestamp'] },
    match: ['code', 'id', 'question'],
    codes: ([h]) => {
      const m = bracket.exec(h ?? '');
      return m ? [h as string, m[2] as string, `${m[1]}_${m[2]}`] : [h ?? ''];
    },
    questions: ([h]) => [h ?? ''],
    optionColumn: ([h]) => {
      const m = bracket.exec(h ?? '');
      return m ? { code: m[1] as string, option: m[2] as string } : undefined;
    },
    separator: /\s*;\s*/,
    // numerical input questions are validated on entry and exported as the database stores them
    numbers: { decimal: '.', thousands: '' },
    metadata: ['lastpage', 'startlanguage', 'seed', 'startdate', 'datestamp', 'ipaddr', 'refurl', 'token', 'submitdate'],
    // submitdate: 2026-03-01 14:05:33
    timestamps: 'iso',
  },
};

/** A Qualtrics response id, as its ResponseId column holds one: `R_` and letters and digits (fifteen, as issued). */
const RESPONSE_ID = /^R_[A-Za-z0-9]+$/;
/** A cell of Qualtrics' third header row: `{"ImportId":"QID5_1"}`. */
const IMPORT_ID = /^\{\s*"ImportId"\s*:/;
/** Metadata columns' texts in the question-text row, where they are not their tags spaced out (Status → Response Type). */
const METADATA_TEXTS: Readonly<Record<string, string>> = {
  status: 'responsetype',
  externalreference: 'externaldatareference',
  externaldatareference: 'externaldatareference',
};
const compact = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The header of a Qualtrics export as told from its first rows: how many rows, and what each after the first is. */
export interface QualtricsHeader {
  rows: number;
  kinds: ('question texts' | 'ImportIds')[];
}

/**
 * The header rows of a Qualtrics export, from its first rows (up to three). Its own exports have three (export
 * tags, question texts, ImportIds), legacy ones two, and one cleaned in a spreadsheet often keeps only the
 * first. A row is taken for header only on evidence in its own cells: ImportId JSON, or the question texts
 * Qualtrics gives its metadata columns ("Start Date", "Response ID"), or being the row above the ImportIds; a row
 * whose ResponseId is a response id never is. Without evidence a row is a response: read, and accounted for.
 */
export function readQualtricsHeader(first: readonly (readonly string[])[]): QualtricsHeader {
  const tags = first[0] ?? [];
  const responseId = tags.findIndex((h) => compact(h) === 'responseid');
  const isResponse = (cells: readonly string[]) => responseId >= 0 && RESPONSE_ID.test((cells[responseId] ?? '').trim());
  const kinds: QualtricsHeader['kinds'] = [];
  for (let i = 1; i < Math.min(first.length, 3); i++) {
    const cells = first[i] as readonly string[];
    if (isResponse(cells)) break;
    if (isImportIds(cells)) {
      kinds.push('ImportIds');
      break;
    }
    const next = first[i + 1];
    const above = next !== undefined && !isResponse(next) && isImportIds(next);
    if (i > 1 || !(above || isQuestionTexts(tags, cells))) break;
    kinds.push('question texts');
  }
  return { rows: kinds.length + 1, kinds };
}

/** How many header rows a Qualtrics export has (see readQualtricsHeader). */
export function qualtricsHeaderRows(first: readonly (readonly string[])[]): number {
  return readQualtricsHeader(first).rows;
}

/** Most of a row's cells are ImportId JSON. */
function isImportIds(cells: readonly string[]): boolean {
  let filled = 0;
  let json = 0;
  for (const cell of cells) {
    const text = cell.trim();
    if (text === '') continue;
    filled++;
    if (IMPORT_ID.test(text)) json++;
  }
  return json > 0 && json * 2 > filled;
}

/** Most of the metadata columns a row has hold the texts Qualtrics gives them ("Start Date" under StartDate). */
function isQuestionTexts(tags: readonly string[], cells: readonly string[]): boolean {
  const metadata = PRESET_DEFINITIONS.qualtrics.metadata;
  let columns = 0;
  let texts = 0;
  tags.forEach((tag, i) => {
    const key = compact(tag);
    if (!metadata.includes(tag.trim().toLowerCase()) && !(key in METADATA_TEXTS) && key !== 'responseid') return;
    columns++;
    if (compact(cells[i] ?? '') === (METADATA_TEXTS[key] ?? key)) texts++;
  });
  return texts > 0 && texts * 2 > columns;
}
