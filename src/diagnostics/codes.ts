import type { Severity } from './diagnostic.js';

/**
 * Every diagnostic code, with its default severity and a one-line summary for the docs.
 * Grouped by the stage that reports it: input limits, YAML syntax, schema shape, then meaning.
 */
export const DIAGNOSTIC_CODES = {
  'input-too-large': { severity: 'error', summary: 'The text is larger than the size limit.' },
  'input-too-deep': { severity: 'error', summary: 'The document nests deeper than the depth limit.' },
  'yaml-syntax': { severity: 'error', summary: 'The YAML cannot be parsed.' },
  'yaml-duplicate-key': { severity: 'error', summary: 'A mapping has the same key twice.' },
  'yaml-alias-limit': {
    severity: 'error',
    summary: 'The YAML uses more aliases, or its aliases expand to more data, than the limits allow.',
  },
  'yaml-alias-cycle': { severity: 'error', summary: 'An alias refers to a node that contains it, so the data never ends.' },
  'yaml-unknown-alias': { severity: 'error', summary: 'An alias names no anchor defined before it.' },
  'yaml-collection-key': { severity: 'error', summary: 'A mapping key is itself a list or mapping.' },
  'yaml-unknown-tag': {
    severity: 'warning',
    summary: 'A tag such as !!binary that mahvan does not read; the value is kept as written.',
  },
  'forbidden-key': { severity: 'error', summary: 'A key such as __proto__ that could alter objects.' },
  'schema-missing-key': { severity: 'error', summary: 'A required key is missing.' },
  'schema-unknown-key': { severity: 'error', summary: 'A key the format does not define (extensions start with x-).' },
  'schema-invalid-type': { severity: 'error', summary: 'A value has the wrong type.' },
  'schema-invalid-value': { severity: 'error', summary: 'A value is not one of the allowed values.' },
  'schema-invalid-format': { severity: 'error', summary: 'A text does not have the required form.' },
  'schema-out-of-range': { severity: 'error', summary: 'A number is outside its allowed range.' },
  'schema-too-few': { severity: 'error', summary: 'A list or text is empty or too short.' },
  'invalid-locale': { severity: 'error', summary: 'A locale is not a valid BCP 47 language tag.' },
  'unknown-locale': { severity: 'error', summary: 'A locale is used as a default or fallback but not declared.' },
  'undeclared-locale-text': { severity: 'warning', summary: 'A text has a translation in a locale the rubric does not declare.' },
  'missing-translation': { severity: 'warning', summary: 'A text lacks a translation in a declared locale.' },
  'duplicate-id': { severity: 'error', summary: 'Two items share an id.' },
  'unknown-scale': { severity: 'error', summary: 'An indicator names a scale that is not defined.' },
  'unknown-level': { severity: 'error', summary: 'A target, descriptor or cap names a level that does not exist.' },
  'unknown-role': { severity: 'error', summary: 'A respondent role is not declared under roles.' },
  'unknown-attribute': { severity: 'error', summary: 'A fact names an attribute that is not declared under attributes.' },
  'invalid-attribute': { severity: 'error', summary: "An attribute's values, range or unit do not fit its type." },
  'invalid-fact': { severity: 'error', summary: 'A fact cannot give the indicator an answer on its scale.' },
  'unknown-aggregation': { severity: 'error', summary: 'An aggregation method is not built in or registered.' },
  'invalid-aggregation-options': { severity: 'error', summary: "An aggregation's options do not fit the method." },
  'negative-weight': { severity: 'error', summary: 'A weight is below zero.' },
  'weight-too-large': { severity: 'error', summary: 'A weight is above 1,000,000.' },
  'zero-weights': { severity: 'error', summary: 'Every weight in a group is zero, so the group cannot be scored.' },
  'bands-not-increasing': { severity: 'error', summary: 'Bands or levels are not in strictly increasing order.' },
  'bands-not-covering': { severity: 'error', summary: 'Bands or levels leave part of the scale uncovered.' },
  'tier-mismatch': { severity: 'error', summary: 'The tree does not match the declared tiers.' },
  'misplaced-key': { severity: 'error', summary: 'A key that belongs to groups is on an indicator, or the reverse.' },
  'mixed-ranges': { severity: 'error', summary: 'A group averages children whose scores have different ranges.' },
  'target-out-of-range': { severity: 'error', summary: "A target lies outside the node's score range." },
  'assessment-unknown-indicator': { severity: 'warning', summary: 'An answer names an indicator the rubric does not have.' },
  'assessment-unknown-role': { severity: 'warning', summary: 'A respondent has a role the rubric does not declare.' },
  'assessment-invalid-answer': { severity: 'warning', summary: 'An answer is not a value of its scale; it does not count.' },
  'assessment-shape': { severity: 'error', summary: 'An assessment document does not have the expected shape.' },
  'mapping-rubric-mismatch': { severity: 'error', summary: 'The mapping is written for another rubric.' },
  'mapping-unknown-column': { severity: 'error', summary: 'The mapping names a column the export does not have.' },
  'mapping-unknown-indicator': { severity: 'error', summary: 'The mapping names an indicator the rubric does not have.' },
  'mapping-no-subject-column': { severity: 'error', summary: 'No column says which subject each row is about.' },
  'export-invalid-bytes': { severity: 'error', summary: 'The export has bytes that are not valid in its encoding.' },
  'export-nul-byte': { severity: 'error', summary: 'The export holds a NUL (zero) byte, which no text holds.' },
  'export-ambiguous-encoding': {
    severity: 'error',
    summary: 'The export reads as well in windows-1255 (Hebrew) as in windows-1256 (Arabic).',
  },
  'export-empty': { severity: 'error', summary: 'The export has no header row.' },
  'export-no-sheet': { severity: 'error', summary: 'The workbook has no worksheet by the name given.' },
  'export-unreadable': { severity: 'error', summary: 'The file cannot be read as a spreadsheet (truncated, or not XLSX).' },
  'export-xlsx-too-large': {
    severity: 'error',
    summary: 'An XLSX export unpacks to more than the limit; it is refused before it is unpacked.',
  },
  'export-truncated': { severity: 'error', summary: 'The export ends in the middle of a row: the file looks cut off.' },
  'export-too-many-rows': { severity: 'error', summary: 'The export has more rows than the row limit.' },
  'export-row-too-large': { severity: 'error', summary: 'A row of the export is longer than the row size limit.' },
  'export-duplicate-column': { severity: 'warning', summary: 'Two columns answer the same indicator; the first is used.' },
  'export-unmapped-columns': { severity: 'info', summary: 'Columns that answer no indicator and hold nothing mahvan reads.' },
  'export-unanswered-indicators': { severity: 'warning', summary: 'Indicators that no column of the export answers.' },
  'export-header-rows': { severity: 'info', summary: 'Which rows of a Qualtrics export were read as its header.' },
  'row-missing-subject': { severity: 'error', summary: 'A row has no subject id; it is rejected.' },
  'row-invalid-answer': { severity: 'error', summary: 'A cell is not an answer its scale allows.' },
  'row-unknown-role': { severity: 'error', summary: 'A row’s role is not one of the rubric’s roles.' },
  'row-extra-cells': { severity: 'error', summary: 'A row has cells past the header’s last column; it is rejected.' },
  'row-invalid-attribute': {
    severity: 'warning',
    summary: 'A subject attribute’s cell is not one of its declared values, or an ambiguous number; kept as written.',
  },
  'subjects-no-key': { severity: 'error', summary: 'The subjects file has no column of subject ids that mahvan recognises.' },
  'subjects-year-needed': {
    severity: 'error',
    summary: 'The subjects file has rows for several years and none was chosen (or the one chosen is not there).',
  },
  'subjects-unknown-column': {
    severity: 'warning',
    summary: 'A column of the subjects file is no attribute of the rubric; it is not read.',
  },
  'subjects-missing-key': { severity: 'error', summary: 'A row of the subjects file has no subject id; it is rejected.' },
  'subjects-duplicate-key': {
    severity: 'error',
    summary: 'A subject has two rows in the subjects file (for the same year or wave); neither is used.',
  },
  'subjects-invalid-value': {
    severity: 'warning',
    summary: 'A cell of the subjects file does not read as its attribute’s type; that fact is missing, not guessed.',
  },
  'subjects-not-in-file': {
    severity: 'warning',
    summary: 'Assessed subjects have no row in the subjects file; their facts are missing.',
  },
  'subjects-not-assessed': { severity: 'info', summary: 'Subjects of the subjects file were never assessed.' },
  'subjects-conflict': {
    severity: 'warning',
    summary: 'Respondents give an attribute another value than the register; the register’s value is used.',
  },
  'fact-missing': { severity: 'warning', summary: 'A fact-fed indicator has no fact for a subject; it is missing, not zero.' },
  'assessment-fact-answered': {
    severity: 'warning',
    summary: 'A respondent answered an indicator that takes its answer from the subjects file; the answer is not counted.',
  },
  'export-fact-column': {
    severity: 'warning',
    summary: 'A column answers an indicator that takes its answer from the subjects file; it is not read.',
  },
  'export-subject-ids-merged': {
    severity: 'warning',
    summary: 'Subject ids that differ only in case, direction marks, hyphens or spaces are read as one subject.',
  },
  'row-duplicate': { severity: 'warning', summary: 'A respondent submitted more than once; one submission is kept.' },
  'row-duplicate-unordered': {
    severity: 'error',
    summary:
      'A respondent submitted more than once and a timestamp needed to order the submissions is unknown; all are rejected.',
  },
  'row-unreadable-timestamp': {
    severity: 'warning',
    summary: 'A timestamp cell is ambiguous (01/03/2026 with no date order declared) or not a date; its time is unknown.',
  },
  'compare-unmatched': { severity: 'warning', summary: 'A node has no counterpart in the earlier wave’s rubric.' },
  'document-shape': {
    severity: 'error',
    summary: 'A profile or recommendation read back does not have the shape mahvan writes.',
  },
  'document-rubric-mismatch': {
    severity: 'error',
    summary: 'A profile or recommendation was made with another rubric (id or version) or policy.',
  },
  'document-rubric-unnamed': {
    severity: 'warning',
    summary: 'A profile does not name the rubric it was scored with; it is read only if its nodes are the rubric’s.',
  },
  'document-nodes-mismatch': {
    severity: 'error',
    summary: 'A profile’s nodes or answers are not those of the rubric it names (another version of it).',
  },
  'policy-rubric-mismatch': { severity: 'error', summary: 'The policy is written for another rubric.' },
  'policy-unknown-operator': {
    severity: 'error',
    summary: 'A condition uses an operator that is neither JSON Logic nor mahvan’s.',
  },
  'policy-invalid-operands': { severity: 'error', summary: 'An operator has the wrong number or kind of operands.' },
  'policy-unknown-node': { severity: 'error', summary: 'A condition reads a node the rubric does not have.' },
  'policy-unknown-level': { severity: 'error', summary: 'A condition compares a node with a level it does not have.' },
  'policy-unknown-attribute': {
    severity: 'error',
    summary: 'A condition reads a subject attribute the rubric does not declare.',
  },
  'policy-unknown-attribute-value': {
    severity: 'warning',
    summary: 'A condition compares an attribute with a value outside its declared values.',
  },
  'policy-unknown-flag': { severity: 'error', summary: 'A condition reads a flag that scoring never sets.' },
  'policy-unknown-track': { severity: 'error', summary: 'A rule or guard names a track the policy does not define.' },
  'policy-unknown-measure': { severity: 'error', summary: 'A rule names a measure the policy does not define.' },
  'policy-allocation-unit': {
    severity: 'error',
    summary: 'An allocation’s pool, floor or cap is not a whole number of its unit.',
  },
  'policy-allocation-bounds': { severity: 'error', summary: 'An allocation’s floor is above its cap.' },
  'alternatives-duplicate-id': { severity: 'error', summary: 'Two alternatives of a robustness check have the same id.' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

/** A stable diagnostic code. */
export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** All codes, in catalog order. */
export const diagnosticCodes = Object.keys(DIAGNOSTIC_CODES) as DiagnosticCode[];
