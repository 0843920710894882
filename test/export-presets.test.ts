import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESET_DEFINITIONS, qualtricsHeaderRows } from '../src/engine.js';
import { decodeBytes, defaultMapping, type Preset, parseCsv, readExport, scoreAssessment } from '../src/index.js';
import { readExportFile } from '../src/node/index.js';
import { FIXTURES, readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const dir = join(FIXTURES, 'exports', 'presets');
const rubric = mustLoad(readRepoFile('test', 'fixtures', 'exports', 'presets', 'rubric.yaml'));

/**
 * Every fixture holds the same six rows, in each tool's layout: LA-1 r1 (superseded by its later resubmission),
 * LA-1 r2, a blank row, LA-1 r1 again, LA-2 r3 with an invalid answer ('מצוין'), LA-2 r4 answering N/A.
 * Worked by hand:
 *   LA-1: map = median(2, 4) = 3; util = median(40 → 1, 90 → 5) = 3; rm = median(no 1, yes 5) = 3;
 *         docs = median(1 of 3 → 1 + 4/3, 3 of 3 → 5) = (7/3 + 5)/2 = 11/3; C1 = 3, C2 = (3 + 11/3)/2 = 10/3, D1 = 19/6
 *   LA-2: map N/A; util 55 → 3; C1 = 3; rm no → 1; docs 1 of 3 → 7/3; C2 = 5/3; D1 = 7/3
 */
const cases: [string, Preset, number, string?][] = [
  ['mahvan.csv', 'mahvan', 1],
  ['mahvan-windows-1255.csv', 'mahvan', 1, 'windows-1255'],
  ['google-forms.csv', 'google-forms', 1],
  ['qualtrics.csv', 'qualtrics', 3],
  ['kobo.csv', 'kobo', 1],
  ['limesurvey.csv', 'limesurvey', 1],
];

describe.each(cases)('%s (%s)', (file, preset, headerRows, encoding = 'utf-8') => {
  const bytes = readFileSync(join(dir, file));
  const decoded = decodeBytes(bytes);
  if ('error' in decoded) throw new Error(`cannot decode ${file}`);
  const table = parseCsv(decoded.text, { headerRows: PRESET_DEFINITIONS[preset].headerRows });
  const reading = readExport(table, rubric, defaultMapping(preset), { file });
  const first = headerRows + 1;

  it(`decodes it (${encoding}) and reads its rows, line breaks inside quoted cells included`, () => {
    expect(decoded.encoding).toBe(encoding);
    expect(decoded.basis).toBe(encoding === 'utf-8' ? 'bom' : 'byte-statistics');
    expect(table.rows.map((r) => r.row)).toEqual([0, 1, 2, 3, 4, 5].map((i) => first + i));
    expect(reading.ok).toBe(true);
  });

  it('accounts for every row, and names the cell of each rejection', () => {
    expect(reading.account).toMatchObject({ rows: 6, scored: 3, rejected: 2, skipped: 1 });
    expect(reading.account.rejections.map((r) => [r.row, r.code, r.value])).toEqual([
      [first, 'row-duplicate', expect.any(String)],
      [first + 4, 'row-invalid-answer', 'מצוין'],
    ]);
    expect(reading.account.rejections[1]?.cell).toMatch(new RegExp(`^[A-Z]+${first + 4}$`));
  });

  it('groups the rows into one assessment per subject, in Hebrew', () => {
    expect(reading.assessments.map((a) => [a.subject.id, a.respondents.length])).toEqual([
      ['LA-1', 2],
      ['LA-2', 1],
    ]);
    expect(reading.assessments[0]?.subject.name ?? 'עיריית רהט, מחוז\nדרום').toBe('עיריית רהט, מחוז\nדרום');
    expect(reading.assessments[0]?.respondents.map((r) => r.role)).toEqual(['treasurer', 'ceo']);
  });

  it('scores each subject as worked by hand', () => {
    const [a, b] = reading.assessments.map((x) => scoreAssessment(rubric, x));
    expect(a?.nodes.C1?.score).toBeCloseTo(3, 12);
    expect(a?.nodes.C2?.score).toBeCloseTo(10 / 3, 12);
    expect(a?.nodes.D1?.score).toBeCloseTo(19 / 6, 12);
    expect(b?.nodes['map.calls']?.status).toBe('not-applicable');
    expect(b?.nodes.C2?.score).toBeCloseTo(5 / 3, 12);
    expect(b?.nodes.D1?.score).toBeCloseTo(7 / 3, 12);
  });
});

describe('the header rows of a Qualtrics export, told from their texts (issue 20, class 5)', () => {
  const table = parseCsv(readFileSync(join(dir, 'qualtrics.csv'), 'utf8').replace(/^\ufeff/, ''), { headerRows: 3 });
  const [tags, texts, ids] = table.headerRows as string[][];
  const [r1, r2] = table.rows.map((r) => [...r.cells]);
  const RESPONSE_ID = (tags as string[]).indexOf('ResponseId');
  /** The rows without the ResponseId column (an export made without it, or the column deleted). */
  const bare = (rows: string[][]) => rows.map((cells) => cells.filter((_, i) => i !== RESPONSE_ID));
  /** The rows with only the answer columns (every metadata column deleted). */
  const answersOnly = (rows: string[][]) => rows.map((cells) => cells.slice(13));
  const line = (cells: readonly string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',');

  it.each<[string, number, string[][]]>([
    // before, each of these read three rows of header without a ResponseId column, the responses among them
    ['tags, then responses, no ResponseId', 1, bare([tags, r1, r2] as string[][])],
    ['tags, question texts, a response, no ResponseId', 2, bare([tags, texts, r1] as string[][])],
    ['tags, ImportIds, a response, no ResponseId', 2, bare([tags, ids, r1] as string[][])],
    ['no metadata columns: tags, then responses', 1, answersOnly([tags, r1, r2] as string[][])],
    // the row above the ImportIds is the question texts, even with no metadata column to tell it by
    ['no metadata columns: tags, question texts, ImportIds', 3, answersOnly([tags, texts, ids] as string[][])],
    ['all three, no ResponseId', 3, bare([tags, texts, ids] as string[][])],
    ['all three', 3, [tags, texts, ids] as string[][]],
    ['tags, ImportIds, a response', 2, [tags, ids, r1] as string[][]],
    ['tags, then responses', 1, [tags, r1, r2] as string[][]],
  ])('%s: %i header row(s)', (_, rows, first) => {
    expect(qualtricsHeaderRows(first)).toBe(rows);
  });

  it.each<[string, string[][], number, string]>([
    [
      'an export without ResponseId, left with its first header row',
      bare([tags as string[]]),
      1,
      'Row 1 is read as the header (export tags); responses start at row 2: no row of question texts or ImportIds follows it.',
    ],
    [
      'an export as Qualtrics writes it',
      [tags, texts, ids] as string[][],
      3,
      'Rows 1–3 are read as the header (export tags, question texts, ImportIds); responses start at row 4.',
    ],
  ])('%s: every response is read and accounted for, and the header rows are reported', async (_, header, count, message) => {
    const body = table.rows.map((r) => [...r.cells]);
    const rows = header[0]?.length === tags?.length ? body : bare(body);
    const path = join(mkdtempSync(join(tmpdir(), 'mahvan-qualtrics-')), 'qualtrics.csv');
    writeFileSync(path, `${[...header, ...rows].map(line).join('\r\n')}\r\n`);
    const reading = await readExportFile(path, rubric, defaultMapping('qualtrics'), { file: 'q.csv' });
    // the six rows of the fixture (see the top of this file), whose first is now row count + 1
    expect(reading.account).toMatchObject({ rows: 6, scored: 3, rejected: 2, skipped: 1 });
    expect(reading.account.rejections.map((r) => [r.row, r.code])).toEqual([
      [count + 1, 'row-duplicate'],
      [count + 5, 'row-invalid-answer'],
    ]);
    const told = reading.diagnostics.filter((d) => d.code === 'export-header-rows');
    expect(told.map((d) => [d.severity, d.file, d.range?.start.line, d.range?.end.line, d.message])).toEqual([
      ['info', 'q.csv', 1, count, message],
    ]);
  });
});
