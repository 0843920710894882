// Seeded benchmark data: a rubric of 8 domains × 4 capabilities × 3 indicators (96, levels 1..5, respondents
// combined by their mean) and a CSV export in mahvan's template layout with about 3.15 respondents per subject,
// some answers blank. The same arguments give the same bytes.
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

export const DOMAINS = 8;
export const CAPABILITIES = 4;
export const PER_CAPABILITY = 3;
export const INDICATORS = DOMAINS * CAPABILITIES * PER_CAPABILITY;

/** mulberry32 */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const indicatorId = (d, c, i) => `D${d + 1}.C${c + 1}.I${i + 1}`;

/** The benchmark rubric as YAML, with `indicators` indicators per capability (1,000-indicator variant for start-up). */
export function rubricYaml({ domains = DOMAINS, capabilities = CAPABILITIES, perCapability = PER_CAPABILITY } = {}) {
  const lines = [
    'mahvan: 1',
    'id: bench',
    'version: "1"',
    'title: {he: "מחוון מדידה", en: Benchmark rubric}',
    'locales: [he, en]',
    'tiers: [domain, capability, indicator]',
    'scales:',
    '  five:',
    '    type: ordinal',
    '    levels:',
    ...[1, 2, 3, 4, 5].map((v) => `      - {value: ${v}, label: {he: "רמה ${v}", en: "Level ${v}"}}`),
    'levels:',
    '  - {id: low, label: Low, from: 1}',
    '  - {id: basic, label: Basic, from: 2}',
    '  - {id: solid, label: Solid, from: 3}',
    '  - {id: high, label: High, from: 4}',
    'scoring: {aggregation: mean, respondents: {combine: mean}}',
    'nodes:',
  ];
  for (let d = 0; d < domains; d++) {
    lines.push(`  - id: D${d + 1}`, `    title: Domain ${d + 1}`, '    children:');
    for (let c = 0; c < capabilities; c++) {
      lines.push(`      - id: D${d + 1}.C${c + 1}`, `        title: Capability ${d + 1}.${c + 1}`, '        children:');
      for (let i = 0; i < perCapability; i++)
        lines.push(`          - {id: ${indicatorId(d, c, i)}, title: Indicator ${d + 1}.${c + 1}.${i + 1}, question: "Q ${d + 1}.${c + 1}.${i + 1}?", scale: five}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Writes `rows` rows of export to `path`: subject_id, respondent_id, then one column per indicator. */
export async function writeExport(path, rows, seed = 42) {
  const rand = prng(seed);
  const ids = [];
  for (let d = 0; d < DOMAINS; d++) for (let c = 0; c < CAPABILITIES; c++) for (let i = 0; i < PER_CAPABILITY; i++) ids.push(indicatorId(d, c, i));
  const out = createWriteStream(path);
  const write = async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`subject_id,respondent_id,${ids.join(',')}\n`);
  let subject = 0;
  let left = 0;
  let chunk = '';
  for (let r = 0; r < rows; r++) {
    if (left === 0) {
      subject++;
      left = 2 + Math.floor(rand() * 3) + (rand() < 0.15 ? 1 : 0);
    }
    left--;
    const ability = 1 + ((subject * 2654435761) % 1000) / 250;
    const cells = [`S${subject}`, `S${subject}-r${left}`];
    for (let k = 0; k < INDICATORS; k++) {
      const x = rand();
      cells.push(x < 0.05 ? '' : String(Math.max(1, Math.min(5, Math.round(ability + (x - 0.5) * 2)))));
    }
    chunk += `${cells.join(',')}\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
  return subject;
}

/** The data for a size, generated once under .bench-data/ and reused. */
export async function ensureData(root, rows) {
  const dir = join(root, '.bench-data');
  mkdirSync(dir, { recursive: true });
  const rubric = join(dir, 'rubric.yaml');
  writeFileSync(rubric, rubricYaml());
  const csv = join(dir, `export-${rows}.csv`);
  if (!existsSync(csv)) await writeExport(csv, rows);
  return { rubric, csv };
}
