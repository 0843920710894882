// Converts the OWASP SAMM v2 core model (third_party/samm/model, CC BY-SA 4.0) into rubrics/samm/samm.yaml.
//   node scripts/corpus/samm.mjs            writes rubrics/samm/{samm.yaml,LICENSE,NOTICE.md}
//   node scripts/corpus/samm.mjs --check    exits 1 when the committed files are stale
//   node scripts/corpus/samm.mjs --out DIR  writes elsewhere
// Tree: business function → practice → stream → question (one per activity, stage = maturity level 1..3).
// Scoring as in the SAMM toolbox: stream = sum of its 3 answers (0..3); practice = mean of streams A and B
// (= Σ over levels of mean(A, B)); function = mean of practices; overall = mean of functions; unanswered and N/A = 0.
import { assertUniqueIds, compact, readThirdParty, readYamlDir, rubricText, runWhenMain, text } from './lib.mjs';

const MODEL = 'samm';
export const SOURCE = Object.freeze({
  name: 'OWASP Software Assurance Maturity Model (SAMM) v2, core model',
  owner: 'the OWASP SAMM project (https://owaspsamm.org), OWASP Foundation',
  repository: 'https://github.com/owaspsamm/core',
  commit: 'bc2b5474ab248effbc357c389bec372b0f5e200f',
  path: 'model/',
  licence: 'CC BY-SA 4.0',
});

const byOrder = (a, b) => a.order - b.order;

/** Indexes records by their GUID. */
function index(records) {
  const map = new Map();
  for (const r of records) {
    if (map.has(r.id)) throw new Error(`duplicate GUID ${r.id}`);
    map.set(r.id, r);
  }
  return map;
}

function must(map, id, what) {
  const found = map.get(id);
  if (!found) throw new Error(`unknown ${what} GUID ${id}`);
  return found;
}

/** One ordinal scale per distinct answer set (sets with the same values and texts share one scale). */
function buildScales(answerSets) {
  const scales = {};
  const scaleOf = new Map();
  const byContent = new Map();
  for (const { file, data } of answerSets) {
    const letter = file.replace(/\.ya?ml$/, '');
    const values = [...data.values].sort(byOrder);
    for (const v of values) {
      if (v.weight !== undefined && v.weight !== 1) throw new Error(`answer set ${letter}: weight ${v.weight} is not supported`);
    }
    const levels = values.map((v) => ({ value: v.value, label: String(v.text) }));
    const key = JSON.stringify(levels);
    let name = byContent.get(key);
    if (name === undefined) {
      name = `answers-${letter}`;
      byContent.set(key, name);
      scales[name] = { type: 'ordinal', notApplicable: true, 'x-samm': { answerSets: [] }, levels };
    }
    scales[name]['x-samm'].answerSets.push({ id: data.id, file });
    scaleOf.set(data.id, name);
  }
  return { scales, scaleOf };
}

