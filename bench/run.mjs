// npm run bench [-- --rows 1000000]: mahvan against a hand-written baseline measured in the same run, each
// result a ratio. BENCH_ROWS or --rows sets the size (CI runs 20,000). See README "Performance".
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createBatchScorer, defaultMapping, loadRubricFile, readExportFileBatch } from '../dist/node.js';
import { NODES, scoreFile, scoreRows } from './baseline.mjs';
import { ensureData, INDICATORS } from './data.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { rows: { type: 'string' }, quick: { type: 'boolean' } } });
const ROWS = Number(values.rows ?? process.env.BENCH_ROWS ?? 1_000_000);
const results = [];

/**
 * Medians of `runs` runs of a baseline and of mahvan, alternated (baseline, mahvan, baseline, ...) so that both
 * meet the machine in the same state: its memory is slow for a while and then fast again. Each run starts on a
 * collected heap (--expose-gc), and no result stays alive into the next run (a gigabyte of results slows what
 * runs after it).
 */
async function timeBoth(baseline, mahvan, runs = 3) {
  const times = { baseline: [], mahvan: [] };
  let result;
  const run = async (fn, into) => {
    result = undefined;
    globalThis.gc?.();
    const t = performance.now();
    result = await fn();
    into.push(performance.now() - t);
  };
  for (let i = 0; i < runs; i++) {
    if (baseline) await run(baseline, times.baseline);
    await run(mahvan, times.mahvan);
  }
  const median = (list) => list.sort((a, b) => a - b)[list.length >> 1];
  // mahvan's last result, for the checks: nothing is timed after it
  return { baseMs: baseline ? median(times.baseline) : undefined, ms: median(times.mahvan), result };
}
const report = (name, ms, baselineMs, target) => {
  const ratio = ms / baselineMs;
  results.push({ name, ms, baselineMs, ratio, target });
  const verdict = target === undefined ? '' : ratio <= target ? `  (target ≤ ${target}: met)` : `  (target ≤ ${target}: NOT met)`;
  console.log(`${name.padEnd(46)} ${ms.toFixed(0).padStart(7)} ms  baseline ${baselineMs.toFixed(0).padStart(7)} ms  × ${ratio.toFixed(2)}${verdict}`);
};

console.log(`mahvan bench: ${ROWS.toLocaleString('en')} rows × ${INDICATORS} indicators; node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`);
const { rubric: rubricPath, csv } = await ensureData(ROOT, ROWS);

// 4. Start-up, first: a process that has grown to gigabytes spawns children more slowly ---------------------------------------------------------------------------------------------------
// five fresh processes, each figure their median: the first load is one sample per process
const startups = Array.from({ length: 5 }, () =>
  JSON.parse(execFileSync(process.execPath, [join(ROOT, 'bench', 'startup.mjs')], { encoding: 'utf8' })),
);
const medianOf = (key) => startups.map((s) => s[key]).sort((a, b) => a - b)[startups.length >> 1];
const startup = { first: medianOf('first'), load: medianOf('load'), yaml: medianOf('yaml') };
report('4a. load 1,000-indicator rubric (vs YAML parse)', startup.load, startup.yaml);
// the target (< 100 ms) on both readings: a load once the code is warm, and the first in a fresh process
const verdict = (ms) => (ms < 100 ? 'met' : 'NOT met');
console.log(
  `    absolute (target < 100 ms): ${startup.load.toFixed(1)} ms warm, ${verdict(startup.load)}; the first load in a fresh process ${startup.first.toFixed(1)} ms, ${verdict(startup.first)}`,
);
const validate = await timeBoth(
  () => execFileSync(process.execPath, ['-e', '0']),
  () => execFileSync(process.execPath, [join(ROOT, 'dist/bin/mahvan.js'), 'validate', join(ROOT, 'rubrics/il-local-authority-capability.yaml')]),
  5,
);
report('4b. CLI validate shipped rubric (vs node -e 0; ≤ 3)', validate.ms, validate.baseMs, 3);

const { rubric } = await loadRubricFile(rubricPath);

// 1. Scoring rows already parsed ------------------------------------------------------------------------------
// (in a block, so that its data and results are collected before the next measures)
{
  const parsed = (() => {
    const lines = readFileSync(csv, 'utf8').split('\n').slice(1).filter(Boolean);
    const subjects = new Map();
    const subjectOfRow = new Int32Array(lines.length);
    const answers = new Uint8Array(lines.length * INDICATORS);
    lines.forEach((line, r) => {
      const cells = line.split(',');
      const id = cells[0];
      if (!subjects.has(id)) subjects.set(id, subjects.size);
      subjectOfRow[r] = subjects.get(id);
      for (let k = 0; k < INDICATORS; k++) answers[r * INDICATORS + k] = cells[k + 2] === '' ? 0 : Number(cells[k + 2]);
    });
    return { subjectOfRow, answers, rows: lines.length, ids: [...subjects.keys()] };
  })();
  // the baseline's results are computed again for the check
  const baseline = () => scoreRows(parsed.subjectOfRow, parsed.answers, parsed.rows, parsed.ids.length);
  const mahvanScore = await timeBoth(baseline, () => {
    const scorer = createBatchScorer(rubric);
    const codes = new Uint8Array(INDICATORS);
    // the subjects by index, as the baseline has them
    const subject = Int32Array.from(parsed.ids, (id) => scorer.subject(id));
    for (let r = 0; r < parsed.rows; r++) {
      for (let k = 0; k < INDICATORS; k++) {
        const v = parsed.answers[r * INDICATORS + k];
        codes[k] = v === 0 ? 0 : scorer.codeValue(k, v);
      }
      scorer.add(subject[parsed.subjectOfRow[r]], undefined, codes);
    }
    return scorer.finish();
  });
  checkSame(baseline(), parsed.ids, mahvanScore.result);
  report('1. scoring parsed rows (time; target ≤ 2)', mahvanScore.ms, mahvanScore.baseMs, 2);
}

