/**
 * The object scorer as it was on main before the typed-array engine became the only one (commit eeddd7b),
 * frozen here unchanged but for its import paths: the oracle the property tests hold the engine to (1e-9).
 * Do not edit it to follow the engine; a difference is a finding.
 */
export type { NodeResult as ReferenceNodeResult, Profile as ReferenceProfile } from './profile.js';
export {
  createExportReader as referenceExportReader,
  type ExportReading as ReferenceExportReading,
  readExport as referenceReadExport,
} from './read-export.js';
export { rescoreProfile as referenceRescore, scoreAssessment as referenceScore } from './score-assessment.js';
