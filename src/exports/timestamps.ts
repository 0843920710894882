/**
 * How an export writes the dates of its timestamps. ISO 8601 (`2026-03-01 14:05:33`, `2026-03-01T14:05:33+02:00`)
 * is read under any of them; a slashed or dotted date (`01/03/2026`) is read day-first or month-first as declared,
 * and under `iso` (nothing declared) only when it reads one way alone.
 */
export type TimestampOrder = 'iso' | 'day-first' | 'month-first';

/** The values of the mapping's `timestamps:` key. */
export const TIMESTAMP_ORDERS = ['iso', 'day-first', 'month-first'] as const satisfies readonly TimestampOrder[];

/**
 * A timestamp cell read. Times are milliseconds: an instant when the text has an offset (`Z`, `+02:00`), and
 * otherwise its wall-clock time counted as if it were UTC, so no reading depends on the machine's time zone.
 * A date that reads both ways gives both times; a text that is no time says why.
 */
export type TimestampReading =
  | { kind: 'time'; time: number }
  | { kind: 'ambiguous'; dayFirst: number; monthFirst: number; why: string }
  | { kind: 'unreadable'; why: string };

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const NOT_A_TIME = 'it is not a date and time mahvan reads (such as 2026-03-01 14:05)';
const isDigit = (c: number) => c >= 48 && c <= 57;
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) => (m === 2 && leap(y) ? 29 : (DAYS[m - 1] as number));
/** A date as people say it, e.g. "1 March 2026". */
const said = (y: number, m: number, d: number) => `${d} ${MONTHS[m - 1]} ${y}`;

/** A scan over one text: each step reads a part at `at` and moves past it (-1: the part is not there). */
class Scan {
  at = 0;
  constructor(readonly text: string) {}
  /** From `min` to `max` digits, as a number. */
  digits(min: number, max: number): number {
    const { text } = this;
    let n = 0;
    let i = this.at;
    while (i < text.length && i - this.at < max && isDigit(text.charCodeAt(i))) n = n * 10 + text.charCodeAt(i++) - 48;
    if (i - this.at < min) return -1;
    this.at = i;
    return n;
  }
  /** The character code at the cursor (NaN past the end). */
  peek(): number {
    return this.text.charCodeAt(this.at);
  }
  skipSpaces(): number {
    const start = this.at;
    while (this.peek() === 32) this.at++;
    return this.at - start;
  }
  done(): boolean {
    return this.at === this.text.length;
  }
}

/**
 * Reads a timestamp cell: `YYYY-MM-DD` (or `/`, `.`), or a slashed, dotted or dashed date with the year last
 * (`01/03/2026`), then optionally a time (`14:05`, `14:05:33`, `14:05:33.250`, `2:05 PM`) after `T`, a space or
 * a comma, then optionally an offset (`Z`, `+02:00`, `+0200`, `+02`). Impossible dates (31/02) and times (25:00)
 * are unreadable, never rolled over. A scan, not a regular expression: it runs once per row of large exports.
 */
export function readTimestamp(text: string, order: TimestampOrder = 'iso'): TimestampReading {
  const s = new Scan(text.trim());
  const first = s.digits(1, 4);
  if (first < 0) return unreadable(NOT_A_TIME);
  const firstLength = s.at;
  const sep = s.peek();
  if (sep !== 45 && sep !== 47 && sep !== 46) return unreadable(NOT_A_TIME);
  s.at++;
  const second = s.digits(1, 2);
  if (second < 0 || s.peek() !== sep) return unreadable(NOT_A_TIME);
  s.at++;
  const thirdStart = s.at;
  const third = s.digits(1, 4);
  if (third < 0) return unreadable(NOT_A_TIME);
  const thirdLength = s.at - thirdStart;
  const clock = readClock(s);
  if (typeof clock === 'string') return unreadable(clock);
  if (firstLength === 4) {
    if (thirdLength > 2) return unreadable(NOT_A_TIME);
    return dated(first, second, third, clock);
  }
  if (firstLength > 2 || thirdLength !== 4)
    return unreadable(thirdLength === 2 ? 'its year has two digits: write all four (2026)' : NOT_A_TIME);
  return ordered(first, second, third, clock, order);
}

/** A date with the year last: by the declared order, or, undeclared, the one way it reads. */
function ordered(a: number, b: number, y: number, clock: Clock, order: TimestampOrder): TimestampReading {
  if (order === 'day-first') return dated(y, b, a, clock, 'timestamps: day-first');
  if (order === 'month-first') return dated(y, a, b, clock, 'timestamps: month-first');
  if (a > 12 || a === b) return dated(y, b, a, clock);
  if (b > 12) return dated(y, a, b, clock);
  // both parts are at most 12: both readings are dates that exist
  const dayFirst = dated(y, b, a, clock) as { kind: 'time'; time: number };
  const monthFirst = dated(y, a, b, clock) as { kind: 'time'; time: number };
  const why = `it could be ${said(y, b, a)} (day first) or ${said(y, a, b)} (month first)`;
  return { kind: 'ambiguous', dayFirst: dayFirst.time, monthFirst: monthFirst.time, why };
}

