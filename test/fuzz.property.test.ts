// Broken and hostile input, generated: for any input the loaders, the export reader and the scorer return a
// result or diagnostics; they never throw, never hang, and never give a score outside its range; and every row
// of an export is accounted for. FUZZ_RUNS sets the cases per entry point (CI: 10,000). fast-check prints the
// seed and the shrunk counterexample of any failure, so it can be replayed with { seed, path }.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Assessment,
  type CompiledRubric,
  decodeBytes,
  defaultMapping,
  loadMapping,
  loadPolicy,
  loadRubric,
  type NodeResult,
  type Profile,
  parseCsv,
  readExport,
  scoreAssessment,
} from '../src/index.js';
import { codePageBytes, mixedLines } from './helpers/csv.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mutated } from './helpers/mutate.js';
import { mustLoad } from './helpers/rubric.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
/** A hang guard, not a performance test: no single case may take this long. */
const HANG_MS = 2_000;

const rubricText = readRepoFile('test', 'fixtures', 'policy', 'rubric.yaml');
const policyText = readRepoFile('test', 'fixtures', 'policy', 'policy.yaml');
const mappingText = readRepoFile('examples', 'mapping.yaml');
const rubric: CompiledRubric = mustLoad(rubricText);

/** Runs `fn` and fails the case when it throws or takes longer than the hang guard. */
function guarded<T>(fn: () => T): T {
  const started = performance.now();
  const result = fn();
  expect(performance.now() - started).toBeLessThan(HANG_MS);
  return result;
}

/** Every score of a profile is finite and within its node's range. */
function withinRanges(p: Profile): void {
  const ranges: [NodeResult | undefined, readonly [number, number]][] = [
    [p.overall, rubric.rubric.overall.range],
    ...rubric.nodes.map((n) => [p.nodes[n.id], n.range] as [NodeResult | undefined, readonly [number, number]]),
  ];
  for (const [n, [min, max]] of ranges) {
    if (!n || n.score === null) continue;
    expect(Number.isFinite(n.score)).toBe(true);
    expect(n.score >= min - 1e-9 && n.score <= max + 1e-9).toBe(true);
  }
}

