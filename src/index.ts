/**
 * mahvan: executable capability-assessment rubrics. This entry is browser-safe: it takes strings and plain
 * data, never paths, and imports nothing from Node. File and stream helpers live in 'mahvan/node'.
 */
export { builtinAggregations, DEFAULT_AGGREGATION } from './aggregate/builtin.js';
export { type AggregateChild, type Aggregation, defineAggregation, type ScoreRange } from './aggregate/types.js';
export { type AssessmentResult, assessmentJsonSchema, validateAssessment } from './assessment/json-schema.js';
export {
  type Answer,
  type AnswerInput,
  type AnswerValue,
  type Assessment,
  answerOf,
  type Respondent,
  type Subject,
} from './assessment/model.js';
export {
  BatchCapacityError,
  type BatchProfiles,
  type BatchScorer,
  CODE as ANSWER_CODE,
  createBatchScorer,
  type SubjectScores,
} from './batch/scorer.js';
export { cronbach, percentRank, quantile } from './cohort/stats.js';
export {
  type CohortOptions,
  type CohortSummary,
  type Distribution,
  type GroupSummary,
  type RubricQuality,
  summarizeCohort,
} from './cohort/summarize.js';
export { DIAGNOSTIC_CODES, type DiagnosticCode, diagnosticCodes } from './diagnostics/codes.js';
export {
  type DataPath,
  type Diagnostic,
  hasErrors,
  type Position,
  type Range,
  type Severity,
  sortDiagnostics,
} from './diagnostics/diagnostic.js';
export { formatDiagnostic, formatDiagnostics } from './diagnostics/format.js';
export { parseCsv } from './exports/csv.js';
export { type Decoded, type DecodeError, decodeBytes, ENCODINGS, type Encoding } from './exports/decode.js';
export { normalizeLabel, readCell, scaleLabels } from './exports/labels.js';
export { defaultMapping, loadMapping, type Mapping, type MappingResult } from './exports/mapping.js';
export { type MappingInput, PRESETS, type Preset } from './exports/mapping-schema.js';
export { PRESET_DEFINITIONS, type PresetDefinition, qualtricsHeaderRows } from './exports/presets.js';
export {
  type BatchExportReader,
  type BatchExportReading,
  createBatchExportReader,
  createExportReader,
  type ExportReader,
  type ExportReading,
  type ReadExportOptions,
  type Rejection,
  type RowAccount,
  readExport,
} from './exports/read-export.js';
export { cellAddress, columnLetters, type Table, type TableRow } from './exports/table.js';
export { formatFact, formatRecommendation, formatValue } from './policy/format.js';
export { findLevers, type Lever, recommendWithLevers } from './policy/levers.js';
export { loadPolicy, type PolicyResult } from './policy/load.js';
export {
  type ConditionData,
  createConditionEngine,
  type Fact,
  renderCondition,
  traceCondition,
} from './policy/logic.js';
export type { Guard, Measure, Policy, PolicyRule, Reason, Recommendation, Track } from './policy/model.js';
export { type RecommendOptions, recommend } from './policy/recommend.js';
export type { PolicyInput } from './policy/schema.js';
export { heatColor, type RadarAxis, radarChart } from './report/charts.js';
export { type CohortReportInput, renderCohortReport } from './report/cohort-report.js';
export { type MarkdownInput, renderMarkdownSummary } from './report/markdown.js';
export { renderSubjectReport, type SubjectReportInput } from './report/subject-report.js';
export {
  batchTable,
  neutralizeFormula,
  profileTable,
  type Table as ProfileTable,
  tableCsv,
  tableObjects,
} from './report/tables.js';
export { directionOf, escapeHtml } from './report/text.js';
export type { CompiledRubric } from './rubric/compile.js';
export {
  MAPPING_SCHEMA_ID,
  mappingJsonSchema,
  POLICY_SCHEMA_ID,
  policyJsonSchema,
  RUBRIC_SCHEMA_ID,
  rubricJsonSchema,
} from './rubric/json-schema.js';
export { DEFAULT_LIMITS, type Limits } from './rubric/limits.js';
export { type LoadRubricOptions, loadRubric, type RubricResult } from './rubric/load.js';
export type {
  AggregationRef,
  EvidenceRule,
  Extensions,
  GroupNode,
  IndicatorNode,
  ProfileLevel,
  Role,
  Rubric,
  RubricNode,
  Scale,
  ScaleLevel,
  ScoringPolicy,
} from './rubric/model.js';
export type { RubricInput } from './rubric/schema.js';
export { type Comparison, compareProfiles, type NodeChange, type Trend } from './score/compare.js';
export { type Explanation, explain } from './score/explain.js';
export type { Contribution, Flag, NodeResult, NodeStatus, Priority, Profile, RespondentAnswer } from './score/profile.js';
export { rescoreProfile, type ScoreOptions, scoreAssessment } from './score/score-assessment.js';
export {
  fieldName,
  type Sheet,
  TEMPLATE_COLUMNS,
  templateCsv,
  templateMapping,
  templateXlsForm,
  type XlsForm,
} from './template/template.js';
export { type LocalizedText, resolveText } from './text/localized.js';