/** The time of a date and a clock, or why there is none (a month or day that does not exist). */
function dated(y: number, m: number, d: number, clock: Clock, declared?: string): TimestampReading {
  const under = declared ? ` (read as ${declared})` : '';
  if (y < 1000) return unreadable(NOT_A_TIME);
  if (m < 1 || m > 12) return unreadable(`${m} is not a month${under}`);
  if (d < 1 || d > daysIn(y, m)) return unreadable(`${MONTHS[m - 1]} ${y} has no day ${d}${under}`);
  const time = Date.UTC(y, m - 1, d, clock.hour, clock.minute, clock.second, clock.ms) - clock.offset;
  return { kind: 'time', time };
}

/** A time of day and its offset from UTC in milliseconds (0 when the text has none). */
interface Clock {
  hour: number;
  minute: number;
  second: number;
  ms: number;
  offset: number;
}
const MIDNIGHT: Clock = Object.freeze({ hour: 0, minute: 0, second: 0, ms: 0, offset: 0 });

/** The time after a date (midnight when there is none), or why it is no time. */
function readClock(s: Scan): Clock | string {
  if (s.done()) return MIDNIGHT;
  // the date and the time are apart by T, spaces, or a comma and spaces
  if (s.peek() === 84 || s.peek() === 116) s.at++;
  else if (s.peek() === 44) {
    s.at++;
    s.skipSpaces();
  } else if (s.skipSpaces() === 0) return NOT_A_TIME;
  let hour = s.digits(1, 2);
  if (hour < 0 || s.peek() !== 58) return NOT_A_TIME;
  s.at++;
  const minute = s.digits(2, 2);
  let second = 0;
  let ms = 0;
  if (s.peek() === 58) {
    s.at++;
    second = s.digits(2, 2);
    if (s.peek() === 46 || s.peek() === 44) {
      s.at++;
      const start = s.at;
      const fraction = s.digits(1, 9);
      if (fraction < 0) return NOT_A_TIME;
      const length = s.at - start;
      ms = length <= 3 ? fraction * 10 ** (3 - length) : Math.floor(fraction / 10 ** (length - 3));
    }
  }
  if (minute < 0 || second < 0) return NOT_A_TIME;
  s.skipSpaces();
  const half = meridiem(s);
  if (half === undefined) return NOT_A_TIME;
  if (half !== 0) {
    if (hour < 1 || hour > 12) return `${hour} is not an hour of a ${half < 0 ? 'AM' : 'PM'} time`;
    hour = (hour % 12) + (half > 0 ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return `there is no time ${hour}:${two(minute)}:${two(second)} in a day`;
  s.skipSpaces();
  const offset = readOffset(s);
  if (offset === undefined || !s.done()) return NOT_A_TIME;
  return { hour, minute, second, ms, offset };
}

/** AM (-1), PM (1), neither (0), or undefined for letters that are neither. */
function meridiem(s: Scan): number | undefined {
  const c = s.peek() | 32;
  if (c !== 97 && c !== 112) return 0;
  const rest = s.text.slice(s.at, s.at + 4).toLowerCase();
  const word = rest.startsWith('a.m.') || rest.startsWith('p.m.') ? 4 : rest[1] === 'm' ? 2 : 0;
  if (word === 0) return undefined;
  s.at += word;
  s.skipSpaces();
  return c === 97 ? -1 : 1;
}

/** The offset from UTC in milliseconds: Z, ±HH, ±HHMM or ±HH:MM; 0 when there is none; undefined for a wrong one. */
function readOffset(s: Scan): number | undefined {
  const c = s.peek();
  if (c === 90 || c === 122) {
    s.at++;
    return 0;
  }
  if (c !== 43 && c !== 45 && c !== 0x2212) return s.done() ? 0 : undefined;
  s.at++;
  const hours = s.digits(2, 2);
  if (s.peek() === 58) s.at++;
  const minutes = s.done() ? 0 : s.digits(2, 2);
  if (hours < 0 || minutes < 0 || hours > 14 || minutes > 59) return undefined;
  return (c === 43 ? 1 : -1) * (hours * 60 + minutes) * 60_000;
}

const unreadable = (why: string): TimestampReading => ({ kind: 'unreadable', why });
const two = (n: number) => String(n).padStart(2, '0');