describe(`fuzzing (${RUNS} cases per entry point)`, () => {
  it('the rubric loader returns a rubric or positioned diagnostics for any broken rubric', () => {
    fc.assert(
      fc.property(fc.oneof(mutated(rubricText), fc.string({ maxLength: 200 })), (text) => {
        const result = guarded(() => loadRubric(text, { file: 'fuzz.yaml' }));
        if (!result.ok) {
          expect(result.diagnostics.length).toBeGreaterThan(0);
          for (const d of result.diagnostics) expect(d.file).toBe('fuzz.yaml');
        }
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it('the policy loader returns a policy or diagnostics for any broken policy', () => {
    fc.assert(
      fc.property(mutated(policyText), (text) => {
        const result = guarded(() => loadPolicy(text, rubric));
        if (!result.ok) expect(result.diagnostics.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it('the mapping loader returns a mapping or diagnostics for any broken mapping', () => {
    fc.assert(
      fc.property(mutated(mappingText), (text) => {
        const result = guarded(() => loadMapping(text));
        if (!result.ok) expect(result.diagnostics.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it('the export reader accounts for every row of any CSV: scored + rejected + skipped = rows', () => {
    const header = 'subject_id,respondent_id,role,FIN,CTRL,HR';
    const cell = fc.oneof(
      fc.constantFrom('', '1', '3', '5', '7', 'x', 'n/a', '=1+1', '"', '"a,b"', '__proto__', 'ceo', 'a1', 'a2', '\u202e5', ' 4 '),
      fc.string({ maxLength: 6 }),
    );
    const line = fc.array(cell, { maxLength: 8 }).map((cells) => cells.join(','));
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 12 }),
        fc.constantFrom('latest', 'first', 'reject'),
        fc.constantFrom('reject-row', 'missing'),
        (lines, duplicates, invalid) => {
          const table = parseCsv([header, ...lines].join('\n'));
          const reading = guarded(() => readExport(table, rubric, defaultMapping('mahvan'), { duplicates, invalid }));
          const { account } = reading;
          expect(account.scored + account.rejected + account.skipped).toBe(account.rows);
          expect(account.rows).toBe(table.rows.length);
          expect(account.rejections).toHaveLength(account.rejected);
          for (const a of reading.assessments) withinRanges(scoreAssessment(rubric, a));
        },
      ),
      { numRuns: RUNS },
    );
  }, 600_000);

  it('the scorer stays within every range for any answers, however malformed', () => {
    const answer = fc.oneof(
      fc.integer({ min: -3, max: 9 }),
      fc.double({ noNaN: false }),
      fc.string({ maxLength: 3 }),
      fc.constant(null),
      fc.constant({ na: true }),
      fc.record({ value: fc.integer({ min: 0, max: 6 }), evidence: fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }) }),
      fc.array(fc.string({ maxLength: 2 }), { maxLength: 2 }),
    );
    const respondent = fc.record({
      id: fc.string({ maxLength: 3 }),
      role: fc.option(fc.string({ maxLength: 3 }), { nil: undefined }),
      answers: fc.dictionary(fc.constantFrom('FIN', 'CTRL', 'HR', 'D1', 'nope', '__proto__'), answer),
    });
    fc.assert(
      fc.property(fc.array(respondent, { maxLength: 4 }), (respondents) => {
        const assessment = { subject: { id: 's' }, respondents } as unknown as Assessment;
        withinRanges(guarded(() => scoreAssessment(rubric, assessment)));
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it('the decoder returns text or an error with its offset for any bytes, in every encoding', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.constantFrom(undefined, 'utf-8', 'utf-16le', 'utf-16be', 'windows-1255', 'windows-1256'),
        (bytes, encoding) => {
          const decoded = guarded(() => decodeBytes(bytes, encoding ? { encoding } : {}));
          if ('error' in decoded)
            expect(decoded.error === 'ambiguous-encoding' ? decoded.encodings.length : decoded.offset).toBeGreaterThanOrEqual(0);
          else expect(typeof decoded.text).toBe('string');
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('line breaks and code pages, generated', () => {
  // rows of plain cells (no quote, delimiter or line break), blank rows among them
  const row = fc.array(fc.stringMatching(/^[a-z0-9 ]{0,5}$/), { minLength: 1, maxLength: 4 }).map((cells) => cells.join(','));
  const breaks = fc.array(fc.constantFrom('\r\n', '\n', '\r'), { minLength: 1, maxLength: 8 });

  it('any mix of CR LF, LF and CR between rows keeps every row, as written', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 16 }), breaks, fc.boolean(), (rows, between, trailing) => {
        // a last row left empty is no row unless a line break ends it
        const { text } = mixedLines(rows, between, trailing || rows[rows.length - 1] === '');
        const table = guarded(() => parseCsv(text, { delimiter: ',' }));
        expect([...table.headerRows, ...table.rows.map((r) => r.cells)].map((cells) => cells.join(','))).toEqual(rows);
      }),
      { numRuns: RUNS },
    );
  });

  // words with a letter that the other code page reads as no letter of its script (Hebrew: one of א ג ח י מ ש,
  // Latin letters in windows-1256); Arabic: a first letter that windows-1255 reads as a point or leaves undefined
  // (not ش or ص, which it reads as the Yiddish ligatures װ and ױ)
  const HEBREW_WORDS = [
    'שלום',
    'ירושלים',
    'עירייה',
    'מועצה',
    'אזורית',
    'ראש',
    'תקציב',
    'רווחה',
    'חינוך',
    'מנכ״ל',
    'תל־אביב',
    'גליל',
    'מחלקה',
  ];
  const ARABIC_WORDS = ['السلام', 'بلدية', 'رئيس', 'الناصرة', 'تعليم', 'كفر', 'قاسم', 'خدمات', 'قسم', 'عمل', 'ادارة'];
  const HEBREW_POINTS = [...'\u05b0\u05b1\u05b2\u05b3\u05b4\u05b5\u05b6\u05b7\u05b8\u05b9\u05bb\u05bc\u05c1\u05c2'];
  const HARAKAT = [...'\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652'];
  const HEBREW_LETTERS = [...'אבגדהוזחטיכלמנסעפצקרשת'];
  const FINAL: Record<string, string> = { כ: 'ך', מ: 'ם', נ: 'ן', פ: 'ף', צ: 'ץ' };
  const ARABIC_LETTERS = [...'ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي'];

  /** Words with up to two marks after each letter (none when `pointed` is false), as CSV rows of a few words. */
  const text = (words: fc.Arbitrary<string>, marks: readonly string[]) =>
    fc
      .record({
        rows: fc.array(fc.array(words, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        pointed: fc.boolean(),
        points: fc.array(fc.array(fc.constantFrom(...marks), { maxLength: 2 }), { minLength: 64, maxLength: 64 }),
      })
      .map(({ rows, pointed, points }) => {
        let n = 0;
        const point = (word: string) =>
          pointed ? word.replace(/\p{L}/gu, (letter) => letter + (points[n++ % points.length] ?? []).join('')) : word;
        return `id,name\n${rows.map((words, i) => `${i},${words.map(point).join(' ')}`).join('\n')}\n`;
      });
  const randomHebrew = fc
    .array(fc.constantFrom(...HEBREW_LETTERS), { minLength: 1, maxLength: 6 })
    .map((letters) => letters.map((l, i) => (i === letters.length - 1 ? (FINAL[l] ?? l) : l)).join(''));
  const randomArabic = fc.array(fc.constantFrom(...ARABIC_LETTERS), { minLength: 1, maxLength: 6 }).map((l) => l.join(''));

  it.each([
    ['Hebrew words', 'windows-1255', fc.constantFrom(...HEBREW_WORDS), HEBREW_POINTS],
    ['Arabic words', 'windows-1256', fc.constantFrom(...ARABIC_WORDS), HARAKAT],
  ] as const)('%s, with or without points, in %s: decoded as written', (_, encoding, words, marks) => {
    fc.assert(
      fc.property(text(words, marks), (written) => {
        expect(guarded(() => decodeBytes(codePageBytes(written, encoding)))).toEqual({
          text: written,
          encoding,
          basis: 'byte-statistics',
        });
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ['Hebrew', 'windows-1255', randomHebrew, HEBREW_POINTS],
    ['Arabic', 'windows-1256', randomArabic, HARAKAT],
  ] as const)('random %s letters in %s: decoded as written, or said to be ambiguous, never misread', (_, encoding, words, marks) => {
    fc.assert(
      fc.property(text(words, marks), (written) => {
        const decoded = guarded(() => decodeBytes(codePageBytes(written, encoding)));
        if ('error' in decoded)
          expect(decoded).toEqual({ error: 'ambiguous-encoding', encodings: ['windows-1255', 'windows-1256'] });
        else expect(decoded).toEqual({ text: written, encoding, basis: 'byte-statistics' });
      }),
      { numRuns: RUNS },
    );
  });
});
