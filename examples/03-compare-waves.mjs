// 3. Compare two waves: the 2026 and 2027 exports scored and compared authority by authority, with the count of
//    authorities whose overall score improved, declined or stayed stable.
//    node examples/03-compare-waves.mjs
import { compareProfiles, loadMapping, loadRubricFile, readSubjectsFile, readTextFile, scoreExportFile } from 'mahvan/node';

const { rubric } = await loadRubricFile('rubrics/il-local-authority-capability.yaml');
const { mapping } = loadMapping(await readTextFile('examples/mapping.yaml'));
// each wave is joined to the register's facts of the year before it
const wave = async (year) => {
  const subjects = await readSubjectsFile('examples/data/subjects.csv', rubric, { year: String(Number(year) - 1) });
  const { profiles } = await scoreExportFile(
    `examples/data/survey-export-${year}.csv`,
    rubric,
    { ...mapping, wave: year },
    { subjects },
  );
  return new Map(profiles.map((p) => [p.subject.id, p]));
};
const [before, after] = await Promise.all([wave('2026'), wave('2027')]);

const trends = { improved: 0, declined: 0, stable: 0, 'no-score': 0, new: 0 };
const comparisons = [];
for (const [id, now] of after) {
  const then = before.get(id);
  if (!then) continue;
  const c = compareProfiles(rubric, then, now);
  trends[c.overall.trend]++;
  comparisons.push(c);
}
console.log(
  `overall, 2026 → 2027: ${Object.entries(trends)
    .filter(([, n]) => n)
    .map(([t, n]) => `${n} ${t}`)
    .join(', ')}`,
);
const first = comparisons[0];
console.log(
  `${first.subject}: overall ${first.overall.previous?.toFixed(2)} → ${first.overall.current?.toFixed(2)} (${first.overall.trend})`,
);
for (const d of rubric.rubric.nodes) {
  const c = first.nodes[d.id];
  console.log(`  ${d.id} ${c.previous?.toFixed(2) ?? '–'} → ${c.current?.toFixed(2) ?? '–'} ${c.trend}`);
}
