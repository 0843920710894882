// Broken and hostile input, generated: for any input the loaders, the export reader and the scorer return a
// result or diagnostics; they never throw, never hang, and never give a score outside its range; and every row
// of an export is accounted for. FUZZ_RUNS sets the cases per entry point (CI: 10,000). fast-check prints the
// seed and the shrunk counterexample of any failure, so it can be replayed with { seed, path }.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeLabel } from '../src/exports/labels.js';
import { DEFAULT_CHECKED, DEFAULT_UNCHECKED } from '../src/exports/mapping.js';
import {
  type Assessment,
  type CompiledRubric,
  decodeBytes,
  defaultMapping,
  loadMapping,
  loadPolicy,
  loadRubric,
  type NodeResult,
  type NumberFormat,
  type Profile,
  parseCsv,
  profileTable,
  readExport,
  readNumber,
  readTimestamp,
  recommend,
  renderCohortReport,
  renderMarkdownSummary,
  scoreAssessment,
  summarizeCohort,
  type TimestampOrder,
  tableCsv,
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
  });

  it('the policy loader returns a policy or diagnostics for any broken policy', () => {
    fc.assert(
      fc.property(mutated(policyText), (text) => {
        const result = guarded(() => loadPolicy(text, rubric));
        if (!result.ok) expect(result.diagnostics.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('the mapping loader returns a mapping or diagnostics for any broken mapping', () => {
    fc.assert(
      fc.property(mutated(mappingText), (text) => {
        const result = guarded(() => loadMapping(text));
        if (!result.ok) expect(result.diagnostics.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

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
  });

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
  });

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

describe('names every object answers to, with control characters, as subject ids, attribute keys and values', () => {
  const NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'];
  // '__proto__' is no id, so no rubric attribute
  const DECLARED = NAMES.filter((n) => n !== '__proto__');
  const named = mustLoad(
    rubricText.replace('  - {id: cluster}\n', `  - {id: cluster}\n${DECLARED.map((n) => `  - {id: ${n}}\n`).join('')}`),
  );
  const loaded = loadPolicy(policyText.replace('{attribute: cluster}', '{attribute: toString}'), named);
  if (!loaded.ok) throw new Error('policy fixture does not load');
  const { policy } = loaded;
  const control = fc.constantFrom('\u0000', '\u0007', '\u001b', '\u007f', '\r', '\n', '\t', '\u202e', '\u200f');
  const name = fc.oneof(
    fc.constantFrom(...NAMES),
    fc.tuple(fc.constantFrom(...NAMES), control, fc.constantFrom('', ...NAMES)).map((parts) => parts.join('')),
  );
  const subject = fc.record({ id: name, key: fc.constantFrom(...NAMES), value: name, wave: name });
  const inherited = /\[native code\]|\[object Object\]/;

  it('every table cell, peer group, policy fact and link is the subject’s own, never an inherited member', () => {
    fc.assert(
      fc.property(fc.uniqueArray(subject, { selector: (s) => s.id, minLength: 1, maxLength: 5 }), (subjects) => {
        const profiles = subjects.map((s) =>
          scoreAssessment(named, {
            // fromEntries: a computed key '__proto__' in a literal would set the prototype instead
            subject: { id: s.id, name: s.id, attributes: Object.fromEntries([[s.key, s.value]]) },
            wave: s.wave,
            respondents: [{ id: 'r', answers: { FIN: 1, CTRL: 3, HR: 4 } }],
          }),
        );
        const recommendations = profiles.map((p) => guarded(() => recommend(p, policy)));
        // the rule {"!!": [{attribute: toString}]} gives PEERS as a second track
        expect(recommendations.map((r) => r.secondary.includes('PEERS'))).toEqual(subjects.map((s) => s.key === 'toString'));

        const table = profileTable(named, profiles, recommendations);
        for (const [i, s] of subjects.entries()) {
          const row = table.rows.find((r) => r[0] === s.id) as (string | number | null)[];
          for (const a of DECLARED)
            expect([s.id, a, row[table.columns.indexOf(a)]]).toEqual([s.id, a, a === s.key ? s.value : null]);
          expect(profiles[i]?.subject.attributes).toEqual(Object.fromEntries([[s.key, s.value]]));
        }

        const summary = summarizeCohort(named, profiles, { recommendations, policy });
        for (const a of DECLARED) {
          const groups = summary.groups.filter((g) => g.attribute === a);
          const expected = new Map<string | null, number>();
          for (const s of subjects) {
            const value = s.key === a ? s.value : null;
            expected.set(value, (expected.get(value) ?? 0) + 1);
          }
          expect(new Map(groups.map((g) => [g.value, g.n]))).toEqual(expected);
        }

        const links = Object.fromEntries(profiles.map((p) => [p.subject.id, 'subjects/s.html']));
        const input = { rubric: named, profiles, summary, recommendations, policy };
        const html = guarded(() => renderCohortReport({ ...input, links }));
        expect(html.split('href="subjects/s.html"').length - 1).toBe(subjects.length);
        for (const text of [html, renderMarkdownSummary(input), tableCsv(table)]) expect(text).not.toMatch(inherited);
      }),
      { numRuns: Math.min(RUNS, 300) },
    );
  });
});

describe('timestamps, generated', () => {
  const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const daysIn = (y: number, m: number) =>
    m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : (DAYS[m - 1] as number);
  const pad = (n: number, width: number, padded: boolean) => (padded ? String(n).padStart(width, '0') : String(n));
  /** A date and time that exist, with an offset (minutes) or none. */
  const moment = fc
    .record({
      y: fc.integer({ min: 1900, max: 2100 }),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 31 }),
      h: fc.integer({ min: 0, max: 23 }),
      min: fc.integer({ min: 0, max: 59 }),
      s: fc.option(fc.integer({ min: 0, max: 59 })),
      offset: fc.option(fc.integer({ min: -12 * 60, max: 14 * 60 })),
    })
    .map((t) => ({ ...t, d: Math.min(t.d, daysIn(t.y, t.m)) }));
  type Moment = typeof moment extends fc.Arbitrary<infer M> ? M : never;
  const instant = (t: Moment) => Date.UTC(t.y, t.m - 1, t.d, t.h, t.min, t.s ?? 0) - (t.offset ?? 0) * 60_000;
  /** A time of day as spreadsheets write it: 24 h, or 12 h with AM/PM; seconds when the moment has them. */
  const clock = (t: Moment, twelve: boolean, padded: boolean) => {
    const seconds = t.s === null ? '' : `:${pad(t.s, 2, true)}`;
    if (!twelve) return `${pad(t.h, 2, padded)}:${pad(t.min, 2, true)}${seconds}`;
    return `${(t.h % 12 || 12).toString()}:${pad(t.min, 2, true)}${seconds} ${t.h < 12 ? 'AM' : 'PM'}`;
  };
  const zone = (t: Moment) => {
    if (t.offset === null) return '';
    if (t.offset === 0) return 'Z';
    const a = Math.abs(t.offset);
    return `${t.offset < 0 ? '-' : '+'}${pad(Math.floor(a / 60), 2, true)}:${pad(a % 60, 2, true)}`;
  };
  const style = fc.record({
    twelve: fc.boolean(),
    padded: fc.boolean(),
    sep: fc.constantFrom('/', '.', '-'),
    dateOnly: fc.boolean(),
  });
  /** A moment rendered in one declared format, with the time it stands for. */
  const rendered = fc
    .tuple(moment, style, fc.constantFrom<TimestampOrder>('iso', 'day-first', 'month-first'))
    .map(([t, st, order]) => {
      const at = st.dateOnly ? { ...t, h: 0, min: 0, s: null, offset: null } : t;
      const time = st.dateOnly
        ? ''
        : order === 'iso'
          ? `T${clock(at, false, true)}${zone(at)}`
          : ` ${clock(at, st.twelve, st.padded)}`;
      const [a, b] = order === 'month-first' ? [at.m, at.d] : [at.d, at.m];
      const date =
        order === 'iso'
          ? `${at.y}-${pad(at.m, 2, true)}-${pad(at.d, 2, true)}`
          : `${pad(a, 2, st.padded)}${st.sep}${pad(b, 2, st.padded)}${st.sep}${at.y}`;
      // slashed dates carry no offset: a spreadsheet writes local wall-clock times
      const expected = order === 'iso' ? instant(at) : instant({ ...at, offset: null });
      return { text: `${date}${time}`, order, expected, ambiguous: order !== 'iso' && at.d <= 12 && at.m <= 12 && at.d !== at.m };
    });

  it('a date and time rendered in a declared format reads back as the same time', () => {
    fc.assert(
      fc.property(rendered, ({ text, order, expected }) => {
        expect(readTimestamp(text, order)).toEqual({ kind: 'time', time: expected });
      }),
      { numRuns: RUNS },
    );
  });

  it('undeclared, a slashed date is read when it reads one way alone, and otherwise reported with both its times, never mis-read', () => {
    fc.assert(
      fc.property(rendered, ({ text, order, expected, ambiguous }) => {
        const reading = readTimestamp(text, 'iso');
        if (ambiguous) {
          expect(reading.kind).toBe('ambiguous');
          if (reading.kind === 'ambiguous') expect(order === 'day-first' ? reading.dayFirst : reading.monthFirst).toBe(expected);
        } else expect(reading).toEqual({ kind: 'time', time: expected });
      }),
      { numRuns: RUNS },
    );
  });

  it('a day past the end of its month is unreadable, never rolled over', () => {
    fc.assert(
      fc.property(
        moment,
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom<TimestampOrder>('iso', 'day-first', 'month-first'),
        (t, past, order) => {
          const d = daysIn(t.y, t.m) + past;
          if (d > 31 && order !== 'iso') return;
          const text =
            order === 'iso'
              ? `${t.y}-${pad(t.m, 2, true)}-${d}`
              : order === 'day-first'
                ? `${d}/${t.m}/${t.y}`
                : `${t.m}/${d}/${t.y}`;
          expect(readTimestamp(text, order).kind).toBe('unreadable');
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('any text gives a reading and never throws', () => {
    const piece = fc.constantFrom(
      '2026',
      '03',
      '1',
      '/',
      '-',
      '.',
      ':',
      ' ',
      'T',
      'Z',
      '+02:00',
      'PM',
      'a.m.',
      '31',
      '13',
      '\u2212',
      ',',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
        ),
        fc.constantFrom<TimestampOrder>('iso', 'day-first', 'month-first'),
        (text, order) => {
          const reading = guarded(() => readTimestamp(text, order));
          expect(['time', 'ambiguous', 'unreadable']).toContain(reading.kind);
          if (reading.kind === 'time') expect(Number.isFinite(reading.time)).toBe(true);
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

describe('numbers, tick marks and ids, generated', () => {
  const FORMATS: NumberFormat[] = [
    { decimal: '.', thousands: ',' },
    { decimal: ',', thousands: '.' },
    { decimal: '.', thousands: ' ' },
    { decimal: ',', thousands: "'" },
    { decimal: '.', thousands: '' },
  ];
  /** A number written as a person would in a format: grouped or not, with a decimal part or not. */
  const written = fc
    .record({
      whole: fc.integer({ min: 0, max: 99_999_999 }),
      fraction: fc.option(fc.stringMatching(/^[0-9]{1,4}$/)),
      negative: fc.boolean(),
      grouped: fc.boolean(),
      format: fc.constantFrom(...FORMATS),
    })
    .map(({ whole, fraction, negative, grouped, format }) => {
      const digits = String(whole);
      const sep = grouped ? format.thousands : '';
      const groups = digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
      const text = `${negative ? '-' : ''}${groups}${fraction === null ? '' : `${format.decimal}${fraction}`}`;
      const value = Number(`${negative ? '-' : ''}${digits}${fraction === null ? '' : `.${fraction}`}`);
      return { text, value, format };
    });

  it('a number written in a declared format reads back as itself', () => {
    fc.assert(
      fc.property(written, ({ text, value, format }) => {
        expect(readNumber(text, format)).toEqual({ value });
      }),
      { numRuns: RUNS },
    );
  });

  it('undeclared, a number is read as itself or refused, never read as another number', () => {
    fc.assert(
      fc.property(written, ({ text, value }) => {
        const reading = readNumber(text);
        if ('value' in reading) expect(reading.value).toBe(value);
      }),
      { numRuns: RUNS },
    );
  });

  it('any text reads as a finite number or is refused, and never as an exponent, hex or binary literal', () => {
    const piece = fc.constantFrom('1', '0', '5', '٥', ',', '.', ' ', "'", '%', '-', '+', 'e', 'x', 'b', '\u200f', '٫', '٬');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(piece, { maxLength: 10 }).map((p) => p.join('')),
        ),
        (text) => {
          const reading = guarded(() => readNumber(text));
          if ('value' in reading) {
            expect(Number.isFinite(reading.value)).toBe(true);
            expect(text).not.toMatch(/[exb]/i);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a tick mark ticks, an unticked mark leaves, any other text is an invalid answer: never read as unticked', () => {
    const rubric = mustLoad(
      `mahvan: 1\nid: t\nversion: "1"\ntitle: {en: T}\nlocales: [en]\ntiers: [domain, indicator]\nscales:\n  docs:\n    type: checklist\n    points: {min: 1, max: 5}\n    options:\n      - {id: plan, label: {en: Plan}}\n      - {id: audit, label: {en: Audit}}\nnodes:\n  - id: D1\n    title: {en: D}\n    children:\n      - {id: I1, question: {en: Q}, scale: docs}\n`,
    );
    const mark = fc.oneof(
      fc.constantFrom('Y', 'V', '✔', 'x', '1', 'checked', 'N', '0', '-', '☐', ''),
      fc.string({ maxLength: 6 }),
    );
    const mapping = defaultMapping('limesurvey');
    // every mark the reader knows, normalized; an option's own id or label ticks it too
    const TICKS = new Map<string, boolean>([
      ...DEFAULT_UNCHECKED.map((m) => [normalizeLabel(m), false] as const),
      ...DEFAULT_CHECKED.map((m) => [normalizeLabel(m), true] as const),
      ['', false],
    ]);
    fc.assert(
      fc.property(mark, mark, (a, b) => {
        const cell = (m: string) => `"${m.replace(/"/g, '""')}"`;
        const reading = guarded(() =>
          readExport(parseCsv(`id,subject_id,I1[plan],I1[audit]\n1,S,${cell(a)},${cell(b)}\n`), rubric, mapping),
        );
        const { account } = reading;
        expect(account.scored + account.rejected + account.skipped).toBe(account.rows);
        const mark = (m: string, option: string) => (normalizeLabel(m) === option ? true : TICKS.get(normalizeLabel(m)));
        const [pa, pb] = [mark(a, 'plan'), mark(b, 'audit')];
        if (pa === undefined || pb === undefined) expect(account.scored).toBe(0);
        else if (normalizeLabel(a) === '' && normalizeLabel(b) === '')
          expect(reading.assessments[0]?.respondents[0]?.answers.I1).toBeUndefined();
        else
          expect(reading.assessments[0]?.respondents[0]?.answers.I1).toEqual({
            value: [...(pa ? ['plan'] : []), ...(pb ? ['audit'] : [])],
          });
      }),
      { numRuns: Math.min(RUNS, 2_000) },
    );
  });

  it('subject ids that differ by direction marks, case or the kind of hyphen are one subject, and each merge is reported', () => {
    const base = fc.stringMatching(/^[A-Za-z]{1,3}-[0-9]{1,3}$/);
    const variant = fc.record({
      mark: fc.constantFrom('', '\u200f', '\u200e', '\u202b', '\u2066'),
      hyphen: fc.constantFrom('-', '\u2011', '\u2013', '\u05be'),
      upper: fc.boolean(),
    });
    fc.assert(
      fc.property(base, fc.array(variant, { minLength: 1, maxLength: 6 }), (id, variants) => {
        const forms = variants.map((v) => `${v.mark}${(v.upper ? id.toUpperCase() : id.toLowerCase()).replace('-', v.hyphen)}`);
        const csv = `subject_id,respondent_id\n${forms.map((f, i) => `${f},r${i}`).join('\n')}\n`;
        const reading = readExport(parseCsv(csv), rubric, defaultMapping());
        expect(reading.assessments).toHaveLength(1);
        const distinct = new Set(forms).size;
        expect(reading.diagnostics.filter((d) => d.code === 'export-subject-ids-merged')).toHaveLength(distinct - 1);
      }),
      { numRuns: Math.min(RUNS, 2_000) },
    );
  });
});
