// Converts the OWASP DevSecOps Maturity Model 4.3.1 (third_party/dsomm, GPL-3.0) into rubrics/dsomm/dsomm.yaml.
//   node scripts/corpus/dsomm.mjs            writes rubrics/dsomm/{dsomm.yaml,LICENSE,NOTICE.md}
//   node scripts/corpus/dsomm.mjs --check    exits 1 when the committed files are stale
// Tree: dimension → sub-dimension → level cell (stage 1..5) → activity. Each team is a respondent; an activity's
// value is the mean over teams of its progress percentage (0 / 20 / 50 / 100) and a cell the mean over its
// activities, as DSOMM's heatmap computes them. Above the cells DSOMM defines no rule: a sub-dimension's level
// is the highest level whose cells, and all below, are fully implemented (staged), and dimensions and the
// overall score are means of those levels; both are mahvan's reading, said so in the rubric.
import YAML from 'yaml';
import { assertUniqueIds, compact, readThirdParty, rubricText, runWhenMain, slug, text } from './lib.mjs';

const MODEL = 'dsomm';
export const SOURCE = Object.freeze({
  name: 'OWASP DevSecOps Maturity Model (DSOMM) 4.3.1',
  owner: 'the OWASP DSOMM project (https://dsomm.owasp.org)',
  repository: 'https://github.com/devsecopsmaturitymodel/DevSecOps-MaturityModel-data',
  commit: 'a03f081c33991c239646e402029f83f274bfd9ba',
  path: 'generated/model.yaml',
  appConfig: 'https://github.com/devsecopsmaturitymodel/DevSecOps-MaturityModel @ 698e879b5684, src/assets/YAML/meta.yaml',
  licence: 'GPL-3.0',
});

const LEVELS = [1, 2, 3, 4, 5];

/** Dimension ids: the initials of its words ("Build and Deployment" → "BD"). */
const initials = (name) =>
  name
    .split(/\s+/)
    .filter((w) => w !== 'and')
    .map((w) => w[0].toUpperCase())
    .join('');

/** The progress scale from the app's progressDefinition ("Started: 20%"). */
function progressScale(meta) {
  const levels = Object.entries(meta.progressDefinition).map(([label, { score, definition }]) => ({
    value: Number(String(score).replace('%', '')),
    label,
    descriptor: text(definition),
  }));
  levels.sort((a, b) => a.value - b.value);
  return { type: 'ordinal', title: 'Implementation progress (% of the activity)', levels };
}

/** The rubric as data (before YAML). */
export function buildRubric() {
  const docs = YAML.parseAllDocuments(readThirdParty(MODEL, 'generated', 'model.yaml'));
  const version = docs[0].toJS().meta.version;
  const model = docs[1].toJS();
  const meta = YAML.parse(readThirdParty(MODEL, 'app-config', 'meta.yaml'));
  const levelNames = meta.strings.en.maturityLevels;
  const subLevels = [
    { id: 'L0', label: 'Level 0: no level fully implemented', from: 0 },
    ...levelNames.map((label, i) => ({ id: `L${i + 1}`, label, from: i + 1 })),
  ];

  const activityNode = (name, a) =>
    compact({
      id: slug(name),
      title: name,
      question: `${name}: how far is it implemented?`,
      description: text(a.description),
      scale: 'progress',
      'x-dsomm': compact({
        uuid: a.uuid,
        level: a.level,
        risk: text(a.risk),
        measure: text(a.measure),
        assessment: text(a.assessment),
        difficultyOfImplementation: a.difficultyOfImplementation,
        usefulness: a.usefulness,
        references: a.references,
      }),
    });

  const subDimensionNode = (dimensionId, name, activities) => {
    const id = `${dimensionId}.${slug(name)}`;
    const entries = Object.entries(activities);
    const children = LEVELS.flatMap((level) => {
      const at = entries.filter(([, a]) => a.level === level).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
      if (at.length === 0) return []; // DSOMM disables a cell without activities
      return [
        {
          id: `${id}.L${level}`,
          title: `${name}, level ${level}`,
          stage: level,
          aggregation: 'mean',
          children: at.map(([n, a]) => activityNode(n, a)),
        },
      ];
    });
    const unknown = entries.filter(([, a]) => !LEVELS.includes(a.level));
    if (unknown.length) throw new Error(`${id}: activities with level ${unknown[0][1].level}`);
    return { id, title: name, aggregation: { method: 'staged', levels: LEVELS }, levels: subLevels, children };
  };

  const nodes = Object.entries(model).map(([name, subs]) => {
    const id = initials(name);
    return { id, title: name, children: Object.entries(subs).map(([s, acts]) => subDimensionNode(id, s, acts)) };
  });
  assertUniqueIds(nodes);

  return {
    mahvan: 1,
    id: 'owasp-dsomm',
    version: `${version}+${SOURCE.commit.slice(0, 7)}`,
    title: `OWASP DevSecOps Maturity Model ${version}`,
    description:
      'The OWASP DevSecOps Maturity Model, converted unchanged in content: 5 dimensions, their sub-dimensions, ' +
      'and activities at levels 1..5. Each team answers as a respondent with its progress on each activity ' +
      '(0 / 20 / 50 / 100 %). A level cell of a sub-dimension is the mean over its activities of the mean over ' +
      "teams, as DSOMM's heatmap shows it. DSOMM defines nothing above the cells; here a sub-dimension's level " +
      'is the highest level whose cells, and all below, are fully implemented, and a dimension and the overall ' +
      'score are the means of those levels.',
    locales: ['en'],
    tiers: [
      { id: 'dimension', title: 'Dimension' },
      { id: 'sub-dimension', title: 'Sub-dimension' },
      { id: 'level', title: 'Level' },
      { id: 'activity', title: 'Activity' },
    ],
    scales: { progress: progressScale(meta) },
    scoring: { aggregation: 'mean', missing: 'zero', respondents: { combine: 'mean', disagreement: 50 } },
    'x-source': { ...SOURCE, converter: 'scripts/corpus/dsomm.mjs' },
    nodes,
  };
}

