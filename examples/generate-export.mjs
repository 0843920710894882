// Writes a realistic, synthetic self-assessment export for about 255 Israeli local authorities, in the layout of
// a Google Forms export in Hebrew, for any mahvan rubric. Seeded: the same seed gives the same bytes.
//
//   node examples/generate-export.mjs [--rubric rubrics/il-local-authority-capability.yaml] [--wave 2026]
//                                     [--seed 2026] [--out examples/data/survey-export-2026.csv] [--improve 0]
//
// Every authority answers through its director-general and treasurer plus other office holders (3 to 10 in all).
// The authorities are those of examples/authorities.mjs, whose register facts (type, sector, clusters, supervision,
// budgets) generate-subjects.mjs writes: the export carries none of them, and skips the questions of indicators that
// take their value from the register (`fact`). Capability follows the socio-economic cluster, and the same latent
// capability drives the register's budget draw-down; the numeric question on execution is answered around the
// authority's draw-down of the year before the wave, as the register shows it.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadRubricFile } from '../dist/node.js';
import { authorities, normal, prng, utilization } from './authorities.mjs';

const { values: args } = parseArgs({
  options: {
    rubric: { type: 'string', default: 'rubrics/il-local-authority-capability.yaml' },
    wave: { type: 'string', default: '2026' },
    seed: { type: 'string', default: '2026' },
    out: { type: 'string' },
    improve: { type: 'string', default: '0' },
  },
});

const loaded = await loadRubricFile(args.rubric);
if (!loaded.ok) throw new Error(`${args.rubric} does not load`);
const { rubric } = loaded.rubric;
// the register answers these, not the respondents
const indicators = loaded.rubric.indicators.filter((i) => i.fact === undefined);

const rand = prng(Number(args.seed));
// "last year", as the questions ask it
const factYear = Number(args.wave) - 1;
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
        Math.round(
          Math.max(scale.numeric.min, Math.min(scale.numeric.max, utilization(authority, factYear) * 100 + normal(rand) * 6)),
        ),
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
