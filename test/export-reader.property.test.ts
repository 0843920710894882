// The one export reader, whatever its rows come from (a table of text, a CSV file's bytes in any chunks), reads
// what the reader on main read before it (the frozen reference): the same assessments, row account and
// diagnostics; scored straight from its row store, it gives the profiles scoreAssessment gives those
// assessments; and the JSON written from the engine's arrays is the JSON of those profiles, byte for byte.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringCells, scoringTables } from '../src/engine.js';
import { PRESET_DEFINITIONS } from '../src/exports/presets.js';
import {
  type Assessment,
  type CompiledRubric,
  decodeBytes,
  defaultMapping,
  exportProfiles,
  loadMapping,
  type Mapping,
  openExport,
  type Preset,
  parseCsv,
  profileDocument,
  readExport,
  scoreAssessment,
  scoreExport,
} from '../src/index.js';
import { readExportData, readExportFile } from '../src/node/index.js';
import { JsonBytes, ProfileJsonWriter } from '../src/report/profile-json.js';
import { FIXTURES, ROOT, readRepoFile } from './helpers/fixtures.js';
import { referenceReadExport } from './helpers/reference/index.js';
import { mustLoad } from './helpers/rubric.js';

const presetsText = readRepoFile('test', 'fixtures', 'exports', 'presets', 'rubric.yaml');
const presetsRubric = mustLoad(presetsText);
// the fixture as it is (median: rows scored in any order give the same bits), and respondents combined by their
// mean over checklist shares (thirds) and over free numbers kept as points: rows then scored in respondent order
const rubrics = [
  ['as it is', presetsRubric],
  ['mean of thirds', mustLoad(presetsText.replace('nodes:\n', 'scoring: {respondents: {combine: mean}}\nnodes:\n'))],
  [
    'mean of free numbers',
    mustLoad(
      presetsText
        .replace('nodes:\n', 'scoring: {respondents: {combine: role-weights}}\nnodes:\n')
        .replace('min: 0\n    max: 100\n    unit: "%"\n', 'min: 1\n    max: 5\n')
        .replace(/ {4}bands:\n( {6}- .*\n)+/, ''),
    ),
  ],
  // a minimum agreement most subjects of several respondents miss: the writer flags needs-consensus as profiles do
  ['agreement at least 0.9', mustLoad(presetsText.replace('nodes:\n', 'scoring: {agreement: {min: 0.9}}\nnodes:\n'))],
] as const;
const dir = mkdtempSync(join(tmpdir(), 'mahvan-reader-'));

/** What a reading says, to compare readers by. */
const said = (r: { assessments: Assessment[]; account: unknown; diagnostics: unknown }) => ({
  assessments: r.assessments,
  account: r.account,
  diagnostics: r.diagnostics,
});

/** The profiles of an export's subjects as JSON the writer gives, one per line. */
function writtenJson(data: Awaited<ReturnType<typeof readExportData>>): string[] {
  const writer = new ProfileJsonWriter(data);
  const lines: string[] = [];
  scoreExport(data, (subject, out, at) => {
    const bytes = new JsonBytes();
    writer.write(bytes, subject, out, at);
    lines.push(new TextDecoder().decode(bytes.bytes.subarray(0, bytes.length)));
  });
  return lines;
}

/** Every view of one export agrees: the reference's reading, the table reader's, the file reader's, profiles and JSON. */
async function expectAgreement(rubric: CompiledRubric, mapping: Mapping, header: string[], rows: string[][], chunkSize: number) {
  const table = { header, headerRows: [header], rows: rows.map((cells, i) => ({ row: i + 2, cells })) };
  const inMemory = readExport(table, rubric, mapping, { file: 'x.csv' });
  expect(said(inMemory)).toEqual(said(referenceReadExport(table, rubric, mapping, { file: 'x.csv' })));
  expect(inMemory.account.rows).toBe(inMemory.account.scored + inMemory.account.rejected + inMemory.account.skipped);

  // the same rows as a CSV file, read in chunks: as the reference reads the file's text
  const quote = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  const text = `${[header, ...rows].map((r) => r.map(quote).join(',')).join('\n')}\n`;
  const path = join(dir, 'export.csv');
  writeFileSync(path, text);
  const reference = referenceReadExport(parseCsv(text), rubric, mapping, { file: 'x.csv' });
  const file = await readExportFile(path, rubric, mapping, { file: 'x.csv', chunkSize });
  expect(said(file)).toEqual(said(reference));

  // scored from the row store: the profiles of the reference's assessments, and the JSON of those profiles
  const data = await readExportData(path, rubric, mapping, { file: 'x.csv', chunkSize });
  const profiles = exportProfiles(data);
  expect(profiles).toEqual(reference.assessments.map((a) => scoreAssessment(rubric, a)));
  expect(writtenJson(data)).toEqual(profiles.map((p) => JSON.stringify(profileDocument(p))));
  return reference;
}

