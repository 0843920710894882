// The hand-written baseline: what a careful programmer writes for this one rubric, with no library. It parses
// the CSV by splitting lines and commas (the bench data has no quotes), groups rows by subject in a Map, sums
// answers in typed arrays, and computes the same scores mahvan does: indicator = mean of its answers,
// capability = mean of its indicators, domain = mean of its capabilities, overall = mean of the domains,
// leaving out what is missing.
import { createReadStream } from 'node:fs';
import { CAPABILITIES, DOMAINS, INDICATORS, PER_CAPABILITY } from './data.mjs';

/** Nodes per subject in the baseline's output: indicators, capabilities, domains, overall. */
export const NODES = INDICATORS + DOMAINS * CAPABILITIES + DOMAINS + 1;

/** Scores subjects from parsed rows: subject index per row and one answer per indicator (0 = blank). */
export function scoreRows(subjectOfRow, answers, rows, subjects) {
  const sum = new Float64Array(subjects * INDICATORS);
  const count = new Uint16Array(subjects * INDICATORS);
  for (let r = 0; r < rows; r++) {
    const base = subjectOfRow[r] * INDICATORS;
    const at = r * INDICATORS;
    for (let k = 0; k < INDICATORS; k++) {
      const v = answers[at + k];
      if (v !== 0) {
        sum[base + k] += v;
        count[base + k]++;
      }
    }
  }
  return scoreSums(sum, count, subjects);
}

function scoreSums(sum, count, subjects) {
  const out = new Float64Array(subjects * NODES).fill(Number.NaN);
  for (let s = 0; s < subjects; s++) {
    const o = s * NODES;
    const b = s * INDICATORS;
    let overall = 0;
    let domainsScored = 0;
    for (let d = 0; d < DOMAINS; d++) {
      let domain = 0;
      let capsScored = 0;
      for (let c = 0; c < CAPABILITIES; c++) {
        let cap = 0;
        let scored = 0;
        for (let i = 0; i < PER_CAPABILITY; i++) {
          const k = (d * CAPABILITIES + c) * PER_CAPABILITY + i;
          if (count[b + k] > 0) {
            const v = sum[b + k] / count[b + k];
            out[o + k] = v;
            cap += v;
            scored++;
          }
        }
        if (scored > 0) {
          const v = cap / scored;
          out[o + INDICATORS + d * CAPABILITIES + c] = v;
          domain += v;
          capsScored++;
        }
      }
      if (capsScored > 0) {
        const v = domain / capsScored;
        out[o + INDICATORS + DOMAINS * CAPABILITIES + d] = v;
        overall += v;
        domainsScored++;
      }
    }
    if (domainsScored > 0) out[o + NODES - 1] = overall / domainsScored;
  }
  return out;
}

/** CSV file to scores, streaming: the hand-written end-to-end baseline. */
export async function scoreFile(path) {
  const subjects = new Map();
  let capacity = 1 << 16;
  let sum = new Float64Array(capacity * INDICATORS);
  let count = new Uint16Array(capacity * INDICATORS);
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
        const ns = new Float64Array(capacity * INDICATORS);
        ns.set(sum);
        sum = ns;
        const nc = new Uint16Array(capacity * INDICATORS);
        nc.set(count);
        count = nc;
      }
    }
    start = line.indexOf(',', start + 1); // respondent
    const base = s * INDICATORS;
    for (let k = 0; k < INDICATORS; k++) {
      const c = line.charCodeAt(start + 1);
      if (c >= 48 && c <= 57) {
        sum[base + k] += c - 48;
        count[base + k]++;
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
  return { scores: scoreSums(sum, count, subjects.size), subjects: [...subjects.keys()], rows };
}
