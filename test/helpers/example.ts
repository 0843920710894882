import { join } from 'node:path';
import { loadMapping, loadPolicy, type Policy, type Profile, scoreAssessment } from '../../src/index.js';
import { readExportFile } from '../../src/node/index.js';
import { ROOT, readRepoFile } from './fixtures.js';
import { mustLoad } from './rubric.js';

/** The shipped rubric, policy and the bundled exports, scored: what reports and the main job work on. */
export async function exampleRun(wave: '2026' | '2027' = '2026') {
  const rubric = mustLoad(readRepoFile('rubrics', 'il-local-authority-capability.yaml'));
  const mapping = loadMapping(readRepoFile('examples', 'mapping.yaml'));
  if (!mapping.ok) throw new Error('examples/mapping.yaml does not load');
  const policy = loadPolicy(readRepoFile('policies', 'il-engagement.yaml'), rubric);
  if (!policy.ok) throw new Error('policies/il-engagement.yaml does not load');
  const reading = await readExportFile(join(ROOT, 'examples', 'data', `survey-export-${wave}.csv`), rubric, mapping.mapping);
  const profiles: Profile[] = reading.assessments.map((a) => scoreAssessment(rubric, { ...a, wave }));
  return { rubric, policy: policy.policy as Policy, profiles };
}
