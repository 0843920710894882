// The hand-written baseline: what a careful programmer writes for this one rubric, with no library. It parses
// the CSV by splitting lines and commas (the bench data has no quotes), groups rows by subject in a Map, sums
// answers in typed arrays, and computes the same profile fields mahvan does (see `profiles`).
import { createReadStream } from 'node:fs';
import { CAPABILITIES, DOMAINS, INDICATORS, PER_CAPABILITY } from './data.mjs';

/** Nodes per subject in the baseline's output: indicators, capabilities, domains, overall. */
export const NODES = INDICATORS + DOMAINS * CAPABILITIES + DOMAINS + 1;
/** The bench rubric's default: respondents whose answers differ by 2 points or more lower the confidence. */
const DISAGREEMENT = 2;
const SCORED = 0;
const MISSING = 1;

/** Per subject and indicator: the sum and count of answers, their lowest and highest (for the spread). */
function sums(subjects) {
  const n = subjects * INDICATORS;
  return { sum: new Float64Array(n), count: new Uint16Array(n), lo: new Uint8Array(n).fill(255), hi: new Uint8Array(n) };
}

function grownSums(acc, subjects) {
  const next = sums(subjects);
  for (const key of Object.keys(acc)) next[key].set(acc[key]);
  return next;
}

/** Scores subjects from parsed rows: subject index per row and one answer per indicator (0 = blank). */
export function scoreRows(subjectOfRow, answers, rows, subjects) {
  const acc = sums(subjects);
  const { sum, count, lo, hi } = acc;
  for (let r = 0; r < rows; r++) {
    const base = subjectOfRow[r] * INDICATORS;
    const at = r * INDICATORS;
    for (let k = 0; k < INDICATORS; k++) {
      const v = answers[at + k];
      if (v !== 0) {
        const i = base + k;
        sum[i] += v;
        count[i]++;
        if (v < lo[i]) lo[i] = v;
        if (v > hi[i]) hi[i] = v;
      }
    }
  }
  return profiles(acc, subjects);
}

/**
 * The profile fields mahvan computes for every node, for this rubric: score (indicator = mean of its answers,
 * group = mean of its scored children), status (scored or missing), coverage (indicator answered or not; group
 * = mean of its children's) and confidence (indicator: 1, or 0.5 when its respondents' answers differ by
 * DISAGREEMENT or more; group = mean of its children's).
 */
function profiles({ sum, count, lo, hi }, subjects) {
  const size = subjects * NODES;
  const score = new Float64Array(size);
  const coverage = new Float64Array(size);
  const confidence = new Float64Array(size);
  const status = new Uint8Array(size);
  // one group: its score, coverage and confidence from the `n` children at `from` in the subject's nodes
  const group = (o, at, from, n) => {
    let total = 0;
    let scored = 0;
    let covered = 0;
    let confident = 0;
    for (let j = 0; j < n; j++) {
      const c = o + from + j;
      covered += coverage[c];
      confident += confidence[c];
      if (status[c] === SCORED) {
        total += score[c];
        scored++;
      }
    }
    coverage[o + at] = covered / n;
    confidence[o + at] = confident / n;
    score[o + at] = scored > 0 ? total / scored : Number.NaN;
    status[o + at] = scored > 0 ? SCORED : MISSING;
  };
  const CAPS = INDICATORS;
  const DOMS = CAPS + DOMAINS * CAPABILITIES;
  for (let s = 0; s < subjects; s++) {
    const o = s * NODES;
    const b = s * INDICATORS;
    for (let k = 0; k < INDICATORS; k++) {
      const n = count[b + k];
      if (n > 0) {
        score[o + k] = sum[b + k] / n;
        coverage[o + k] = 1;
        confidence[o + k] = n > 1 && hi[b + k] - lo[b + k] >= DISAGREEMENT ? 0.5 : 1;
      } else {
        score[o + k] = Number.NaN;
        status[o + k] = MISSING;
      }
    }
    for (let c = 0; c < DOMAINS * CAPABILITIES; c++) group(o, CAPS + c, c * PER_CAPABILITY, PER_CAPABILITY);
    for (let d = 0; d < DOMAINS; d++) group(o, DOMS + d, CAPS + d * CAPABILITIES, CAPABILITIES);
    group(o, NODES - 1, DOMS, DOMAINS);
  }
  return { score, coverage, confidence, status };
}

/** CSV file to scores, streaming: the hand-written end-to-end baseline. */
export async function scoreFile(path) {
  const subjects = new Map();
  let capacity = 1 << 16;
  let acc = sums(capacity);
  let rows = 0;
  let rest = '';
  let header = true;
  const row = (line) => {
    if (header) {
      header = false;
      return;
    }
    if (line === '') return;
    let start = line.indexOf(',');
    const id = line.slice(0, start);
    let s = subjects.get(id);
    if (s === undefined) {
      s = subjects.size;
      subjects.set(id, s);
      if (s >= capacity) {
        capacity *= 2;
        acc = grownSums(acc, capacity);
      }
    }
    start = line.indexOf(',', start + 1); // respondent
    const { sum, count, lo, hi } = acc;
    const base = s * INDICATORS;
    for (let k = 0; k < INDICATORS; k++) {
      const c = line.charCodeAt(start + 1);
      if (c >= 48 && c <= 57) {
        const v = c - 48;
        const i = base + k;
        sum[i] += v;
        count[i]++;
        if (v < lo[i]) lo[i] = v;
        if (v > hi[i]) hi[i] = v;
        start += 2;
      } else start += 1;
    }
    rows++;
  };
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + chunk;
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      row(text.slice(from, nl));
      from = nl + 1;
    }
    rest = text.slice(from);
  }
  row(rest);
  return { profiles: profiles(acc, subjects.size), subjects: [...subjects.keys()], rows };
}
