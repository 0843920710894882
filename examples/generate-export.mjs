// Writes a realistic, synthetic self-assessment export for about 255 Israeli local authorities, in the layout of
// a Google Forms export in Hebrew, for any mahvan rubric. Seeded: the same seed gives the same bytes.
//
//   node examples/generate-export.mjs [--rubric rubrics/il-local-authority-capability.yaml] [--wave 2026]
//                                     [--seed 2026] [--out examples/data/survey-export-2026.csv] [--improve 0]
//
// Every authority answers through its director-general and treasurer plus other office holders (3 to 10 in all).
// Attributes follow public figures (about 77 cities, 124 local councils, 54 regional councils; about a third of
// authorities Arab, nearly all of them in socio-economic clusters 1–4; about 70% in a regional cluster) and the
// resource-utilization gap (about 10% of government budgets unused overall, about 33% in Arab authorities).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadRubricFile } from '../dist/node.js';

const { values: args } = parseArgs({
  options: {
    rubric: { type: 'string', default: 'rubrics/il-local-authority-capability.yaml' },
    wave: { type: 'string', default: '2026' },
    seed: { type: 'string', default: '2026' },
    out: { type: 'string' },
    improve: { type: 'string', default: '0' },
  },
});

/** mulberry32: a small, well-known seeded generator. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const loaded = await loadRubricFile(args.rubric);
if (!loaded.ok) throw new Error(`${args.rubric} does not load`);
const { rubric, indicators } = loaded.rubric;

// The authorities are the same in every wave: they come from a fixed seed; answers come from the wave's seed.
const place = prng(255);
const pick = (rand, items, weights) => {
  let r = rand() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < items.length; i++) {
    r -= weights[i];
    if (r < 0) return items[i];
  }
  return items[items.length - 1];
};
const normal = (rand) => Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand());
const TYPES = [...Array(77).fill('city'), ...Array(124).fill('local-council'), ...Array(54).fill('regional-council')];
const CLUSTERS = [
  'גליל מערבי',
  'גליל מזרחי',
  'נגב מזרחי',
  'נגב מערבי',
  'מפרץ חיפה',
  'שער ירושלים',
  'עמקים',
  'שרון',
  'גולן-כנרת',
  'יהודה',
  'מרכז',
  'ערבה',
];
const authorities = TYPES.map((type, i) => {
  const arab = type === 'local-council' ? place() < 0.55 : type === 'city' ? place() < 0.12 : place() < 0.06;
  const sector = arab
    ? pick(place, ['arab', 'druze', 'bedouin'], [70, 15, 15])
    : pick(place, ['jewish', 'haredi', 'mixed'], [86, 6, 8]);
  const socio =
    arab || sector === 'haredi'
      ? pick(place, [1, 2, 3, 4, 5], [14, 35, 33, 14, 4])
      : pick(place, [2, 3, 4, 5, 6, 7, 8, 9, 10], [3, 6, 10, 17, 17, 19, 16, 9, 3]);
  const inCluster = place() < 0.7;
  // capability follows socio-economic standing, with much individual variation
  const ability = 1.4 + socio * 0.22 + normal(place) * 0.55 - (arab ? 0.25 : 0);
  return {
    id: `LA-${String(i + 1).padStart(3, '0')}`,
    name: `${{ city: 'עיריית', 'local-council': 'מועצה מקומית', 'regional-council': 'מועצה אזורית' }[type]} ${i + 1}`,
    type,
    sector,
    socio,
    periphery: Math.max(1, Math.min(10, Math.round(socio * 0.7 + 2 + normal(place) * 1.5))),
    cluster: inCluster ? CLUSTERS[Math.floor(place() * CLUSTERS.length)] : '',
    arab,
    ability,
    utilization: Math.max(0.2, Math.min(1, (arab ? 0.67 : 0.9) + normal(place) * 0.1)),
    respondents: type === 'city' ? 6 + Math.floor(place() * 5) : 3 + Math.floor(place() * 2),
  };
});

const rand = prng(Number(args.seed));
const improve = Number(args.improve);
const he = (text, fallback) =>
  text === undefined ? fallback : typeof text === 'string' ? text : (text.he ?? text.en ?? fallback);
const roles = rubric.roles.map((r) => r.id);
const top = (id) => {
  let node = loaded.rubric.byId.get(id);
  while (loaded.rubric.parentOf.get(node.id)) node = loaded.rubric.byId.get(loaded.rubric.parentOf.get(node.id));
  return node.id;
};
const domainOffset = new Map(rubric.nodes.map((n, i) => [n.id, normal(prng(7919 * (i + 1)))]));

function answer(indicator, authority, bias) {
  const scale = rubric.scales[indicator.scale];
  if (scale.notApplicable && rand() < 0.03) return 'לא רלוונטי';
  if (rand() < 0.04) return '';
  const offset = (domainOffset.get(top(indicator.id)) ?? 0) * 0.3;
  const latent = authority.ability + offset + bias + improve + normal(rand) * 0.6;
  const [min, max] = scale.range;
  const capable = Math.max(0, Math.min(1, (latent - 1) / 4));
  // a reverse-keyed question asks about a weakness ("under a recovery plan?"): the weaker say yes
  const share = indicator.reverse ? 1 - capable : capable;
  switch (scale.type) {
    case 'ordinal': {
      const level = scale.levels.reduce((best, l) =>
        Math.abs(l.points - (min + share * (max - min))) < Math.abs(best.points - (min + share * (max - min))) ? l : best,
      );
      return he(level.label, level.key);
    }
    case 'numeric':
      return String(
        Math.round(Math.max(scale.numeric.min, Math.min(scale.numeric.max, authority.utilization * 100 + normal(rand) * 6))),
      );
    case 'boolean':
      // a weakness asked about directly is rarer than a practice: only the clearly weak report it
      return share + normal(rand) * 0.15 > (indicator.reverse ? 0.75 : 0.45)
        ? he(scale.levels.find((l) => l.key === 'yes').label, 'כן')
        : he(scale.levels.find((l) => l.key === 'no').label, 'לא');
    case 'checklist':
      return scale.levels
        .filter(() => rand() < share)
        .map((o) => he(o.label, o.key))
        .join(', ');
  }
  return '';
}

const EVIDENCE_SUFFIX = ' — אסמכתא';
/** Evidence links: capable authorities document what they do; nobody attaches evidence to a blank or N/A. */
function evidence(cell, authority, indicator, r) {
  if (cell === '' || cell === 'לא רלוונטי') return '';
  const documented = Math.max(0, Math.min(1, (authority.ability - 1) / 4));
  return rand() < 0.15 + 0.8 * documented
    ? `https://drive.example.org.il/${authority.id.toLowerCase()}/${indicator.id}-r${r + 1}.pdf`
    : '';
}