describe('the export reader on random exports', () => {
  // cells from small pools, so rows share subjects, respondents (duplicates) and answers, and some are invalid
  const header = [
    'subject_id',
    'subject_name',
    'wave',
    'respondent_id',
    'role',
    'submitted_at',
    'map.calls',
    'util.rate',
    'rm.post',
    'docs.kept',
    'region',
    'comment',
  ];
  const often = (value: string, times: number) => Array.from({ length: times }, () => value);
  const pools = [
    [...often('LA-1', 6), 'LA-2', 'LA-3', 'LA-10', '', ' LA-3 ', '#N/A'],
    [...often('', 6), 'A', 'עיריית ב', 'بلدية ج'],
    [...often('', 8), '2026', '2027'],
    [...often('r1', 4), 'r2', 'r3', '', ...Array.from({ length: 20 }, (_, i) => `p${i}`)],
    [...often('', 6), 'ceo', 'treasurer', 'מנכ"ל', 'boss'],
    [...often('', 4), '2026-03-01 10:00:00', '2026-03-02 10:00:00', 'soon', '02/03/2026 10:00', '13/02/2026 09:00'],
    [...often('', 2), ...often('1', 3), ...often('3', 3), '5', 'מבוסס', 'N/A', ' 3', '99', 'x', '3\r'],
    [...often('', 2), ...often('85', 4), '40', '50%', '7', 'abc', '85,5', '2.5', '3.75', '4.1', '1'],
    [...often('', 2), ...often('כן', 4), 'לא', 'Y', 'maybe'],
    [...often('', 2), ...often('תוכנית עבודה', 4), 'תוכנית עבודה;דוח ביצוע', 'nope'],
    ['', 'north', 'south', '12'],
    [...often('', 4), 'fine, thanks', 'said "no"', 'line\nbreak', 'ok'],
  ];
  const row = fc.tuple(...pools.map((p) => fc.constantFrom(...p)));
  // rows cut short or run long now and then, and blank ones
  const cells = fc
    .tuple(row, fc.oneof({ arbitrary: fc.constant(0), weight: 6 }, fc.integer({ min: -3, max: 2 })), fc.boolean())
    .map(([cells, change, blank]) =>
      blank && change === 0
        ? ['']
        : change < 0
          ? cells.slice(0, cells.length + change)
          : [...cells, ...Array.from({ length: change }, (_, i) => (i === 0 ? '' : 'extra'))],
    );
  const policies = fc.record({
    duplicates: fc.constantFrom('latest', 'first', 'reject'),
    invalid: fc.constantFrom('reject-row', 'missing'),
  });

  it('rubrics scored in any order of rows and in respondent order are both tried', () => {
    expect(rubrics.map(([, r]) => scoringTables(r).orderFree)).toEqual([true, false, false, true]);
  });

  it.each(
    rubrics,
  )('reads, scores and writes as the reference reader and scoreAssessment do, in any chunks (%s)', async (_, rubric) => {
    const seen = { duplicates: 0, scored: 0, rejected: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(cells, { maxLength: 80, size: 'max' }),
        policies,
        fc.constantFrom(7, 64, 65536),
        async (rows, policy, chunkSize) => {
          const base = defaultMapping('mahvan');
          const mapping = {
            ...base,
            columns: { ...base.columns, attributes: { region: 'region' } },
            policies: { ...base.policies, ...policy },
          } as Mapping;
          const reference = await expectAgreement(rubric, mapping, header, rows, chunkSize);
          seen.duplicates += reference.account.rejections.filter((r) => r.code === 'row-duplicate').length;
          seen.scored += reference.account.scored;
          seen.rejected += reference.account.rejected;
        },
      ),
      { numRuns: 120 },
    );
    // the runs did meet duplicates, rejections and scored rows
    expect(seen.duplicates).toBeGreaterThan(20);
    expect(seen.rejected).toBeGreaterThan(100);
    expect(seen.scored).toBeGreaterThan(500);
  });

  it('scores every subject the same whatever the order of its rows', async () => {
    const mapping = defaultMapping('mahvan');
    await fc.assert(
      fc.asyncProperty(fc.array(cells, { maxLength: 60 }), fc.infiniteStream(fc.nat()), async (rows, seeds) => {
        const shuffled = rows
          .map((r) => ({ r, k: seeds.next().value as number }))
          .sort((a, b) => a.k - b.k)
          .map(({ r }) => r);
        const score = (list: string[][]) => {
          const collector = openExport([header], presetsRubric, {
            ...mapping,
            policies: { duplicates: 'first', invalid: 'missing' },
          });
          list.forEach((cells, i) => collector.push(new StringCells(i + 2, cells)));
          // a subject's name and attributes come from its first row that has them: only the scores are compared
          return exportProfiles(collector.finish()).map((p) => JSON.stringify([p.overall, p.nodes, p.priorities]));
        };
        // rows of one respondent in another order keep another submission first: compare only subjects without
        // duplicates, which is what permuting rows leaves alone
        const ids = rows.map((r) => `${r[0]?.trim()}\u0000${r[2]}\u0000${r[3]}`);
        if (new Set(ids).size !== ids.length) return;
        expect(score(shuffled)).toEqual(score(rows));
      }),
      { numRuns: 150 },
    );
  });
});