function notice() {
  return `# OWASP DSOMM in the mahvan rubric format

- Model: ${SOURCE.name}
- Owner: ${SOURCE.owner}
- Source: ${SOURCE.repository}, commit ${SOURCE.commit}, path \`${SOURCE.path}\`; progress states from
  ${SOURCE.appConfig} (both kept unchanged in \`third_party/dsomm/\`)
- Licence: GNU General Public License v3.0; full text in \`LICENSE\`. \`dsomm.yaml\` is derived from the DSOMM
  data and is distributed under the GPL-3.0, not under the MIT licence of mahvan's code. It is kept in the
  repository as a test of the format and is **not included in the npm package**.
- Converted by \`scripts/corpus/dsomm.mjs\`; changes: format only. Texts are copied unchanged (trailing spaces
  trimmed); UUIDs, risks, measures and references are kept in \`x-dsomm\` fields. Ids: dimension initials
  (\`BD\`, \`CO\`, \`IM\`, \`IG\`, \`TV\`), then the sub-dimension's name (\`BD.build\`), its level cells
  (\`BD.build.L1\`), and each activity's name (\`defined-build-process\`).

## Scoring

DSOMM's heatmap: a team's value for an activity is the percentage of its progress state (Not implemented 0,
Started 20, Partly implemented 50, Fully implemented 100); an activity's value is the mean over the teams
(respondents, \`combine: mean\`); a cell (sub-dimension × level) is the \`mean\` over its activities; a cell
without activities does not exist. An activity no team answered counts 0 % (\`missing: zero\`), as in DSOMM. DSOMM
also counts 0 % for each team that has not recorded an activity others have; mahvan means over the teams that
answered, so record "Not implemented" explicitly (a template from \`mahvan template\` lists every activity).

Above the cells DSOMM defines no score. This rubric reads a sub-dimension's level as the highest level L whose
cells at L and below are all fully implemented (\`staged\` with \`levels: [1, 2, 3, 4, 5]\`, so a level without
activities is reached once all below it are, and a sub-dimension without level-1 activities starts at level 1), and takes the mean of those levels for a dimension and for the
overall score. Both are mahvan's choices, not DSOMM rules.
`;
}

/** The files of rubrics/dsomm/, by name. */
export function convert() {
  const header = [
    'OWASP DevSecOps Maturity Model in the mahvan rubric format. GENERATED by scripts/corpus/dsomm.mjs from',
    `third_party/dsomm (${SOURCE.repository} @ ${SOURCE.commit.slice(0, 12)}); do not edit by hand.`,
    'Licence: GPL-3.0 (see LICENSE and NOTICE.md in this folder); not part of the npm package.',
  ];
  return {
    'dsomm.yaml': rubricText(buildRubric(), header),
    LICENSE: readThirdParty(MODEL, 'LICENSE'),
    'NOTICE.md': notice(),
  };
}

runWhenMain(import.meta.url, MODEL, convert);
