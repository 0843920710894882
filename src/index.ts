/**
 * mahvan: executable capability-assessment rubrics. This entry is browser-safe: it takes strings and plain
 * data, never paths, and imports nothing from Node. File and stream helpers live in 'mahvan/node'; the engine's
 * building blocks for large data (typed arrays, the export row store, the CSV tokenizer) in 'mahvan/engine'.
 *
 * Grouped by stage: rubrics → diagnostics → assessments and exports → scoring → profiles as files → policies →
 * cohorts → reports.
 */

// Rubrics: load (parse → validate → check → normalize → compile), the format's types and JSON Schema
export { builtinAggregations, DEFAULT_AGGREGATION } from './aggregate/builtin.js';
export { type AggregateChild, type Aggregation, defineAggregation, type ScoreRange } from './aggregate/types.js';
// Types the functions above take or give, for callers that name them
export type { JsonSchema } from './assessment/json-schema.js';
// Assessments: one subject's answers as a document, and its JSON Schema for a rubric
export {
  type AssessmentResult,
  assessmentJsonSchema,
  type InvalidAnswerPolicy,
  type ValidateAssessmentOptions,
  validateAssessment,
} from './assessment/json-schema.js';
export {
  type Answer,
  type AnswerInput,
  type AnswerValue,
  type Assessment,
  answerOf,
  type Respondent,
  type Subject,
} from './assessment/model.js';
// Cohorts: distributions, peer groups, percentiles, tracks, equity, the rubric's own soundness
export {
  type CohortOptions,
  type CohortRecommendation,
  type CohortSummary,
  type Distribution,
  type GroupSummary,
  type RubricQuality,
  summarizeCohort,
} from './cohort/summarize.js';
// Diagnostics: one type for every problem, a catalog of codes, one formatter
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
export { type AttributeReading, type AttributeValue, readAttribute } from './exports/attribute-values.js';
export type { BadCell, RowCells } from './exports/cells.js';
// Survey exports: tables of text through a mapping into assessments or profiles, every row accounted for
export type { CollectOptions, ExportCollector, ExportData, ExportSubject, RowAccount, SubjectDetail } from './exports/collect.js';
export { parseCsv } from './exports/csv.js';
export { type Decoded, type DecodeError, decodeBytes, ENCODINGS, type Encoding } from './exports/decode.js';
export type { CellReading } from './exports/labels.js';
export type { ColumnPlan } from './exports/layout.js';
export { defaultMapping, loadMapping, type Mapping, type MappingResult } from './exports/mapping.js';
export { MAPPING_SCHEMA_ID, type MappingInput, mappingJsonSchema, PRESETS, type Preset } from './exports/mapping-schema.js';
export { type NumberFormat, type NumberReading, readNumber } from './exports/numbers.js';
export type { PresetDefinition } from './exports/presets.js';
export {
  createExportReader,
  type ExportReader,
  type ExportReading,
  openExport,
  type ReadExportOptions,
  readExport,
} from './exports/read-export.js';
export type { CellEntry, ExportPolicies, Rejection, RowContext, RowRejection } from './exports/read-row.js';
export { exportProfile, exportProfiles, scoreExport } from './exports/score-export.js';
export type { Table, TableRow } from './exports/table.js';
export { readTimestamp, TIMESTAMP_ORDERS, type TimestampOrder, type TimestampReading } from './exports/timestamps.js';
// Engagement policies: tracks and rules over profiles, recommendations with their reasons and levers
export {
  type Allocation,
  type AllocationReason,
  type AllocationResult,
  allocate,
  allocateScreened,
  type PoolCandidate,
  type PoolSummary,
  type ScreenedSubject,
  screenSubject,
  withAllocations,
} from './policy/allocate.js';
export { type Alternative, loadAlternatives } from './policy/alternatives.js';
export {
  RECOMMENDATION_SCHEMA_ID,
  readRecommendations,
  recommendationDocument,
  recommendationJsonSchema,
} from './policy/document.js';
export { formatFact, formatRecommendation, formatValue } from './policy/format.js';
export { findLevers, type Lever, recommendWithLevers } from './policy/levers.js';
export { loadPolicy, type PolicyResult } from './policy/load.js';
export type { ConditionEngine } from './policy/logic.js';
export { type ConditionData, type Fact, renderCondition } from './policy/logic.js';
export type {
  AllocationPool,
  EligibilityCondition,
  Guard,
  Measure,
  Policy,
  PolicyRule,
  Reason,
  Recommendation,
  Track,
} from './policy/model.js';
export { type RecommendOptions, recommend } from './policy/recommend.js';
export { type Robustness, robustness, type SubjectRobustness } from './policy/robustness.js';
export { POLICY_SCHEMA_ID, type PolicyInput, policyJsonSchema } from './policy/schema.js';
// Reasons in words, in he, ar and en
export {
  conditionSentence,
  factSentence,
  heldBack,
  type Names,
  type ReasonLine,
  reasonLines,
  rubricNames,
} from './policy/sentences.js';
// Reports: pure renderers returning strings (HTML, SVG, Markdown, CSV) and tables of plain values
export { type RadarAxis, radarChart } from './report/charts.js';
export { type CohortReportInput, renderCohortReport } from './report/cohort-report.js';
export { type MarkdownInput, renderMarkdownSummary } from './report/markdown.js';
export { renderSubjectReport, type SubjectReportInput } from './report/subject-report.js';
export { exportTable, profileTable, type Table as ProfileTable, tableCsv, tableObjects } from './report/tables.js';
export { directionOf } from './report/text.js';
export type { CompiledRubric } from './rubric/compile.js';
export { RUBRIC_SCHEMA_ID, rubricJsonSchema } from './rubric/json-schema.js';
export { type LoadRubricOptions, loadRubric, type RubricResult } from './rubric/load.js';
export type {
  AggregationRef,
  AgreementRule,
  Attribute,
  AttributeType,
  EvidenceRule,
  Extensions,
  GroupNode,
  IndicatorFact,
  IndicatorNode,
  NodeBase,
  ProfileLevel,
  Role,
  Rubric,
  RubricNode,
  Scale,
  ScaleLevel,
  ScoringPolicy,
} from './rubric/model.js';
export type { RubricInput } from './rubric/schema.js';
export type { DocumentReading } from './schema/documents.js';
// Scoring: the engine behind every path; profiles, and what explains them
export {
  awg,
  type CohortNodeAgreement,
  cohortAgreement,
  icc,
  type NodeAgreement,
  type ProfileAgreement,
  profileAgreement,
  rwg,
  rwgJ,
} from './score/agreement.js';
export { nodeOf } from './score/build-profile.js';
export { type Comparison, compareProfiles, type NodeChange, type Trend } from './score/compare.js';
// Profiles and recommendations as files: their shape, JSON Schema, and reading them back checked
export { type ProfileDocument, profileDocument, profileFromDocument } from './score/document.js';
export { type Explanation, explain } from './score/explain.js';
export {
  type AnswerPoints,
  FLAGS,
  type Flag,
  type NodeResult,
  type NodeStatus,
  type Priority,
  type Profile,
  type RespondentPoints,
} from './score/profile.js';
export { PROFILE_SCHEMA_ID, profileJsonSchema, type ReadProfilesOptions, readProfiles } from './score/read-profiles.js';
export { rescoreProfile } from './score/rescore.js';
export type { RowStore } from './score/rows.js';
export type { NodeArrays } from './score/rules.js';
export { type ScoreOptions, scoreAssessment } from './score/score-assessment.js';
export type { CodeTables, Indicators, ScoringTables, TablePolicy } from './score/tables.js';
export { OVERALL } from './score/tables.js';
export { type Contribution, type NodeTrace, type RespondentAnswer, traceNode } from './score/trace.js';
export type { YamlSource } from './source/locate.js';
export { type FactProvenance, type RegisterFacts, registerFacts } from './subjects/facts.js';
export { type JoinedSubject, joinAccount, joinAssessments, joinExport, joinSubject } from './subjects/join.js';
export {
  joinKey,
  type ReadSubjectsOptions,
  readSubjects,
  type SubjectRecord,
  type SubjectsAccount,
  type SubjectsData,
} from './subjects/read.js';
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
export { DEFAULT_LIMITS, type Limits } from './yaml/limits.js';