const header = [
  'חותמת זמן',
  'כתובת אימייל',
  'קוד רשות',
  'שם הרשות',
  'סוג רשות',
  'מגזר',
  'אשכול חברתי-כלכלי',
  'מדד פריפריאליות',
  'אשכול אזורי',
  'תפקיד',
  // each question is followed by a file-upload question for its evidence, as Google Forms exports them (links)
  ...indicators.flatMap((i) => [he(i.question ?? i.title, i.id), `${he(i.question ?? i.title, i.id)}${EVIDENCE_SUFFIX}`]),
];
const lines = [header];
let day = 0;
// Who answers: the director-general and the treasurer always (they hold the budget process), then other office
// holders in an order drawn per authority, each role once.
const KEY_ROLES = ['ceo', 'treasurer'].filter((r) => roles.includes(r));
const respondentRoles = (authority, index) => {
  const order = prng(104729 * (index + 1));
  const others = roles.filter((r) => !KEY_ROLES.includes(r)).map((r) => [order(), r]);
  others.sort((a, b) => a[0] - b[0]);
  const all = [...KEY_ROLES, ...others.map(([, r]) => r)];
  return Array.from({ length: authority.respondents }, (_, r) => all[r % all.length] ?? '');
};
for (const [index, authority] of authorities.entries()) {
  const assignedRoles = respondentRoles(authority, index);
  for (let r = 0; r < authority.respondents; r++) {
    const role = assignedRoles[r];
    const roleTitle = he(rubric.roles.find((x) => x.id === role)?.title, role);
    // the head of the authority and the director-general rate themselves higher than department heads
    const bias = ['ceo', 'head'].includes(role) ? 0.4 : 0;
    const assigned = (i) => i.roles.length === 0 || i.roles.includes(role);
    day = (day + 1) % 28;
    const ts = `${3}/${day + 1}/${args.wave} ${String(8 + (r % 9)).padStart(2, '0')}:${String(Math.floor(rand() * 60)).padStart(2, '0')}:00`;
    lines.push([
      ts,
      `${authority.id.toLowerCase()}-r${r + 1}@example.org.il`,
      authority.id,
      authority.name,
      authority.type,
      authority.sector,
      String(authority.socio),
      String(authority.periphery),
      authority.cluster,
      roleTitle,
      ...indicators.flatMap((i) => {
        const cell = assigned(i) ? answer(i, authority, bias) : '';
        return [cell, evidence(cell, authority, i, r)];
      }),
    ]);
  }
}
const csv = (cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const out = args.out ?? `examples/data/survey-export-${args.wave}.csv`;
writeFileSync(out, `\ufeff${lines.map((l) => l.map(csv).join(',')).join('\r\n')}\r\n`);
console.log(`wrote ${out}: ${lines.length - 1} rows, ${authorities.length} authorities, ${indicators.length} indicators`);
