// 4. Recommend engagement: the reference policy applied to each authority's profile, with the reasons and what
//    would change the decision, and the count of authorities per track.
//    node examples/04-recommend.mjs
import {
  formatRecommendation,
  loadMapping,
  loadPolicyFile,
  loadRubricFile,
  readSubjectsFile,
  readTextFile,
  recommendWithLevers,
  scoreExportFile,
} from 'mahvan/node';

const { rubric } = await loadRubricFile('rubrics/il-local-authority-capability.yaml');
const { policy } = await loadPolicyFile('policies/il-engagement.yaml', rubric);
const { mapping } = loadMapping(await readTextFile('examples/mapping.yaml'));
const subjects = await readSubjectsFile('examples/data/subjects.csv', rubric, { year: '2025' });
const { profiles } = await scoreExportFile('examples/data/survey-export-2026.csv', rubric, mapping, { subjects });

const recommendations = profiles.map((p) => recommendWithLevers(rubric, p, policy));
const counts = Object.fromEntries(policy.tracks.map((t) => [t.id, 0]));
for (const r of recommendations) counts[r.primary]++;
console.log(
  `tracks: ${Object.entries(counts)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ')}`,
);
console.log();
console.log(formatRecommendation(recommendations[1], policy, 'en', ['he']));
