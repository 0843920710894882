import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAttribute } from '../src/exports/attribute-values.js';
import { canonicalId } from '../src/exports/identities.js';
import { type NumberFormat, readNumber } from '../src/exports/numbers.js';
import { loadMapping, parseCsv, readExport } from '../src/index.js';
import { mustLoad } from './helpers/rubric.js';

// one numeric indicator on a 0–100,000 scale, one checklist, two attributes (one with declared values)
const rubric = mustLoad(`mahvan: 1
id: cells
version: "1"
title: {he: תאים, en: Cells}
locales: [he, en]
tiers: [domain, capability, indicator]
attributes:
  - {id: sector, values: [jewish, arab, druze]}
  - {id: cluster}
scales:
  money:
    type: numeric
    min: 0
    max: 100000
    bands:
      - {from: 0, points: 1}
      - {from: 10000, points: 3}
      - {from: 50000, points: 5}
  docs:
    type: checklist
    points: {min: 1, max: 5}
    options:
      - {id: plan, label: {he: תוכנית, en: Plan}}
      - {id: report, label: {he: דוח, en: Report}}
nodes:
  - id: D1
    title: {he: תחום, en: Domain}
    children:
      - id: C1
        title: {he: יכולת, en: Capability}
        children:
          - {id: I1, question: {he: סכום, en: Amount}, scale: money}
          - {id: I2, question: {he: מסמכים, en: Documents}, scale: docs}
`);

function read(csv: string, mappingYaml = '') {
  const mapping = loadMapping(`mahvan-mapping: 1\n${mappingYaml}`);
  if (!mapping.ok) throw new Error(mapping.diagnostics.map((d) => d.message).join('\n'));
  return readExport(parseCsv(csv), rubric, mapping.mapping, { file: 'e.csv' });
}

describe('one number grammar', () => {
  const DOT_COMMA: NumberFormat = { decimal: '.', thousands: ',' };
  const COMMA_DOT: NumberFormat = { decimal: ',', thousands: '.' };
  // [text, format, value or the start of the reason]
  it.each<[string, NumberFormat | undefined, number | string]>([
    ['85', undefined, 85],
    ['85%', undefined, 85],
    ['-3', undefined, -3],
    ['\u22123', undefined, -3], // Unicode minus
    ['85,5', undefined, 85.5], // a comma before other than three digits can only be decimal
    ['0,500', undefined, 0.5], // no group starts with 0
    ['1,234,567', undefined, 1234567], // a repeated comma can only group
    ['1,234.5', undefined, 1234.5],
    ['1.234,5', undefined, 1234.5],
    ['25 000', undefined, 25000],
    ['٨٥', undefined, 85], // Arabic-Indic digits
    ['١٢٬٥٠٠٫٥', undefined, 12500.5], // and the Arabic separators
    ['5,500', undefined, "'5,500' reads as 5.5 with a decimal comma and as 5500 with a thousands comma"],
    ['1,000', undefined, "'1,000' reads as 1 with a decimal comma"],
    ['1.500', undefined, "'1.500' reads as 1.5 with a decimal point and as 1500 with a thousands point"],
    ['85.25', undefined, 85.25],
    ['0.500', undefined, 0.5],
    ['5,500', DOT_COMMA, 5500],
    ['25,000', DOT_COMMA, 25000],
    ['85,5', DOT_COMMA, "not a number in this export's format"],
    ['5.500', COMMA_DOT, 5500],
    ['85,5', COMMA_DOT, 85.5],
    ['1,234,5', undefined, 'separators in places'],
    ['1.234,567,8', undefined, 'separators in places'],
    ['0x55', undefined, 'not a number'],
    ['0b1010101', undefined, 'not a number'],
    ['1e1', undefined, 'not a number'],
    ['Infinity', undefined, 'not a number'],
    ['', undefined, 'not a number'],
  ])('%j in %j → %j', (text, format, expected) => {
    const reading = readNumber(text, format);
    if (typeof expected === 'number') expect(reading).toEqual({ value: expected });
    else expect('invalid' in reading && reading.invalid).toMatch(new RegExp(`^${expected.replace(/[.()]/g, '\\$&')}`));
  });
});

