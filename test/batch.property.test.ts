// The batch scorer computes, on typed arrays, what scoreAssessment computes: the same status, score, coverage
// and confidence for every node, whatever the answers (valid, invalid, N/A, missing, with or without evidence,
// several respondents with roles), on rubric variants that exercise every scoring policy.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Answer,
  type Assessment,
  answerOf,
  type BatchProfiles,
  type CompiledRubric,
  createBatchScorer,
  scoreAssessment,
} from '../src/index.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';
import { anyAnswer, scoringVariants, variantIndicators } from './helpers/scoring-variants.js';

const variants = scoringVariants;
const indicators = variantIndicators;
const answer = anyAnswer;
const respondent = fc.record({
  id: fc.string({ minLength: 1, maxLength: 4 }),
  role: fc.option(fc.constantFrom('ceo', 'treasurer', 'intern'), { nil: undefined }),
  answers: fc.dictionary(fc.constantFrom(...indicators), answer),
});
const subjects = fc.array(fc.uniqueArray(respondent, { minLength: 1, maxLength: 5, selector: (r) => r.id }), {
  minLength: 1,
  maxLength: 4,
});

describe('the batch scorer', () => {
  it('gives every node the status, score, coverage and confidence scoreAssessment gives', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: variants.length - 1 }), subjects, (v, groups) => {
        const rubric = variants[v]!;
        const scorer = createBatchScorer(rubric);
        const assessments: Assessment[] = groups.map((respondents, s) => ({
          subject: { id: `S${s}` },
          respondents: respondents.map(({ role, ...r }) => (role ? { ...r, role } : r)),
        }));
        for (const a of assessments) {
          for (const r of a.respondents) {
            const codes = new Uint8Array(scorer.indicators.length);
            scorer.indicators.forEach((id, k) => {
              const given = r.answers[id] as Answer | undefined;
              if (given === undefined) return;
              const read = answerOf(given);
              const reading = read.na
                ? { na: true as const }
                : read.value === undefined || read.value === null || read.value === ''
                  ? undefined
                  : { value: read.value };
              codes[k] = scorer.code(k, reading, (read.evidence?.length ?? 0) > 0);
            });
            scorer.add(a.subject.id, r.role, codes);
          }
        }
        expectSameAsFull(rubric, assessments, scorer.finish());
      }),
      { numRuns: 400 },
    );
  });
});

/** Every node of every subject (keys sorting as the assessments are listed) as scoreAssessment gives it. */
function expectSameAsFull(rubric: CompiledRubric, assessments: Assessment[], batch: BatchProfiles) {
  expect(batch.subjects).toEqual(assessments.map((a) => a.subject.id));
  assessments.forEach((a, s) => {
    const profile = scoreAssessment(rubric, a);
    batch.nodes.forEach((id, n) => {
      const full = id === 'overall' ? profile.overall : profile.nodes[id]!;
      const at = s * batch.nodes.length + n;
      expect([id, batch.statusOf(s, n)]).toEqual([id, full.status]);
      if (full.score === null) expect(Number.isNaN(batch.score[at])).toBe(true);
      else expect(batch.score[at]).toBeCloseTo(full.score, 9);
      expect(batch.coverage[at]).toBeCloseTo(full.coverage, 9);
      expect(batch.confidence[at]).toBeCloseTo(full.confidence, 9);
      expect(batch.levelOf(s, n)).toBe(full.level);
    });
  });
}

