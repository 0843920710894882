// 1. Score a survey export: the bundled Google Forms export (Hebrew, 1,821 rows from 255 authorities) read
//    through its mapping into one capability profile per authority, with the account of every row, joined to
//    the register's facts about each authority (examples/data/subjects.csv, the year before the survey).
//    node examples/01-score-export.mjs
import { loadMapping, loadRubricFile, readSubjectsFile, readTextFile, scoreExportFile } from 'mahvan/node';

const { rubric } = await loadRubricFile('rubrics/il-local-authority-capability.yaml');
const { mapping } = loadMapping(await readTextFile('examples/mapping.yaml'), { file: 'examples/mapping.yaml' });
const subjects = await readSubjectsFile('examples/data/subjects.csv', rubric, { year: '2025' });
const { account, profiles } = await scoreExportFile('examples/data/survey-export-2026.csv', rubric, mapping, { subjects });

const { rows, scored, rejected, skipped } = account;
console.log(`${rows} rows: ${scored} scored, ${rejected} rejected, ${skipped} skipped`);
console.log(`${profiles.length} profiles`);
for (const p of profiles.slice(0, 5)) {
  const domains = rubric.rubric.nodes.map((d) => `${d.id} ${p.nodes[d.id].score?.toFixed(2) ?? '–'}`).join('  ');
  console.log(`${p.subject.id} ${p.subject.name}: overall ${p.overall.score?.toFixed(2)} (${p.overall.level})  ${domains}`);
}
