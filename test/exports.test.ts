import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBytes, loadMapping, parseCsv, readExport } from '../src/index.js';
import { FIXTURES, readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const rubric = mustLoad(readRepoFile('test', 'fixtures', 'rubrics', 'valid', 'minimal.yaml'));

describe('a Google Forms export', () => {
  const bytes = readFileSync(join(FIXTURES, 'exports', 'gf-basic.csv'));
  const decoded = decodeBytes(bytes);
  if ('error' in decoded) throw new Error('decode');
  const table = parseCsv(decoded.text);
  const mapping = loadMapping('mahvan-mapping: 1\npreset: google-forms\ncolumns: {subject: Authority code}\n');
  if (!mapping.ok) throw new Error('mapping');
  const reading = readExport(table, rubric, mapping.mapping, { file: 'gf-basic.csv' });

  it('decodes UTF-8 with a BOM and splits quoted cells', () => {
    expect(decoded).toMatchObject({ encoding: 'utf-8', basis: 'bom' });
    expect(table.header[0]).toBe('Timestamp');
    expect(table.rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('accounts for every row: scored, rejected or skipped, adding up', () => {
    const { account } = reading;
    // row 2 is superseded by row 5 (same respondent, later timestamp); row 4 is blank
    expect(account).toMatchObject({ rows: 6, scored: 2, rejected: 3, skipped: 1 });
    expect(account.scored + account.rejected + account.skipped).toBe(account.rows);
    expect(account.rejections.map((r) => [r.row, r.cell, r.column, r.value, r.code])).toEqual([
      [2, 'B2', 'Email Address', 'a@x.il', 'row-duplicate'],
      [6, 'E6', 'Is there a map?', 'Excellent, truly', 'row-invalid-answer'],
      [7, 'C7', 'Authority code', '', 'row-missing-subject'],
    ]);
  });

  it('groups rows into assessments, reading Hebrew labels, percentages and role titles', () => {
    expect(reading.assessments).toEqual([
      {
        subject: { id: 'LA-1' },
        respondents: [
          { id: 'b@x.il', role: 'treasurer', answers: { I1: { value: 1 }, I2: { value: 40 } } },
          { id: 'a@x.il', role: 'ceo', answers: { I1: { value: 2 }, I2: { value: 90 } } },
        ],
      },
    ]);
  });
});

describe('evidence columns', () => {
  const csv = [
    'Timestamp,Email Address,Authority code,Is there a map?,Is there a map? (evidence),Utilization rate,Proof of utilization',
    '3/1/2026 10:00:00,a@x.il,LA-1,Established,"https://x.il/map.pdf\nhttps://x.il/map2.pdf",85%,report-2025.xlsx; minutes.docx',
    '3/1/2026 11:00:00,b@x.il,LA-1,,https://x.il/orphan.pdf,40,',
  ].join('\n');
  const mapping = loadMapping(
    'mahvan-mapping: 1\npreset: google-forms\ncolumns: {subject: Authority code}\nevidence:\n  suffix: " (evidence)"\n  columns: {I2: Proof of utilization}\n',
  );
  if (!mapping.ok) throw new Error('mapping');
  const reading = readExport(parseCsv(csv), rubric, mapping.mapping, { file: 'e.csv' });

  it('attach to answers, by suffix or by name, one reference per line or per ;', () => {
    expect(reading.assessments[0]?.respondents).toEqual([
      {
        id: 'a@x.il',
        answers: {
          I1: { value: 3, evidence: ['https://x.il/map.pdf', 'https://x.il/map2.pdf'] },
          I2: { value: 85, evidence: ['report-2025.xlsx', 'minutes.docx'] },
        },
      },
      // evidence beside a blank answer supports nothing, and is not kept
      { id: 'b@x.il', answers: { I2: { value: 40 } } },
    ]);
    expect(reading.diagnostics.map((d) => d.code)).not.toContain('export-unmapped-columns');
  });
});

describe('answers the scale does not count', () => {
  // the same words the scorer would give, but at the cell, under the export's `invalid` policy
  const csv = [
    'Timestamp,Email Address,Authority code,Is there a map?,Utilization rate',
    '3/1/2026 10:00:00,a@x.il,LA-1,Established,100',
    '3/1/2026 10:00:00,b@x.il,LA-2,Initial,150',
    '3/1/2026 10:00:00,c@x.il,LA-3,Initial,-1',
    '3/1/2026 10:00:00,d@x.il,LA-4,Initial,N/A',
    '3/1/2026 10:00:00,e@x.il,LA-5,לא רלוונטי,0',
  ].join('\n');
  const read = (invalid: string) => {
    const mapping = loadMapping(
      `mahvan-mapping: 1\npreset: google-forms\ncolumns: {subject: Authority code}\npolicies: {invalid: ${invalid}}\n`,
    );
    if (!mapping.ok) throw new Error('mapping');
    return readExport(parseCsv(csv), rubric, mapping.mapping, { file: 'x.csv' });
  };
  const cells = [
    ['E3', '150', 'outside 0..100'],
    ['E4', '-1', 'outside 0..100'],
    ['E5', 'N/A', 'this scale does not allow "not applicable"'],
    ['D6', 'לא רלוונטי', 'this scale does not allow "not applicable"'],
  ];

  it('reject their row, naming the cell and why', () => {
    const reading = read('reject-row');
    expect(reading.account).toMatchObject({ rows: 5, scored: 1, rejected: 4, skipped: 0 });
    expect(reading.account.rejections.map((r) => [r.cell, r.value, r.reason])).toEqual(cells);
    expect(reading.assessments.map((a) => a.subject.id)).toEqual(['LA-1']);
  });

  it('count as missing with a warning at the cell under invalid: missing', () => {
    const reading = read('missing');
    expect(reading.account).toMatchObject({ rows: 5, scored: 5, rejected: 0 });
    const warnings = reading.diagnostics.filter((d) => d.code === 'row-invalid-answer');
    expect(warnings.map((d) => [d.severity, d.message.split(' ')[1]])).toEqual(cells.map(([cell]) => ['warning', cell]));
    const la2 = reading.assessments.find((a) => a.subject.id === 'LA-2');
    expect(la2?.respondents[0]?.answers).toEqual({ I1: { value: 1 } });
  });
});

describe('cells past the header', () => {
  // the third row has a sixth cell, a seventh is empty in the second
  const csv = [
    'Timestamp,Email Address,Authority code,Is there a map?,Utilization rate',
    '3/1/2026 10:00:00,a@x.il,LA-1,Established,100,,',
    '3/1/2026 10:00:00,b@x.il,LA-2,Initial,50,c@x.il',
  ].join('\n');
  const mapping = loadMapping('mahvan-mapping: 1\npreset: google-forms\ncolumns: {subject: Authority code}\n');
  if (!mapping.ok) throw new Error('mapping');
  const reading = readExport(parseCsv(csv), rubric, mapping.mapping, { file: 'x.csv' });

  it('reject the row at the first such cell; empty ones are ignored', () => {
    expect(reading.account).toMatchObject({ rows: 2, scored: 1, rejected: 1 });
    expect(reading.account.rejections.map((r) => [r.row, r.cell, r.value, r.code])).toEqual([
      [3, 'F3', 'c@x.il', 'row-extra-cells'],
    ]);
    const [d] = reading.diagnostics.filter((x) => x.code === 'row-extra-cells');
    expect(d?.message).toBe("Cell F3 holds 'c@x.il' past the header's 5 columns; the row is rejected.");
    expect([d?.range?.start.line, d?.range?.start.column]).toEqual([3, 6]);
  });
});

describe('the roles of a mapping', () => {
  it('reject the rows of a label mapped to a role the rubric does not declare, and read the others', () => {
    const presets = mustLoad(readRepoFile('test', 'fixtures', 'exports', 'presets', 'rubric.yaml'));
    const mapping = loadMapping('mahvan-mapping: 1\npreset: mahvan\nroles: {Boss: boss, Head: ceo}\n');
    if (!mapping.ok) throw new Error('mapping');
    const header = ['subject_id', 'respondent_id', 'role', 'map.calls'];
    const rows = [
      ['LA-1', 'r1', 'Head', '3'],
      ['LA-1', 'r2', 'Boss', '4'],
      ['LA-1', 'r3', 'treasurer', '2'],
    ].map((cells, i) => ({ row: i + 2, cells }));
    const reading = readExport({ header, headerRows: [header], rows }, presets, mapping.mapping, { file: 'x.csv' });
    expect(reading.account).toMatchObject({ rows: 3, scored: 2, rejected: 1 });
    expect(reading.account.rejections.map((r) => [r.row, r.cell, r.value, r.code])).toEqual([
      [3, 'C3', 'Boss', 'row-unknown-role'],
    ]);
    expect(reading.assessments[0]?.respondents.map((r) => [r.id, r.role])).toEqual([
      ['r1', 'ceo'],
      ['r3', 'treasurer'],
    ]);
    expect(reading.diagnostics.find((d) => d.code === 'row-unknown-role')?.hint).toBe(
      "Map the label to one of 'ceo', 'treasurer' under roles: in the mapping.",
    );
  });
});

describe('a mapping with a fraction where a whole number goes', () => {
  it('says a whole number is expected and names the number found', () => {
    const mapping = loadMapping('mahvan-mapping: 1\npreset: mahvan\nheaderRows: 1.5\n', { file: 'm.yaml' });
    expect(mapping.ok ? [] : mapping.diagnostics.map((d) => [d.code, d.range?.start.line, d.message])).toEqual([
      ['schema-invalid-type', 3, 'Expected a whole number, found the number 1.5.'],
    ]);
  });
});