describe('the batch scorer on a scale with many points', () => {
  // the respondents' spread is tracked on the ranks of the points answered, a bit each for the first 28, and on
  // the points themselves past them: a 0–100 scale, every value answered first (so all 101 take a rank)
  const rubricOf = (combine: string) =>
    mustLoad(`mahvan: 1
id: wide
version: "1"
title: Wide scale
locales: [en]
tiers: [domain, indicator]
scales:
  share: {type: numeric, min: 0, max: 100}
levels:
  - {id: low, label: Low, from: 0}
  - {id: high, label: High, from: 50}
scoring: {respondents: {combine: ${combine}, disagreement: 30}}
nodes:
  - id: D1
    children:
      - {id: P1, scale: share}
      - {id: P2, scale: share, reverse: true}
`);
  const value = fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined });
  const subject = fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 6 });

  it('gives the spread, confidence and scores scoreAssessment gives', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('mean', 'median', 'min', 'max'),
        fc.array(subject, { minLength: 1, maxLength: 4 }),
        (combine, given) => {
          const rubric = rubricOf(combine);
          const every = Array.from({ length: 101 }, (_, v) => [v, 100 - v] as [number, number]);
          const assessments: Assessment[] = [every, ...given].map((answers, s) => ({
            subject: { id: `S${s}` },
            respondents: answers.map(([p1, p2], r) => ({
              id: `r${r}`,
              answers: { ...(p1 === undefined ? {} : { P1: p1 }), ...(p2 === undefined ? {} : { P2: p2 }) },
            })),
          }));
          const scorer = createBatchScorer(rubric);
          const codes = new Uint8Array(2);
          for (const a of assessments)
            for (const r of a.respondents) {
              scorer.indicators.forEach((id, k) => {
                const v = r.answers[id] as number | undefined;
                codes[k] = v === undefined ? 0 : scorer.codeValue(k, v);
              });
              scorer.add(a.subject.id, undefined, codes);
            }
          expectSameAsFull(rubric, assessments, scorer.finish());
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a large export read in batch', () => {
  it('gives the same table, row account and diagnostics as the full reader (the bundled 2026 export)', async () => {
    const { join } = await import('node:path');
    const { loadMapping, profileTable, tableCsv, batchTable } = await import('../src/index.js');
    const { readExportFile, readExportFileBatch } = await import('../src/node/index.js');
    const { ROOT } = await import('./helpers/fixtures.js');
    const rubric = mustLoad(readRepoFile('rubrics', 'il-local-authority-capability.yaml'));
    const mapping = loadMapping(readRepoFile('examples', 'mapping.yaml'));
    if (!mapping.ok) throw new Error('mapping');
    const path = join(ROOT, 'examples', 'data', 'survey-export-2026.csv');
    const full = await readExportFile(path, rubric, mapping.mapping);
    const batch = await readExportFileBatch(path, rubric, mapping.mapping);
    expect(batch.account).toEqual(full.account);
    expect(batch.diagnostics).toEqual(full.diagnostics);
    const profiles = full.assessments.map((a) => scoreAssessment(rubric, a));
    expect(tableCsv(batchTable(rubric, batch))).toBe(tableCsv(profileTable(rubric, profiles)));
  });

  it('resolves duplicates, rejections and blank rows as the full reader does (every preset fixture)', async () => {
    const { readdirSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { defaultMapping, profileTable, tableCsv, batchTable } = await import('../src/index.js');
    const { readExportFile, readExportFileBatch } = await import('../src/node/index.js');
    const { FIXTURES } = await import('./helpers/fixtures.js');
    const dir = join(FIXTURES, 'exports', 'presets');
    const rubric = mustLoad(readRepoFile('test', 'fixtures', 'exports', 'presets', 'rubric.yaml'));
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
    expect(files.length).toBeGreaterThan(4);
    for (const f of files) {
      const preset = f.replace(/(-windows-1255)?\.csv$/, '') as never;
      const mapping = defaultMapping(preset);
      const full = await readExportFile(join(dir, f), rubric, mapping);
      const batch = await readExportFileBatch(join(dir, f), rubric, mapping);
      expect([f, batch.account]).toEqual([f, full.account]);
      expect(full.account.scored).toBeGreaterThan(0);
      const profiles = full.assessments.map((a) => scoreAssessment(rubric, a));
      expect([f, tableCsv(batchTable(rubric, batch))]).toEqual([f, tableCsv(profileTable(rubric, profiles))]);
    }
  });
});

describe('the batch reader on random exports', () => {
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
  ];
  // valid values repeated so that most rows are kept; one subject often has more than 16 rows
  const often = (value: string, times: number) => Array.from({ length: times }, () => value);
  const pools = [
    [...often('LA-1', 6), 'LA-2', 'LA-3', 'LA-10', ''],
    [...often('', 6), 'A', 'B'],
    [...often('', 8), '2026', '2027'],
    [...often('r1', 4), 'r2', 'r3', '', ...Array.from({ length: 20 }, (_, i) => `p${i}`)],
    [...often('', 6), 'ceo', 'treasurer', 'מנכ"ל', 'boss'],
    [...often('', 4), '2026-03-01 10:00:00', '2026-03-02 10:00:00', 'soon'],
    [...often('', 2), ...often('1', 3), ...often('3', 3), '5', 'מבוסס', 'N/A', ' 3', '99', 'x', '\u0000'],
    [...often('', 2), ...often('85', 4), '40', '50%', '7', 'abc'],
    [...often('', 2), ...often('כן', 4), 'לא', 'Y', 'maybe'],
    [...often('', 2), ...often('תוכנית עבודה', 4), 'תוכנית עבודה;דוח ביצוע', 'nope'],
    ['', 'north', 'south', '12'],
  ];
  const row = fc.tuple(...pools.map((p) => fc.constantFrom(...p)));
  const table = fc.array(row, { minLength: 0, maxLength: 120, size: 'max' });
  const policies = fc.record({
    duplicates: fc.constantFrom('latest', 'first', 'reject'),
    invalid: fc.constantFrom('reject-row', 'missing'),
  });

  it('gives the same account, diagnostics and scores as the full reader, in any row order', async () => {
    const { defaultMapping, readExport, createBatchExportReader, profileTable, tableCsv, batchTable } = await import(
      '../src/index.js'
    );
    const rubric = mustLoad(readRepoFile('test', 'fixtures', 'exports', 'presets', 'rubric.yaml'));
    const seen = { duplicates: 0, scored: 0 };
    fc.assert(
      fc.property(table, policies, (rows, policy) => {
        const base = defaultMapping('mahvan');
        const mapping = {
          ...base,
          columns: { ...base.columns, attributes: { region: 'region' } },
          policies: { ...base.policies, ...policy },
        } as typeof base;
        const tableRows = rows.map((cells, i) => ({ row: i + 2, cells }));
        const full = readExport({ header, headerRows: [header], rows: tableRows }, rubric, mapping);
        const reader = createBatchExportReader([header], rubric, mapping);
        for (const r of tableRows) reader.push(r);
        const batch = reader.finish();
        expect(batch.account).toEqual(full.account);
        expect(batch.account.rows).toBe(batch.account.scored + batch.account.rejected + batch.account.skipped);
        expect(batch.diagnostics).toEqual(full.diagnostics);
        const profiles = full.assessments.map((a) => scoreAssessment(rubric, a));
        expect(tableCsv(batchTable(rubric, batch))).toBe(tableCsv(profileTable(rubric, profiles)));
        expect(batch.subjects).toEqual(
          full.assessments.map((a) => ({
            ...a.subject,
            attributes: a.subject.attributes ?? {},
            ...(a.wave === undefined ? {} : { wave: a.wave }),
          })),
        );
        // handed over one at a time: the same subjects, in order, and the same scores; none kept
        const streaming = createBatchExportReader([header], rubric, mapping);
        for (const r of tableRows) streaming.push(r);
        const handed: unknown[] = [];
        let begun: unknown[] = [];
        const streamed = streaming.finish({
          begin: ({ subjects, described }) => {
            begun = [subjects, described];
          },
          each: (subject, scores) => handed.push([subject, [...scores.score]]),
        });
        const n = batch.profiles.nodes.length;
        const described = batch.subjects.filter((d) => d.name !== undefined || Object.keys(d.attributes).length > 0);
        expect(begun).toEqual([batch.subjects.length, described]);
        expect(handed).toEqual(batch.subjects.map((d, i) => [d, [...batch.profiles.score.subarray(i * n, (i + 1) * n)]]));
        expect([streamed.subjects, streamed.profiles.subjects]).toEqual([[], []]);
        expect(streamed.account).toEqual(batch.account);
        seen.duplicates += batch.account.rejections.filter((r) => r.code === 'row-duplicate').length;
        seen.scored += batch.account.scored;
      }),
      { numRuns: 300 },
    );
    // the runs did meet duplicates and scored rows
    expect(seen.duplicates).toBeGreaterThan(100);
    expect(seen.scored).toBeGreaterThan(1000);
  });
});

