// 2. Explain a score: how one authority's financial-management capability (MG.FIN) and its domain (D3) were
//    computed, down to each respondent's answer. A profile keeps the answers that explain it, so this works as
//    well on the profiles `mahvan score` wrote to a file (`mahvan explain --rubric R --node MG.FIN profiles.json`).
//    node examples/02-explain.mjs [LA-002] [MG.FIN]
import { explain, loadMapping, loadRubricFile, readSubjectsFile, readTextFile, scoreExportFile } from 'mahvan/node';

const [subject = 'LA-002', node = 'MG.FIN'] = process.argv.slice(2);
const { rubric } = await loadRubricFile('rubrics/il-local-authority-capability.yaml');
const { mapping } = loadMapping(await readTextFile('examples/mapping.yaml'));
const subjects = await readSubjectsFile('examples/data/subjects.csv', rubric, { year: '2025' });
const { profiles } = await scoreExportFile('examples/data/survey-export-2026.csv', rubric, mapping, { subjects });
const profile = profiles.find((p) => p.subject.id === subject);
if (!profile) throw new Error(`no authority ${subject} in the export`);

for (const id of [node, rubric.parentOf.get(node)].filter(Boolean)) {
  console.log(explain(rubric, profile, id).text);
  console.log();
}
