// 2. Explain a score: how one authority's financial-management capability (MG.FIN) and its domain (D3) were
//    computed, down to each respondent's answer.
//    node examples/02-explain.mjs [LA-002] [MG.FIN]
import { explain, loadMapping, loadRubricFile, readExportFile, readTextFile, scoreAssessment } from 'mahvan/node';

const [subject = 'LA-002', node = 'MG.FIN'] = process.argv.slice(2);
const { rubric } = await loadRubricFile('rubrics/il-local-authority-capability.yaml');
const { mapping } = loadMapping(await readTextFile('examples/mapping.yaml'));
const { assessments } = await readExportFile('examples/data/survey-export-2026.csv', rubric, mapping);
const assessment = assessments.find((a) => a.subject.id === subject);
if (!assessment) throw new Error(`no authority ${subject} in the export`);

const profile = scoreAssessment(rubric, assessment);
for (const id of [node, rubric.parentOf.get(node)].filter(Boolean)) {
  console.log(explain(profile, id).text);
  console.log();
}