describe('the batch reader given lines uncut', () => {
  // rows of the random exports above, some cut short or run long, and some blank
  const header = ['subject_id', 'wave', 'respondent_id', 'role', 'map.calls', 'util.rate', 'rm.post', 'docs.kept', 'region'];
  const pools = [
    ['LA-1', 'LA-1', 'LA-2', ' LA-3 ', '', ' '],
    ['', '', '2027'],
    ['r1', 'r2', 'r3', '', 'p1'],
    ['', '', 'ceo', 'boss'],
    ['', '1', '3', '5', 'מבוסס', 'N/A', ' 3', '99', 'x', 'é', '3\r'],
    // a byte above 127 read as a character code would land on this column's code of '3' (0xb3 - 128)
    ['', '85', '40', '50%', 'abc', '3'],
    ['', 'כן', 'Y', 'maybe'],
    ['', 'תוכנית עבודה', 'a;b'],
    ['', 'north', '12'],
  ];
  const cells = fc
    .tuple(
      fc.tuple(...pools.map((p) => fc.constantFrom(...p))),
      fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, fc.integer({ min: -3, max: 2 })),
      fc.boolean(),
    )
    .map(([cells, change, blank]) =>
      blank && change === 0
        ? []
        : change < 0
          ? cells.slice(0, cells.length + change)
          : [...cells, ...Array.from({ length: change }, (_, i) => (i === 0 ? '' : 'extra'))],
    );

  it('reads them as it reads the same rows cut into cells, with or without their bytes', async () => {
    const { defaultMapping, createBatchExportReader, batchTable, tableCsv } = await import('../src/index.js');
    const rubric = mustLoad(readRepoFile('test', 'fixtures', 'exports', 'presets', 'rubric.yaml'));
    const base = defaultMapping('mahvan');
    const mapping = { ...base, columns: { ...base.columns, attributes: { region: 'region' } } } as typeof base;
    // a character below 128 is its own byte; any other is some byte above
    const bytesOf = (text: string) => Uint8Array.from(text, (c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : 0xb3));
    let uncut = 0;
    fc.assert(
      fc.property(fc.array(cells, { maxLength: 60, size: 'max' }), fc.integer({ min: 0, max: 8 }), (rows, pad) => {
        const readings = [0, 1, 2].map((how) => {
          const reader = createBatchExportReader([header], rubric, mapping, { file: 'x.csv' });
          rows.forEach((r, i) => {
            // the line lies inside a longer text, as in a chunk of a file
            const text = `${'#'.repeat(pad)}${r.join(',')}\n#`;
            if (how === 0) reader.push({ row: i + 2, cells: r.length === 0 ? [''] : r });
            else reader.pushLine(i + 2, text, pad, pad + r.join(',').length, ',', how === 2 ? bytesOf(text) : undefined);
          });
          const reading = reader.finish();
          return { account: reading.account, diagnostics: reading.diagnostics, table: tableCsv(batchTable(rubric, reading)) };
        });
        expect(readings[1]).toEqual(readings[0]);
        expect(readings[2]).toEqual(readings[0]);
        uncut += rows.filter((r) => r.length === header.length && r[0]?.trim()).length;
      }),
      { numRuns: 300 },
    );
    expect(uncut).toBeGreaterThan(1000);
  });
});

