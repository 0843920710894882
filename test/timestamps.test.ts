// Timestamps as survey tools and spreadsheets write them, read the one way they say or reported where they do not,
// and the duplicates policy ordering a respondent's submissions only by times it knows (issue 20, class 3).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMapping, loadMapping, type Mapping, readExport, readTimestamp, type TimestampOrder } from '../src/index.js';
import { runCli } from './helpers/cli.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const rubric = mustLoad(readRepoFile('test', 'fixtures', 'exports', 'presets', 'rubric.yaml'));
/** Milliseconds of a wall-clock time counted as UTC; `month` is 1-based, as written. */
const at = (y: number, month: number, d: number, h = 0, m = 0, s = 0, ms = 0) => Date.UTC(y, month - 1, d, h, m, s, ms);

describe('readTimestamp', () => {
  it.each<[string, TimestampOrder, number]>([
    // what the tools write: Qualtrics and LimeSurvey, mahvan's template, Kobo with an offset and in UTC
    ['2026-03-01 14:05:33', 'iso', at(2026, 3, 1, 14, 5, 33)],
    ['2026-03-01T14:05:33', 'iso', at(2026, 3, 1, 14, 5, 33)],
    ['2026-03-01T14:05:33.250+02:00', 'iso', at(2026, 3, 1, 12, 5, 33, 250)],
    ['2026-03-01T14:05:33.5+0200', 'iso', at(2026, 3, 1, 12, 5, 33, 500)],
    ['2026-03-01T01:00:00+03', 'iso', at(2026, 2, 28, 22)],
    ['2026-03-01T14:05:33Z', 'iso', at(2026, 3, 1, 14, 5, 33)],
    ['2026-03-01T14:05:33-05:00', 'iso', at(2026, 3, 1, 19, 5, 33)],
    ['2026-03-01', 'iso', at(2026, 3, 1)],
    ['2026/03/01 14:05', 'iso', at(2026, 3, 1, 14, 5)],
    ['  2026-03-01 14:05  ', 'iso', at(2026, 3, 1, 14, 5)],
    // ISO is read whatever the declared order
    ['2026-03-01 14:05', 'day-first', at(2026, 3, 1, 14, 5)],
    ['2026-03-01 14:05', 'month-first', at(2026, 3, 1, 14, 5)],
    // Israeli spreadsheets: day first, 24 h, with or without seconds
    ['01/03/2026 14:05', 'day-first', at(2026, 3, 1, 14, 5)],
    ['1/3/2026 14:05:33', 'day-first', at(2026, 3, 1, 14, 5, 33)],
    ['01.03.2026 14:05', 'day-first', at(2026, 3, 1, 14, 5)],
    ['01-03-2026', 'day-first', at(2026, 3, 1)],
    // US Google Sheets: month first, 12 h
    ['3/1/2026 2:05:33 PM', 'month-first', at(2026, 3, 1, 14, 5, 33)],
    ['3/1/2026 12:05 AM', 'month-first', at(2026, 3, 1, 0, 5)],
    ['3/1/2026 12:05 pm', 'month-first', at(2026, 3, 1, 12, 5)],
    ['3/1/2026, 2:05 p.m.', 'month-first', at(2026, 3, 1, 14, 5)],
    // undeclared, a slashed date is read when it reads one way alone: a part above 12, or day and month the same
    ['13/02/2026 08:00', 'iso', at(2026, 2, 13, 8)],
    ['02/13/2026 08:00', 'iso', at(2026, 2, 13, 8)],
    ['03/03/2026', 'iso', at(2026, 3, 3)],
    ['29/02/2024', 'iso', at(2024, 2, 29)],
  ])('%s (%s) is read', (text, order, time) => {
    expect(readTimestamp(text, order)).toEqual({ kind: 'time', time });
  });

  it.each<[string, TimestampOrder, string]>([
    ['01/03/2026 14:05', 'iso', 'it could be 1 March 2026 (day first) or 3 January 2026 (month first)'],
    ['3/1/2026 2:05 PM', 'iso', 'it could be 3 January 2026 (day first) or 1 March 2026 (month first)'],
  ])('%s (%s) is ambiguous, with both its times', (text, order, why) => {
    expect(readTimestamp(text, order)).toMatchObject({ kind: 'ambiguous', why });
    const reading = readTimestamp(text, order) as { dayFirst: number; monthFirst: number };
    expect([reading.dayFirst, reading.monthFirst]).toEqual(
      text.startsWith('01') ? [at(2026, 3, 1, 14, 5), at(2026, 1, 3, 14, 5)] : [at(2026, 1, 3, 14, 5), at(2026, 3, 1, 14, 5)],
    );
  });

  it.each<[string, TimestampOrder, string]>([
    // impossible dates are never rolled over into the next month
    ['31/02/2026', 'iso', 'February 2026 has no day 31'],
    ['31/02/2026', 'day-first', 'February 2026 has no day 31 (read as timestamps: day-first)'],
    ['29/02/2026', 'day-first', 'February 2026 has no day 29 (read as timestamps: day-first)'],
    ['2026-02-29', 'iso', 'February 2026 has no day 29'],
    ['04/31/2026', 'iso', 'April 2026 has no day 31'],
    ['2026-13-01', 'iso', '13 is not a month'],
    // a declared order is followed, not second-guessed
    ['13/02/2026', 'month-first', '13 is not a month (read as timestamps: month-first)'],
    ['02/13/2026', 'day-first', '13 is not a month (read as timestamps: day-first)'],
    ['2026-03-01 24:00', 'iso', 'there is no time 24:00:00 in a day'],
    ['2026-03-01 23:60', 'iso', 'there is no time 23:60:00 in a day'],
    ['3/1/2026 13:05 PM', 'month-first', '13 is not an hour of a PM time'],
    ['3/1/2026 0:05 AM', 'month-first', '0 is not an hour of a AM time'],
    ['1/3/26 14:05', 'day-first', 'its year has two digits: write all four (2026)'],
    ['soon', 'iso', 'it is not a date and time mahvan reads (such as 2026-03-01 14:05)'],
    ['2026-03-01 14:05 tomorrow', 'iso', 'it is not a date and time mahvan reads (such as 2026-03-01 14:05)'],
    ['2026-03-01T14:05+15:00', 'iso', 'it is not a date and time mahvan reads (such as 2026-03-01 14:05)'],
    ['1772373900000', 'iso', 'it is not a date and time mahvan reads (such as 2026-03-01 14:05)'],
  ])('%s (%s) is unreadable: %s', (text, order, why) => {
    expect(readTimestamp(text, order)).toEqual({ kind: 'unreadable', why });
  });

  it("reads the same in every time zone the machine may have (wall-clock times count as UTC's)", () => {
    const before = process.env.TZ;
    const texts = ['2026-03-27 02:30', '2026-10-25 01:30', '01/03/2026 14:05', '2026-03-01T14:05+02:00'];
    const read = () => texts.map((t) => readTimestamp(t, 'day-first'));
    const expected = [at(2026, 3, 27, 2, 30), at(2026, 10, 25, 1, 30), at(2026, 3, 1, 14, 5), at(2026, 3, 1, 12, 5)];
    try {
      for (const zone of ['UTC', 'Asia/Jerusalem', 'America/New_York', 'Pacific/Kiritimati']) {
        process.env.TZ = zone;
        expect(read().map((r) => (r.kind === 'time' ? r.time : r.kind))).toEqual(expected);
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});

describe('duplicate submissions ordered by their timestamps', () => {
  const header = ['subject_id', 'respondent_id', 'submitted_at', 'util.rate'];
  const mappingWith = (extra: Partial<Mapping> = {}): Mapping => ({ ...defaultMapping('mahvan'), ...extra });
  const read = (stamps: string[], mapping: Mapping) =>
    readExport(
      {
        header,
        headerRows: [header],
        rows: stamps.map((t, i) => ({ row: i + 2, cells: ['LA-1', 'r1', t, String(10 * (i + 1))] })),
      },
      rubric,
      mapping,
      { file: 'x.csv' },
    );
  /** The row kept (its util.rate is 10 × its position), or undefined when none is. */
  const kept = (reading: ReturnType<typeof read>) => {
    const value = reading.assessments[0]?.respondents[0]?.answers['util.rate'];
    return typeof value === 'object' && value !== null && 'value' in value ? (value.value as number) / 10 + 1 : undefined;
  };

  it.each<[string, string[], Partial<Mapping>, number]>([
    // Date.parse read these month first: 3 January and 1 February, and kept row 3, the older
    ['day-first dates under timestamps: day-first', ['01/03/2026 14:05', '02/01/2026 09:00'], { timestamps: 'day-first' }, 2],
    // Date.parse gave NaN for 13/02/2026, and row order decided
    ['a day above 12, undeclared', ['2026-02-20 10:00', '13/02/2026 08:00'], {}, 2],
    ['a PM time, day first', ['13/03/2026 1:00 PM', '13/03/2026 11:00 AM'], { timestamps: 'day-first' }, 2],
    // both readings of an ambiguous date are before the other submission: which is latest is known (a guard: the
    // month-first reading Date.parse made agreed)
    ['an ambiguous date both of whose readings come first', ['01/02/2026 10:00', '2026-03-01 09:00'], {}, 3],
    // the first by time, not by row
    [
      'policy first: the earliest',
      ['2026-03-05 10:00', '2026-03-01 10:00'],
      { policies: { duplicates: 'first', invalid: 'reject-row' } },
      3,
    ],
  ])('%s', (_, stamps, extra, row) => {
    const reading = read(stamps, mappingWith(extra));
    expect(kept(reading)).toBe(row);
    expect(reading.account).toMatchObject({ rows: stamps.length, scored: 1, rejected: stamps.length - 1 });
    expect(reading.account.rejections.map((r) => r.code)).toEqual(['row-duplicate']);
  });

  it.each<[string, string[], string, boolean]>([
    [
      'ambiguous dates',
      ['01/03/2026 14:05', '02/01/2026 09:00'],
      "C2 holds '01/03/2026 14:05': it could be 1 March 2026 (day first) or 3 January 2026 (month first)",
      true,
    ],
    [
      'an impossible date',
      ['31/02/2026 10:00', '2026-02-01 10:00'],
      "C2 holds '31/02/2026 10:00': February 2026 has no day 31",
      false,
    ],
    ['a blank timestamp', ['2026-02-01 10:00', ''], 'C3 is blank', false],
  ])('%s: no submission is kept, each is rejected, and the cell and the reason are given', (_, stamps, note, ambiguous) => {
    const reading = read(stamps, mappingWith());
    expect(reading.account).toEqual({
      rows: 2,
      scored: 0,
      rejected: 2,
      skipped: 0,
      rejections: [2, 3].map((row) => ({
        row,
        cell: `B${row}`,
        column: 'respondent_id',
        value: 'r1',
        reason: `duplicate submission, and which is the latest is unknown: ${note}`,
        code: 'row-duplicate-unordered',
      })),
    });
    const unordered = reading.diagnostics.find((d) => d.code === 'row-duplicate-unordered');
    expect(unordered).toMatchObject({ severity: 'error', range: { start: { line: Number(note.slice(1, 2)), column: 3 } } });
    expect(unordered?.message).toBe(
      `Respondent 'r1' of 'LA-1' submitted 2 times, and which is the latest is unknown: ${note}; every submission is rejected.`,
    );
    expect(unordered?.hint).toContain(ambiguous ? 'timestamps: day-first' : 'Fill in or correct the timestamp');
  });

  it('reports an ambiguous or unreadable timestamp at its cell, with what to do, even when no duplicate needs it', () => {
    const reading = read(['01/03/2026 14:05', '31/02/2026', '2026-03-01 10:00'], {
      ...mappingWith(),
      policies: { duplicates: 'reject', invalid: 'reject-row' },
    });
    const warnings = reading.diagnostics.filter((d) => d.code === 'row-unreadable-timestamp');
    expect(warnings.map((d) => [d.severity, d.range?.start.line, d.range?.start.column, d.message])).toEqual([
      [
        'warning',
        2,
        3,
        "Cell C2 (column 'submitted_at') holds '01/03/2026 14:05': it could be 1 March 2026 (day first) or 3 January 2026 (month first); its time is unknown.",
      ],
      ['warning', 3, 3, "Cell C3 (column 'submitted_at') holds '31/02/2026': February 2026 has no day 31; its time is unknown."],
    ]);
    expect(warnings[0]?.hint).toContain('timestamps: day-first');
    expect(warnings[1]?.hint).toContain('2026-03-01 14:05');
  });

  it('reports each kind once per export, at its first cell, with how many other cells share it', () => {
    const reading = read(['01/03/2026 14:05', '02/03/2026 09:00', '31/02/2026', '03/04/2026', '30/02/2026'], mappingWith());
    const warnings = reading.diagnostics.filter((d) => d.code === 'row-unreadable-timestamp');
    expect(warnings.map((d) => [d.range?.start.line, d.message])).toEqual([
      [
        2,
        "Cell C2 (column 'submitted_at') holds '01/03/2026 14:05': it could be 1 March 2026 (day first) or 3 January 2026 (month first); its time is unknown, as is the time of 2 other cell(s) of this column that read both ways.",
      ],
      [
        4,
        "Cell C4 (column 'submitted_at') holds '31/02/2026': February 2026 has no day 31; its time is unknown, as is the time of 1 other cell(s) of this column that are not a date and time.",
      ],
    ]);
  });

  it('does not depend on the time zone of the machine', () => {
    const before = process.env.TZ;
    // 02:30 on 27 March 2026 does not exist in Israel (clocks jump from 02:00 to 03:00): Date.parse made it 03:30,
    // after 03:15; as wall-clock times 03:15 is the later
    const stamps = ['2026-03-27 03:15', '2026-03-27 02:30'];
    try {
      for (const zone of ['UTC', 'Asia/Jerusalem', 'America/New_York']) {
        process.env.TZ = zone;
        expect(kept(read(stamps, mappingWith()))).toBe(2);
      }
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});

describe('the timestamps: key of a mapping file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mahvan-timestamps-'));

  it('loads, and the CLI reads the export by it', async () => {
    const loaded = loadMapping('mahvan-mapping: 1\npreset: mahvan\ntimestamps: day-first\n');
    expect(loaded.ok && loaded.mapping.timestamps).toBe('day-first');
    writeFileSync(join(dir, 'mapping.yaml'), 'mahvan-mapping: 1\ntimestamps: day-first\n');
    writeFileSync(
      join(dir, 'export.csv'),
      'subject_id,respondent_id,submitted_at,util.rate\nLA-1,r1,01/03/2026 14:05,90\nLA-1,r1,02/01/2026 09:00,10\n',
    );
    const rubricPath = join('test', 'fixtures', 'exports', 'presets', 'rubric.yaml');
    const out = join(dir, 'out.json');
    const declared = await runCli([
      'score',
      '--rubric',
      rubricPath,
      '--mapping',
      join(dir, 'mapping.yaml'),
      join(dir, 'export.csv'),
      '-o',
      out,
    ]);
    expect(declared.status).toBe(0);
    expect(declared.stderr).toContain('2 rows: 1 scored, 1 rejected, 0 skipped');
    expect(declared.stderr).toContain('row 2 is kept');
    // without it, neither is kept and the run says where and why
    const undeclared = await runCli(['score', '--rubric', rubricPath, '--preset', 'mahvan', join(dir, 'export.csv'), '-o', out]);
    expect(undeclared.stderr).toContain('2 rows: 0 scored, 2 rejected, 0 skipped');
    expect(undeclared.stderr).toMatch(/export\.csv:2:3 warning row-unreadable-timestamp Cell C2/);
    expect(undeclared.stderr).toMatch(/export\.csv:2:3 error row-duplicate-unordered/);
    expect(undeclared.status).not.toBe(0);
  });

  it('is rejected at its line when it is not one of the orders', () => {
    const loaded = loadMapping('mahvan-mapping: 1\ntimestamps: dd/mm/yyyy\n');
    expect(loaded.ok).toBe(false);
    expect(loaded.diagnostics.map((d) => [d.code, d.range?.start.line])).toEqual([['schema-invalid-value', 2]]);
  });
});
