// The hand-written baseline for the realistic export (realistic.mjs): what a careful programmer writes for that
// one rubric, with no library. It streams the file, drops the BOM, cuts lines, reads each line with a small
// quote-aware cell scanner (names, job titles and comments may be quoted, with commas and doubled quotes inside;
// the generator writes no line breaks inside cells), finds each subject by id in a Map (the rows of subjects are
// interleaved), sums answers in typed arrays, and computes the same profile fields mahvan does, with the rubric's
// weights (see `profiles`).
import { createReadStream } from 'node:fs';
import { CAPABILITIES, DOMAINS, INDICATORS, PER_CAPABILITY } from './data.mjs';
import { weights } from './realistic.mjs';

/** Nodes per subject in the baseline's output: indicators, capabilities, domains, overall. */
export const NODES = INDICATORS + DOMAINS * CAPABILITIES + DOMAINS + 1;
/** The rubric's default: respondents whose answers differ by 2 points or more lower the confidence. */
const DISAGREEMENT = 2;
const SCORED = 0;
const MISSING = 1;
const QUOTE = 34;
/** Columns before the answers: subject_id, subject_name, respondent_id, role_title, comment. */
const LEADING = 5;

/** Each node's weight among its siblings: the indicators' from the rubric, 1 for capabilities and domains. */
const WEIGHT = Float64Array.from({ length: NODES }, (_, i) => (i < INDICATORS ? weights[i] : 1));

/** Per subject and indicator: the sum and count of answers, their lowest and highest (for the spread). */
function sums(subjects) {
  const n = subjects * INDICATORS;
  return { sum: new Float64Array(n), count: new Uint32Array(n), lo: new Uint8Array(n).fill(255), hi: new Uint8Array(n) };
}

function grownSums(acc, subjects) {
  const next = sums(subjects);
  for (const key of Object.keys(acc)) next[key].set(acc[key]);
  return next;
}

/** Where the cell starting at `start` ends: the index of its closing comma, or the line's length. */
function cellEnd(line, start) {
  if (line.charCodeAt(start) === QUOTE) {
    // a quoted cell ends at a quote not followed by another (a doubled quote is one quote of text)
    let q = line.indexOf('"', start + 1);
    while (q >= 0 && line.charCodeAt(q + 1) === QUOTE) q = line.indexOf('"', q + 2);
    start = q < 0 ? line.length : q + 1;
  }
  const comma = line.indexOf(',', start);
  return comma < 0 ? line.length : comma;
}

/** The text of the cell at [start, end): unquoted, doubled quotes made single. */
function cellText(line, start, end) {
  if (line.charCodeAt(start) !== QUOTE) return line.slice(start, end);
  return line.slice(start + 1, end - 1).replaceAll('""', '"');
}

/**
 * A copy of `text` that does not point into the chunk it was cut from: V8 keeps a slice of 13 characters or more
 * as a view of its parent, so keeping one name per subject would otherwise keep every 1 MiB chunk of the file.
 */
const own = (text) => (text.length < 13 ? text : ` ${text}`.slice(1));

/**
 * The profile fields mahvan computes for every node, for this rubric: score (indicator = mean of its answers,
 * group = weighted mean of its scored children), status (scored or missing), coverage (indicator answered or
 * not; group = weighted mean of its children's) and confidence (indicator: 1, or 0.5 when its respondents'
 * answers differ by DISAGREEMENT or more; 0 when unanswered; group = weighted mean of its children's).
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
    let scoredWeight = 0;
    let weight = 0;
    let covered = 0;
    let confident = 0;
    for (let j = 0; j < n; j++) {
      const c = o + from + j;
      const w = WEIGHT[from + j];
      weight += w;
      covered += w * coverage[c];
      confident += w * confidence[c];
      if (status[c] === SCORED) {
        total += w * score[c];
        scoredWeight += w;
      }
    }
    coverage[o + at] = covered / weight;
    confidence[o + at] = confident / weight;
    score[o + at] = scoredWeight > 0 ? total / scoredWeight : Number.NaN;
    status[o + at] = scoredWeight > 0 ? SCORED : MISSING;
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

/**
 * Realistic CSV file to scores, streaming: the hand-written end-to-end baseline. Returns the profiles (subject
 * s's nodes at [s × NODES, (s + 1) × NODES)), the subject ids and names in the order first seen, and the rows read.
 */
export async function scoreRealisticFile(path) {
  const subjects = new Map();
  const names = [];
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
    let end = cellEnd(line, 0);
    const id = cellText(line, 0, end);
    let s = subjects.get(id);
    if (s === undefined) {
      s = subjects.size;
      subjects.set(own(id), s);
      const from = end + 1;
      end = cellEnd(line, from);
      names.push(own(cellText(line, from, end)));
      if (s >= capacity) {
        capacity *= 2;
        acc = grownSums(acc, capacity);
      }
    } else end = cellEnd(line, end + 1);
    // the respondent, role and comment cells are skipped (the name's too, once the subject is known)
    for (let c = 2; c < LEADING; c++) end = cellEnd(line, end + 1);
    let start = end;
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
  let first = true;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    let text = rest + chunk;
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let from = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      row(text.slice(from, nl));
      from = nl + 1;
    }
    rest = text.slice(from);
  }
  row(rest);
  return { profiles: profiles(acc, subjects.size), subjects: [...subjects.keys()], names, rows };
}