/** The rubric as data (before YAML). */
export function buildRubric() {
  const load = (dir) => readYamlDir(MODEL, 'model', dir);
  const data = (dir) => load(dir).map((f) => f.data);
  const functions = data('business_functions').sort(byOrder);
  const practices = data('security_practices');
  const streams = data('streams');
  const practiceLevels = index(data('practice_levels'));
  const maturityLevels = index(data('maturity_levels'));
  const activities = data('activities');
  const questions = data('questions');
  const { scales, scaleOf } = buildScales(load('answer_sets'));

  const questionsOf = new Map();
  for (const q of questions) {
    if (questionsOf.has(q.activity)) throw new Error(`activity ${q.activity} has more than one question`);
    questionsOf.set(q.activity, q);
  }

  const questionNode = (streamId, activity) => {
    const practiceLevel = must(practiceLevels, activity.level, 'practice level');
    const level = must(maturityLevels, practiceLevel.maturityLevel, 'maturity level').number;
    const q = questionsOf.get(activity.id);
    if (!q) throw new Error(`activity ${activity.id} has no question`);
    const scale = scaleOf.get(q.answerSet);
    if (!scale) throw new Error(`question ${q.id}: unknown answer set ${q.answerSet}`);
    return compact({
      id: `${streamId}-${level}`,
      title: text(activity.title),
      description: text(activity.shortDescription),
      question: text(q.text),
      scale,
      stage: level,
      'x-samm': compact({
        question: q.id,
        activity: activity.id,
        practiceLevel: practiceLevel.id,
        maturityLevel: level,
        quality: (q.quality ?? []).map(text),
        benefit: text(activity.benefit),
        longDescription: text(activity.longDescription),
      }),
    });
  };

  const streamNode = (practiceId, stream) => {
    const id = `${practiceId}-${stream.letter}`;
    const children = activities
      .filter((a) => a.stream === stream.id)
      .map((a) => questionNode(id, a))
      .sort((a, b) => a.stage - b.stage);
    const stages = children.map((c) => c.stage).join(',');
    if (stages !== '1,2,3') throw new Error(`stream ${id}: questions at levels ${stages}, expected 1,2,3`);
    return compact({
      id,
      title: text(stream.name),
      description: text(stream.description),
      aggregation: 'sum',
      'x-samm': { stream: stream.id, letter: stream.letter },
      children,
    });
  };

  const practiceNode = (functionId, practice) => {
    const id = `${functionId}-${practice.shortName}`;
    const children = streams
      .filter((s) => s.practice === practice.id)
      .sort(byOrder)
      .map((s) => streamNode(id, s));
    if (children.map((c) => c['x-samm'].letter).join('') !== 'AB') throw new Error(`practice ${id}: expected streams A and B`);
    const levels = [...practiceLevels.values()]
      .filter((l) => l.practice === practice.id)
      .map((l) => ({
        level: must(maturityLevels, l.maturityLevel, 'maturity level').number,
        id: l.id,
        objective: text(l.objective),
      }))
      .sort((a, b) => a.level - b.level);
    return compact({
      id,
      title: text(practice.name),
      description: text(practice.shortDescription),
      'x-samm': compact({
        practice: practice.id,
        shortName: practice.shortName,
        longDescription: text(practice.longDescription),
        levels,
      }),
      children,
    });
  };

  const nodes = functions.map((f) => {
    const id = String(f.name).charAt(0).toUpperCase();
    const children = practices
      .filter((p) => p.function === f.id)
      .sort(byOrder)
      .map((p) => practiceNode(id, p));
    if (children.length !== 3) throw new Error(`business function ${id}: ${children.length} practices, expected 3`);
    return compact({
      id,
      title: text(f.name),
      description: text(f.description),
      'x-samm': { function: f.id },
      children,
    });
  });
  assertUniqueIds(nodes);

  return {
    mahvan: 1,
    id: 'owasp-samm',
    version: `2.0+${SOURCE.commit.slice(0, 7)}`,
    title: 'OWASP SAMM v2',
    description:
      'The OWASP Software Assurance Maturity Model v2 (core model), converted unchanged in content. Each question ' +
      'is answered with its answer set (0, 0.25, 0.5, 1); a stream scores the sum of its three answers (0..3), a ' +
      'security practice the mean of its two streams, a business function the mean of its practices, and the ' +
      'overall score the mean of the business functions, as in the SAMM toolbox. Unanswered and N/A count 0.',
    locales: ['en'],
    tiers: [
      { id: 'business-function', title: 'Business function' },
      { id: 'practice', title: 'Security practice' },
      { id: 'stream', title: 'Stream' },
      { id: 'question', title: 'Question' },
    ],
    scales,
    scoring: {
      aggregation: 'mean',
      missing: 'zero',
      notApplicable: 'zero',
    },
    'x-source': { ...SOURCE, converter: 'scripts/corpus/samm.mjs' },
    nodes,
  };
}

function notice() {
  return `# OWASP SAMM v2 in the mahvan rubric format

- Model: ${SOURCE.name}
- Owner: ${SOURCE.owner}
- Source: ${SOURCE.repository}, commit ${SOURCE.commit}, path \`${SOURCE.path}\`
  (kept unchanged in \`third_party/samm/\`)
- Licence: Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0); full text in \`LICENSE\`.
  \`samm.yaml\` is an adaptation of the SAMM model and is shared under the same licence (CC BY-SA 4.0), not
  under the MIT licence of mahvan's code.
- Converted to the mahvan format by \`scripts/corpus/samm.mjs\`; changes: format only. Texts are copied unchanged
  (trailing spaces trimmed); GUIDs are kept in \`x-samm\` fields; ids are derived from the model (business function
  initial, practice shortName, stream letter, maturity level: \`G\`, \`G-SM\`, \`G-SM-A\`, \`G-SM-A-1\`); answer sets
  with identical answers share one scale (each scale lists its answer-set GUIDs).

## Scoring

As in the SAMM toolbox spreadsheet (https://github.com/owaspsamm/toolbox-spreadsheet): an answer scores its
answer-set value (0 / 0.25 / 0.5 / 1); a stream is the \`sum\` of its three answers (0..3); a security practice is
the \`mean\` of streams A and B, which equals the toolbox's sum over levels 1..3 of the mean of the A and B answers;
a business function is the \`mean\` of its three practices; the overall score is the \`mean\` of the five business
functions. \`missing: zero\`: an unanswered question, or an answer that is not a value of its set (reported as an
invalid answer), counts 0 as in the toolbox. \`notApplicable: zero\`: an N/A question counts 0.00, as in the SAMM
team's post "The Not Applicable Question" (2023-02-28); that post also lowers the practice's maximum achievable
score by 0.5 per N/A activity, which this rubric does not model (the practice range stays 0..3).
`;
}

/** The files of rubrics/samm/, by name. */
export function convert() {
  const rubric = buildRubric();
  const header = [
    'OWASP SAMM v2 core model in the mahvan rubric format. GENERATED by scripts/corpus/samm.mjs from',
    `third_party/samm/model (${SOURCE.repository} @ ${SOURCE.commit.slice(0, 12)}); do not edit by hand.`,
    'Licence: CC BY-SA 4.0 (see LICENSE and NOTICE.md in this folder).',
  ];
  return {
    'samm.yaml': rubricText(rubric, header),
    LICENSE: readThirdParty(MODEL, 'LICENSE.txt'),
    'NOTICE.md': notice(),
  };
}

runWhenMain(import.meta.url, MODEL, convert);