describe('the batch scorer past its first block of rows', () => {
  it('keeps every row of 70,000 (codes are stored 65,536 rows to a block)', () => {
    // respondents combine by their median (the default): the first block's subject answers 1, 2, 3 in turn
    // (median 2), the rows after it belong to a second subject that answers 5
    const rubric = mustLoad(readRepoFile('test', 'fixtures', 'exports', 'presets', 'rubric.yaml'));
    const scorer = createBatchScorer(rubric);
    const k = scorer.indicators.indexOf('map.calls');
    const codes = new Uint8Array(scorer.indicators.length);
    for (let r = 0; r < 70_000; r++) {
      const early = r < 65_536;
      codes[k] = scorer.codeValue(k, early ? 1 + (r % 3) : 5);
      scorer.add(early ? 'early' : 'late', undefined, codes);
    }
    const profiles = scorer.finish();
    const node = profiles.nodes.indexOf('map.calls');
    expect(profiles.subjects).toEqual(['early', 'late']);
    expect([profiles.score[node], profiles.score[profiles.nodes.length + node]]).toEqual([2, 5]);
  });
});

describe('the batch scorer on free numbers', () => {
  it('interns answers by their points, and says when a scale has more distinct points than a byte can code', async () => {
    const { BatchCapacityError } = await import('../src/index.js');
    const caf = mustLoad(readRepoFile('rubrics', 'caf', 'caf.yaml'));
    const scorer = createBatchScorer(caf);
    // 50 and 50.0 are one value; 124 distinct points fit
    expect(scorer.codeValue(0, 50)).toBe(scorer.codeValue(0, 50.0));
    for (let v = 0; v < 124; v++) scorer.codeValue(0, v / 2);
    expect(() => scorer.codeValue(0, 99.25)).toThrow(BatchCapacityError);
  });
});
