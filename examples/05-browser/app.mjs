// The library in a browser page: pick a survey export, and the page decodes, maps and scores it with the
// bundled rubric, then shows any authority's report. Nothing leaves the browser.
import {
  decodeBytes,
  loadMapping,
  loadPolicy,
  loadRubric,
  parseCsv,
  readExport,
  recommend,
  renderSubjectReport,
  scoreAssessment,
} from 'mahvan';
import policyText from '../../policies/il-engagement.yaml';
import rubricText from '../../rubrics/il-local-authority-capability.yaml';
import mappingText from '../mapping.yaml';

const $ = (selector) => document.querySelector(selector);
const { rubric } = loadRubric(rubricText);
const { mapping } = loadMapping(mappingText);
const { policy } = loadPolicy(policyText, rubric);
let profiles = [];

function show(id) {
  const profile = profiles.find((p) => p.subject.id === id);
  if (!profile) return;
  const locale = $('#locale').value;
  $('#report').srcdoc = renderSubjectReport({ rubric, profile, policy, recommendation: recommend(profile, policy), locale });
}

$('#file').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  const decoded = decodeBytes(new Uint8Array(await file.arrayBuffer()));
  if ('error' in decoded) {
    $('#account').textContent = `${file.name}: ${decoded.error.message}`;
    return;
  }
  const reading = readExport(parseCsv(decoded.text), rubric, mapping, { file: file.name });
  const { rows, scored, rejected, skipped } = reading.account;
  $('#account').textContent =
    `${file.name}: ${rows} rows: ${scored} scored, ${rejected} rejected, ${skipped} skipped (${decoded.encoding})`;
  profiles = reading.assessments.map((a) => scoreAssessment(rubric, a));
  $('#subject').replaceChildren(
    ...profiles.map((p) =>
      Object.assign(document.createElement('option'), {
        value: p.subject.id,
        textContent: `${p.subject.id} ${p.subject.name ?? ''}`,
      }),
    ),
  );
  show(profiles[0]?.subject.id);
  document.body.dataset.profiles = String(profiles.length);
});
$('#subject').addEventListener('change', (e) => show(e.target.value));
$('#locale').addEventListener('change', () => show($('#subject').value));
document.body.dataset.ready = 'yes';