describe('the export reader on the fixtures', () => {
  const presets = join(FIXTURES, 'exports', 'presets');
  it.each(readdirSync(presets).filter((f) => f.endsWith('.csv')))('%s reads as the reference reads it', async (f) => {
    const preset = f.replace(/(-windows-1255)?\.csv$/, '') as Preset;
    const mapping = defaultMapping(preset);
    const decoded = decodeBytes(readFileSync(join(presets, f)));
    if ('error' in decoded) throw new Error('decode');
    const table = parseCsv(decoded.text, { headerRows: PRESET_DEFINITIONS[preset].headerRows });
    const reference = referenceReadExport(table, presetsRubric, mapping, { file: f });
    for (const chunkSize of [7, 64, 65536]) {
      // the header rows as the reference's table has them (told from the file, they would also be reported)
      const headerRows = PRESET_DEFINITIONS[preset].headerRows;
      const read = await readExportFile(join(presets, f), presetsRubric, mapping, { file: f, chunkSize, headerRows });
      expect(said(read)).toEqual(said(reference));
    }
    expect(reference.account.scored).toBeGreaterThan(0);
  });

  it('the bundled export reads as the reference reads it, and its profiles and JSON follow', async () => {
    const rubric = mustLoad(readRepoFile('rubrics', 'il-local-authority-capability.yaml'));
    const mapping = loadMapping(readRepoFile('examples', 'mapping.yaml'));
    if (!mapping.ok) throw new Error('mapping');
    const path = join(ROOT, 'examples', 'data', 'survey-export-2026.csv');
    const decoded = decodeBytes(readFileSync(path));
    if ('error' in decoded) throw new Error('decode');
    const reference = referenceReadExport(parseCsv(decoded.text), rubric, mapping.mapping, { file: 'x.csv' });
    const read = await readExportFile(path, rubric, mapping.mapping, { file: 'x.csv' });
    expect(said(read)).toEqual(said(reference));
    const data = await readExportData(path, rubric, mapping.mapping, { file: 'x.csv' });
    const profiles = exportProfiles(data);
    expect(profiles).toEqual(reference.assessments.map((a) => scoreAssessment(rubric, a)));
    expect(writtenJson(data)).toEqual(profiles.map((p) => JSON.stringify(profileDocument(p))));
  });
});

describe('the row store past its first block of rows', () => {
  it('keeps every row of 70,000 (codes are stored 65,536 rows to a block)', () => {
    // respondents combine by their median (the default): the first block's subject answers 1, 2, 3 in turn
    // (median 2), the rows after it belong to a second subject that answers 5
    const header = ['subject_id', 'respondent_id', 'map.calls'];
    const collector = openExport([header], presetsRubric, defaultMapping('mahvan'));
    for (let r = 0; r < 70_000; r++) {
      const early = r < 65_536;
      collector.push(new StringCells(r + 2, [early ? 'early' : 'late', `r${r}`, String(early ? 1 + (r % 3) : 5)]));
    }
    const profiles = exportProfiles(collector.finish());
    expect(profiles.map((p) => [p.subject.id, p.respondents, p.nodes['map.calls']?.score])).toEqual([
      ['early', 65_536, 2],
      ['late', 4_464, 5],
    ]);
  });
});
