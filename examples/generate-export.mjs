// Writes a realistic, synthetic self-assessment export for about 255 Israeli local authorities, in the layout of
// a Google Forms export in Hebrew, for any mahvan rubric. Seeded: the same seed gives the same bytes.
//
//   node examples/generate-export.mjs [--rubric rubrics/il-local-authority-capability.yaml] [--wave 2026]
//                                     [--seed 2026] [--out examples/data/survey-export-2026.csv] [--improve 0]
//
// Every respondent, name and answer is invented (synthetic data; e-mails at example.org.il).
//
// The authorities are those of examples/authorities.mjs, whose register facts (type, sector, clusters, supervision,
// Mawared, budgets) generate-subjects.mjs writes: the export carries none of them, and skips the questions of
// indicators that take their value from the register (`fact`). Latent capability follows the socio-economic
// cluster, periphery and the authority's own variation, with no term for the sector; the same capability drives
// the register's budget draw-down. A numeric question is answered around the draw-down of the year before the wave.
//
// Who answers (roles are the rubric's; a rule names a role only if the rubric has it):
// - self-assessment: the director-general, the treasurer, the heads of welfare and of education always; the
//   resource-utilisation officer (resource_maximizer) only where the authority is in the Mawared programme; the
//   head of the economic development company (edc_head) only in cities and local councils of 12,000 residents or
//   more; then other roles in an order drawn per authority, up to the authority's 3 to 10 respondents;
// - validators (roles with `validator: true`), as outsiders and on top: the auditor in most authorities (85%), the
//   accompanying accountant only under an accompanying accountant, a recovery plan or an appointed committee, the
//   cluster's CEO only in a regional cluster; any other validator in half the authorities.
// Self-assessors rate themselves above the latent capability (the head and the director-general most); validators
// rate around it, with less noise. An authority outside any regional cluster answers "לא רלוונטי" to a question
// that says non-members answer "not applicable".
//
// Waves after 2026 describe changed authorities (`change` in authorities.mjs: most change little, Mawared
// authorities improve in resource utilisation, those under accompaniment in general, a few decline, a few improve
// markedly on their own); `--improve` adds a uniform shift on top (0 by default), for experiments.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadRubricFile } from '../dist/node.js';
import { authorities, change, normal, prng, registerYear, utilization } from './authorities.mjs';

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
const validators = new Set(rubric.roles.filter((r) => r.validator).map((r) => r.id));
const roles = rubric.roles.map((r) => r.id);
const top = (id) => {
  let node = loaded.rubric.byId.get(id);
  while (loaded.rubric.parentOf.get(node.id)) node = loaded.rubric.byId.get(loaded.rubric.parentOf.get(node.id));
  return node.id;
};
const domainOffset = new Map(rubric.nodes.map((n, i) => [n.id, normal(prng(7919 * (i + 1)))]));
const texts = (text) => (text === undefined ? [] : typeof text === 'string' ? [text] : Object.values(text));
// the resource-utilisation domain(s), where the Mawared programme's improvement shows
const resourceDomains = new Set(
  rubric.nodes.filter((n) => texts(n.title).some((t) => /resource utili[sz]ation|מיצוי משאבים/i.test(t))).map((n) => n.id),
);
// questions that tell non-members of a regional cluster to answer "not applicable"
const clusterOnly = (indicator) =>
  texts(indicator.question ?? indicator.title).some((t) => /not applicable|לא רלוונטי/i.test(t) && /cluster|אשכול/i.test(t));
const NOT_APPLICABLE = 'לא רלוונטי';

/** The authority's latent capability in the indicator's domain, in the wave (before any respondent's bias). */
function latentOf(indicator, authority) {
  const domain = top(indicator.id);
  const delta = change(authority, Number(args.wave));
  const offset = (domainOffset.get(domain) ?? 0) * 0.3;
  return authority.ability + offset + delta.general + (resourceDomains.has(domain) ? delta.resources : 0) + improve;
}

function answer(indicator, authority, respondent) {
  const scale = rubric.scales[indicator.scale];
  if (clusterOnly(indicator) && authority.cluster === '') return NOT_APPLICABLE;
  if (scale.notApplicable && rand() < 0.03) return NOT_APPLICABLE;
  if (rand() < 0.04) return '';
  const latent = latentOf(indicator, authority) + respondent.bias + normal(rand) * respondent.noise;
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
  if (cell === '' || cell === NOT_APPLICABLE) return '';
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
// a role none of whose questions is asked (all its indicators are facts) does not fill in the form
const asked = new Set(roles.filter((r) => indicators.some((i) => i.roles.length === 0 || i.roles.includes(r))));
const has = (role) => asked.has(role) && !validators.has(role);
// self-assessors every authority has, then roles that exist only in some authorities
const REQUIRED = ['ceo', 'treasurer', 'welfare_head', 'education_head'];
const ONLY_WHERE = {
  resource_maximizer: (a) => a.mawared,
  edc_head: (a) => a.type === 'city' || (a.type === 'local-council' && a.residents >= 12000),
};
const SUPERVISED = ['חשב מלווה', 'תוכנית הבראה', 'ועדה קרואה'];
const VALIDATOR_WHERE = {
  auditor: (_a, draw) => draw < 0.85,
  accompanying_accountant: (a) => SUPERVISED.includes(a.years.get(registerYear(factYear)).supervision),
  cluster_ceo: (a) => a.cluster !== '',
};
/** Who answers for the authority: its self-assessors (required first, then others in a drawn order), then validators. */
function respondentRoles(authority, index) {
  const order = prng(104729 * (index + 1));
  const eligible = (r) => has(r) && (ONLY_WHERE[r]?.(authority) ?? true);
  const required = [...REQUIRED, 'resource_maximizer'].filter(eligible);
  const others = roles.filter((r) => eligible(r) && !required.includes(r)).map((r) => [order(), r]);
  others.sort((a, b) => a[0] - b[0]);
  const self = [...required, ...others.map(([, r]) => r)].slice(0, Math.max(required.length, authority.respondents));
  const outside = [...validators].filter(
    (r) => asked.has(r) && (VALIDATOR_WHERE[r] ?? ((_a, draw) => draw < 0.5))(authority, order()),
  );
  return [...self, ...outside];
}
// the head and the director-general rate themselves highest, other office holders a little above the latent level;
// validators, outsiders, rate around it and agree more
const respondentOf = (role) =>
  validators.has(role) ? { role, bias: 0, noise: 0.4 } : { role, bias: ['ceo', 'head'].includes(role) ? 0.4 : 0.15, noise: 0.6 };

for (const [index, authority] of authorities.entries()) {
  for (const [r, role] of respondentRoles(authority, index).entries()) {
    const respondent = respondentOf(role);
    const roleTitle = he(rubric.roles.find((x) => x.id === role)?.title, role);
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
        const cell = assigned(i) ? answer(i, authority, respondent) : '';
        return [cell, evidence(cell, authority, i, r)];
      }),
    ]);
  }
}
const csv = (cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
const out = args.out ?? `examples/data/survey-export-${args.wave}.csv`;
writeFileSync(out, `\ufeff${lines.map((l) => l.map(csv).join(',')).join('\r\n')}\r\n`);
console.log(`wrote ${out}: ${lines.length - 1} rows, ${authorities.length} authorities, ${indicators.length} indicators`);