// 2. End to end: CSV file → profiles ---------------------------------------------------------------------------
const mapping = defaultMapping('mahvan');
const runs = values.quick ? 1 : 3;
const baseline = () => scoreFile(csv);
{
  const apiFile = await timeBoth(baseline, () => readExportFileBatch(csv, rubric, mapping), runs);
  if (apiFile.result.account.scored !== ROWS) throw new Error(`the API scored ${apiFile.result.account.scored} of ${ROWS} rows`);
  const baseFile = await scoreFile(csv);
  checkSame(baseFile.profiles, baseFile.subjects, apiFile.result.profiles);
  report('2a. CSV → profiles, API (target ≤ 2)', apiFile.ms, apiFile.baseMs, 2);
}
// the same, each subject's scores handed over as computed and none kept (what a pipeline writing them out does)
const apiEach = await timeBoth(
  baseline,
  async () => {
    let overall = 0;
    await readExportFileBatch(csv, rubric, mapping, {
      each: (_, scores) => {
        const v = scores.score[scores.nodes.length - 1];
        if (!Number.isNaN(v)) overall += v;
      },
    });
    return overall;
  },
  runs,
);
report("2a'. CSV → profiles, API with each (target ≤ 2)", apiEach.ms, apiEach.baseMs, 2);
const cli = await timeBoth(
  baseline,
  () => execFileSync(process.execPath, [join(ROOT, 'dist/bin/mahvan.js'), 'score', '--rubric', rubricPath, '--preset', 'mahvan', '--format', 'csv', '-o', join(ROOT, '.bench-data', 'out.csv'), csv], { stdio: 'pipe' }),
  runs,
);
report('2b. CSV → profile table, CLI (target ≤ 2)', cli.ms, cli.baseMs, 2);

// the parsers mahvan could use, parsing the same text to rows of strings (in a fresh process); mahvan reads
// quoted text with papaparse's parser and cuts quote-free lines itself (see src/node/csv-file.ts)
const parsers = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'bench', 'parsers.mjs'), csv], { encoding: 'utf8', maxBuffer: 1 << 20 }));
for (const name of ['papaparse', 'udsv', 'csv-parse'])
  report(`   parser: ${name}${name === 'papaparse' ? ' (used where quotes are)' : ''} (vs split)`, parsers[name], parsers.split);

// 3. Memory: the API path in a fresh process --------------------------------------------------------------------
const memory = spawnSync(process.execPath, [join(ROOT, 'bench', 'memory.mjs'), rubricPath, csv], { encoding: 'utf8' });
const baseMemory = spawnSync(process.execPath, [join(ROOT, 'bench', 'memory.mjs')], { encoding: 'utf8' });
const rss = Number(memory.stdout.trim()) / 1024;
const rss0 = Number(baseMemory.stdout.trim()) / 1024;
console.log(`3. peak RSS, streaming the export (target < 300 MB)      ${rss.toFixed(0)} MB  (node alone ${rss0.toFixed(0)} MB, × ${(rss / rss0).toFixed(2)})${rss < 300 ? '  met' : '  NOT met'}`);
results.push({ name: 'peak RSS MB', ms: rss, baselineMs: rss0, ratio: rss / rss0, target: 300 });

/** The baseline's and mahvan's profiles agree on every subject and node: score, coverage, confidence, status. */
function checkSame(baseline, ids, profiles) {
  const where = new Map(profiles.subjects.map((key, s) => [key.split('\u0000')[0], s]));
  const nodeIndex = new Map(profiles.nodes.map((id, n) => [id, n]));
  const order = [];
  for (let d = 1; d <= 8; d++) for (let c = 1; c <= 4; c++) for (let i = 1; i <= 3; i++) order.push(`D${d}.C${c}.I${i}`);
  for (let d = 1; d <= 8; d++) for (let c = 1; c <= 4; c++) order.push(`D${d}.C${c}`);
  for (let d = 1; d <= 8; d++) order.push(`D${d}`);
  order.push('overall');
  let worst = 0;
  ids.forEach((id, s) => {
    const m = where.get(id);
    if (m === undefined) throw new Error(`mahvan has no profile of ${id}`);
    order.forEach((node, n) => {
      const at = m * profiles.nodes.length + nodeIndex.get(node);
      for (const field of ['score', 'coverage', 'confidence', 'status']) {
        const a = baseline[field][s * NODES + n];
        const b = profiles[field][at];
        if (Number.isNaN(a) !== Number.isNaN(b)) throw new Error(`${id} ${node} ${field}: baseline ${a}, mahvan ${b}`);
        if (!Number.isNaN(a)) worst = Math.max(worst, Math.abs(a - b));
      }
    });
  });
  if (worst > 1e-9) throw new Error(`profiles differ by up to ${worst}`);
}
