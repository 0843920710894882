import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { loadMapping, parseCsv, readExport, scoreAssessment, templateXlsForm } from '../src/index.js';
import { ROOT, readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const rubricPath = 'test/fixtures/scoring/basic.yaml';
const rubric = mustLoad(
  readRepoFile(rubricPath).replace(
    'tiers: [domain, capability, indicator]',
    'tiers: [domain, capability, indicator]\ndefaultLocale: en',
  ),
);

async function template() {
  const dir = mkdtempSync(join(tmpdir(), 'mahvan-template-'));
  const status = await main(['template', '--rubric', rubricPath, '-o', dir], { stdout: () => {}, stderr: () => {}, cwd: ROOT });
  expect(status).toBe(0);
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  return { dir, read };
}

describe('templates from the rubric round-trip to profiles with no mapping written by hand', () => {
  it('the CSV template, filled in, scores with its generated mapping', async () => {
    const { read } = await template();
    const header = read('scoring-basic.template.csv');
    expect(header).toBe('\ufeffsubject_id,subject_name,wave,respondent_id,role,submitted_at,I1,I2,I3,I4,I5,I6,I7\r\n');
    const filled = `${header}LA-9,רשות ט,2026,r1,ceo,2026-03-01,4,2,3,5,1,,2\r\nLA-9,רשות ט,2026,r2,treasurer,2026-03-02,,4,,,,,\r\n`;
    const mapping = loadMapping(read('scoring-basic.mapping.yaml'));
    if (!mapping.ok) throw new Error('mapping');
    const reading = readExport(parseCsv(filled), rubric, mapping.mapping);
    expect(reading.account).toMatchObject({ rows: 2, scored: 2, rejected: 0, skipped: 0 });
    const [assessment] = reading.assessments;
    expect(assessment?.subject).toEqual({ id: 'LA-9', name: 'רשות ט' });
    const profile = scoreAssessment(rubric, assessment!);
    // I2 = median(2, 4) = 3 → C1 = (1×4 + 3×3)/4 = 3.25
    expect(profile.nodes.C1?.score).toBe(3.25);
    expect(profile.wave).toBe('2026');
  });

  it('a KoboToolbox export of the XLSForm scores with its generated mapping', async () => {
    const { dir, read } = await template();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, 'scoring-basic.xlsform.xlsx'));
    const survey = workbook.getWorksheet('survey')!;
    const rows: string[][] = [];
    survey.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    // Kobo names export columns by the question's group path: D1/C1/I1
    const path: string[] = [];
    const columns: string[] = [];
    for (const [type, name] of rows.slice(1)) {
      if (type === 'begin_group') path.push(name!);
      else if (type === 'end_group') path.pop();
      else columns.push([...path, name].join('/'));
    }
    expect(columns).toEqual([
      'subject_id',
      'subject_name',
      'wave',
      'respondent_id',
      'role',
      'D1/C1/I1',
      'D1/C1/I2',
      'D1/C2/I3',
      'D1/C2/I4',
      'D2/C3/I5',
      'D2/C3/I6',
      'D2/C3/I7',
    ]);
    const header = ['start', 'end', ...columns, '_id', '_uuid', '_submission_time', '_index'].join(';');
    const body = [
      [
        '2026-03-01',
        '2026-03-01',
        'LA-9',
        '',
        '2026',
        'r1',
        'ceo',
        '4',
        '2',
        '3',
        '5',
        '1',
        'na',
        '2',
        '1',
        'u-1',
        '2026-03-01T10:00:00',
        '1',
      ],
      [
        '2026-03-02',
        '2026-03-02',
        'LA-9',
        '',
        '2026',
        'r2',
        'treasurer',
        '',
        '4',
        '',
        '',
        '',
        '',
        '',
        '2',
        'u-2',
        '2026-03-02T10:00:00',
        '2',
      ],
    ].map((r) => r.join(';'));
    const mapping = loadMapping(read('scoring-basic.kobo-mapping.yaml'));
    if (!mapping.ok) throw new Error('mapping');
    const reading = readExport(parseCsv(`${header}\n${body.join('\n')}\n`), rubric, mapping.mapping);
    expect(reading.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(reading.account).toMatchObject({ rows: 2, scored: 2 });
    const profile = scoreAssessment(rubric, reading.assessments[0]!);
    expect(profile.nodes.C1?.score).toBe(3.25);
    expect(profile.nodes.I6?.status).toBe('not-applicable');
  });

  it('labels the XLSForm in every locale and offers "not applicable" where the scale allows it', () => {
    const form = templateXlsForm(rubric);
    expect(form.survey[0]).toEqual(['type', 'name', 'label::English (en)', 'hint::English (en)', 'required', 'constraint']);
    expect(form.choices.filter((c) => c[0] === 'scale_l5').map((c) => c[1])).toEqual(['1', '2', '3', '4', '5', 'na']);
    expect(form.settings[1]?.[1]).toBe('scoring_basic');
  });
});