describe('numbers in cells', () => {
  const csv = (cell: string) => `subject_id,respondent_id,I1\nLA-1,r1,"${cell}"\n`;
  // [cell, mapping, the value scored (undefined: the row is rejected at the cell)]
  it.each([
    ['5,500', '', undefined], // 5.5 and 5500 are both on the 0–100,000 scale
    ['150,500', '', 150.5], // 150500 is not: only one reading fits
    ['-1.500', '', undefined], // neither fits
    ['5,500', 'numbers: {decimal: ".", thousands: ","}\n', 5500],
    ['25,000', 'numbers: {decimal: ".", thousands: ","}\n', 25000],
    ['5.500', 'numbers: {decimal: ",", thousands: "."}\n', 5500],
    ['0x55', '', undefined],
    ['1e1', '', undefined],
  ])('%s with the mapping %j: scored as %s', (cell, mapping, scored) => {
    const r = read(csv(cell), mapping);
    expect(r.account.scored + r.account.rejected).toBe(1);
    if (scored === undefined) {
      expect(r.account.rejections[0]).toMatchObject({ row: 2, cell: 'C2', value: cell, code: 'row-invalid-answer' });
      const d = r.diagnostics.find((x) => x.code === 'row-invalid-answer');
      expect(d?.hint).toMatch(/[,.]/.test(cell) ? /numbers: \{ decimal/ : /Correct the cell/);
    } else expect(r.assessments[0]?.respondents[0]?.answers.I1).toEqual({ value: scored });
  });

  it('an ordinal value given as a number follows the grammar too', () => {
    const ordinal = mustLoad(
      `mahvan: 1\nid: o\nversion: "1"\ntitle: {en: O}\nlocales: [en]\ntiers: [domain, indicator]\nscales:\n  l3:\n    type: ordinal\n    levels:\n      - {value: 1, label: {en: One}}\n      - {value: 2, label: {en: Two}}\nnodes:\n  - id: D1\n    title: {en: D}\n    children:\n      - {id: I1, question: {en: Q}, scale: l3}\n`,
    );
    const mapping = loadMapping('mahvan-mapping: 1\n');
    if (!mapping.ok) throw new Error('mapping');
    const r = readExport(parseCsv('subject_id,I1\nA,2\nB,0x2\nC,٢\n'), ordinal, mapping.mapping);
    expect(r.assessments.map((a) => a.subject.id)).toEqual(['A', 'C']);
    expect(r.account.rejections.map((x) => x.cell)).toEqual(['B3']);
  });
});

describe('tick marks in checklist option columns', () => {
  const header = 'id,subject_id,I2[plan],I2[report]';
  it.each([
    ['Y', '', ['plan']],
    ['V', 'N', ['plan']],
    ['✔', '0', ['plan']],
    ['checked', '☐', ['plan']],
    ['1', '1', ['plan', 'report']],
    ['Plan', '', ['plan']], // the option's own label
    ['', '-', []],
  ])('%j and %j tick %j', (plan, report, ticked) => {
    const r = read(`${header}\n1,LA-1,${plan},${report}\n`, 'preset: limesurvey\n');
    expect(r.assessments[0]?.respondents[0]?.answers.I2).toEqual({ value: ticked });
  });

  it('any other mark is an invalid answer at its cell, and with invalid: missing the whole answer is unknown', () => {
    const rejected = read(`${header}\n1,LA-1,Y,maybe\n`, 'preset: limesurvey\n');
    expect(rejected.account.rejections).toMatchObject([{ row: 2, cell: 'D2', value: 'maybe', code: 'row-invalid-answer' }]);
    expect(rejected.diagnostics.find((d) => d.code === 'row-invalid-answer')?.hint).toMatch(/checkMarks:/);
    const missing = read(`${header}\n1,LA-1,Y,maybe\n`, 'preset: limesurvey\npolicies: {invalid: missing}\n');
    expect(missing.assessments[0]?.respondents[0]?.answers.I2).toBeUndefined();
  });

  it('marks the mapping declares tick, or leave unticked, as it says', () => {
    const r = read(
      `${header}\n1,LA-1,בוצע,לא בוצע\n`,
      'preset: limesurvey\ncheckMarks: {checked: [בוצע], unchecked: [לא בוצע]}\n',
    );
    expect(r.assessments[0]?.respondents[0]?.answers.I2).toEqual({ value: ['plan'] });
  });
});

describe('subject attributes', () => {
  it.each<[string, readonly (string | number)[] | undefined, string | number | undefined, string | undefined]>([
    ['arab', ['jewish', 'arab'], 'arab', undefined],
    ['Arab', ['jewish', 'arab'], 'arab', undefined],
    ['ARAB ', ['jewish', 'arab'], 'arab', undefined],
    ['\u200farab', ['jewish', 'arab'], 'arab', undefined],
    ['arabb', ['jewish', 'arab'], 'arabb', 'not one of the values'],
    ['3', [1, 2, 3], 3, undefined],
    ['3', undefined, 3, undefined],
    ['٣', undefined, 3, undefined],
    ['1,000', undefined, '1,000', "'1,000' reads as"],
    ['North-2', undefined, 'North-2', undefined],
    ['', undefined, undefined, undefined],
  ])('%j with values %j reads as %j', (text, declared, value, problem) => {
    const reading = readAttribute(text, declared ? { type: 'category', values: declared } : { type: 'category' }, undefined);
    expect(reading.value).toEqual(value);
    expect(reading.problem?.reason.slice(0, problem?.length)).toEqual(problem);
  });

  it('values not declared are kept as written and reported once each, with a did-you-mean', () => {
    const csv = 'subject_id,respondent_id,sector,cluster,I1\nA,r1,Arab,3,5\nA,r2,ARAB,3,5\nB,r3,arabb,1,5\nC,r4,arabb,2,5\n';
    const r = read(csv, 'columns: {attributes: {sector: sector, cluster: cluster}}\n');
    expect(r.assessments.map((a) => a.subject.attributes)).toEqual([
      { sector: 'arab', cluster: 3 },
      { sector: 'arabb', cluster: 1 },
      { sector: 'arabb', cluster: 2 },
    ]);
    const warnings = r.diagnostics.filter((d) => d.code === 'row-invalid-attribute');
    expect(warnings.map((d) => [d.severity, d.message, d.hint])).toEqual([
      [
        'warning',
        "Cell C4 gives the attribute 'sector' the value 'arabb': not one of the values the rubric declares; it is kept as written, so policies and peer groups may not recognise it.",
        "Did you mean 'arab'?",
      ],
    ]);
    expect(r.account).toMatchObject({ rows: 4, scored: 4 });
  });
});

describe('subject ids', () => {
  it.each([
    ['LA-1', 'LA-1'],
    ['\u200fLA-1\u200e', 'LA-1'],
    ['LA\u20111', 'LA-1'], // non-breaking hyphen
    ['LA\u2013 1', 'LA- 1'], // en dash; inner space kept as one
    ['רהט\u00a0 עירייה', 'רהט עירייה'],
    ['e\u0301', 'é'], // NFC
  ])('%j is compared as %j', (text, id) => expect(canonicalId(text)).toBe(id));

  it('forms differing in case, direction marks or hyphens are one subject, with a warning per new form', () => {
    const csv = 'subject_id,respondent_id,I1\nLA-1,r1,5\nla-1,r2,5\nLA\u20111,r3,5\n\u200fLA-1,r4,5\nla-1,r5,5\nLB-1,r6,5\n';
    const r = read(csv);
    expect(r.assessments.map((a) => [a.subject.id, a.respondents.length])).toEqual([
      ['LA-1', 5],
      ['LB-1', 1],
    ]);
    expect(r.diagnostics.filter((d) => d.code === 'export-subject-ids-merged').map((d) => [d.severity, d.message])).toEqual([
      [
        'warning',
        "Cell A3 holds the subject id 'la-1', which differs from 'LA-1' (in A2) only in case: both are read as 'LA-1'.",
      ],
      [
        'warning',
        "Cell A4 holds the subject id 'LA\u20111', which differs from 'LA-1' (in A2) only in invisible direction marks, the kind of hyphen or spacing: both are read as 'LA-1'.",
      ],
      [
        'warning',
        "Cell A5 holds the subject id '\u200fLA-1', which differs from 'LA-1' (in A2) only in invisible direction marks, the kind of hyphen or spacing: both are read as 'LA-1'.",
      ],
    ]);
    expect(r.account).toMatchObject({ rows: 6, scored: 6, rejected: 0 });
  });
});

describe('a column headed like a role', () => {
  it('on a rubric without roles is not read as roles (every row was rejected for an unknown role)', () => {
    const r = read('subject_id,respondent_id,תפקיד,I1\nLA-1,r1,גזבר,5\nLA-1,r2,מנכ"ל,7\n');
    expect(r.account).toMatchObject({ rows: 2, scored: 2, rejected: 0 });
  });
});

describe('XLSX cells read as the spreadsheet shows them', () => {
  it('a percent-formatted formula result reads as a typed percentage does', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const { readTableFile } = await import('../src/node/index.js');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('s');
    sheet.addRow(['subject_id', 'typed', 'formula', 'plain']);
    sheet.addRow(['LA-1', 0.75, { formula: '3/4', result: 0.75 }, { formula: '3/4', result: 0.75 }]);
    for (const c of ['B2', 'C2']) sheet.getCell(c).numFmt = '0%';
    const path = join(mkdtempSync(join(tmpdir(), 'mahvan-')), 'percent.xlsx');
    await book.xlsx.writeFile(path);
    const read = await readTableFile(path);
    if (!read.ok) throw new Error('read');
    expect(read.table.rows[0]?.cells).toEqual(['LA-1', '75%', '75%', '0.75']);
  });
});
