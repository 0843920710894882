// Seeded benchmark data: the tree of a rubric of 8 domains × 4 capabilities × 3 indicators (96, levels 1..5,
// respondents combined by their mean), the generator its exports are drawn with, and the rubric as YAML at any
// size (the start-up bench loads one of 1,000 indicators). The same arguments give the same bytes.

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
