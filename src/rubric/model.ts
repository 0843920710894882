import type { ScoreRange } from '../aggregate/types.js';
import type { LocalizedText } from '../text/localized.js';

/** Extension fields (`x-…`) kept as written. */
export type Extensions = Readonly<Record<`x-${string}`, unknown>>;

/** One answer option of a scale and the points it gives. */
export interface ScaleLevel {
  /** The key users write: the ordinal value, band points, 'yes'/'no', or a checklist option id. */
  key: string;
  points: number;
  label?: LocalizedText;
  descriptor?: LocalizedText;
}

/** An answer scale, normalized: every scale maps answers to points within `range`. */
export interface Scale {
  name: string;
  type: 'ordinal' | 'numeric' | 'boolean' | 'checklist';
  title?: LocalizedText;
  description?: LocalizedText;
  notApplicable: boolean;
  /** Lowest and highest points an answer can give. */
  range: ScoreRange;
  /** Ordinal levels, numeric bands (key = points), yes/no, or checklist options (points = 1 each). */
  levels: readonly ScaleLevel[];
  /** Numeric scales: the accepted answer range and the bands' lower bounds, ascending (none: the number is the points). */
  numeric?: { min: number; max: number; unit?: string; bands?: readonly { from: number; points: number }[] };
  extensions: Extensions;
}

/** A named profile level: a band over a node's score. */
export interface ProfileLevel {
  id: string;
  label: LocalizedText;
  from: number;
  description?: LocalizedText;
}

/** The evidence an answer needs from a scale value upward, and what an answer without it counts as. */
export interface EvidenceRule {
  from: number;
  cap?: number;
}

/** An aggregation method and its options, as named by a node. */
export interface AggregationRef {
  method: string;
  options: Readonly<Record<string, unknown>>;
}

/** What every rubric node has, group or indicator. */
export interface NodeBase {
  id: string;
  tier: string;
  depth: number;
  title?: LocalizedText;
  description?: LocalizedText;
  weight: number;
  target?: number;
  roles: readonly string[];
  evidence?: EvidenceRule;
  levels: readonly ProfileLevel[];
  replaces: readonly string[];
  stage?: number;
  /** The least agreement (rwg) among respondents for the node's score to count as settled (inherited). */
  agreement?: AgreementRule;
  /** Who can change it: the subject (authority) or central government (transfers, approvals); inherited. */
  control: 'authority' | 'government';
  /** The node's score range in its own units. */
  range: ScoreRange;
  extensions: Extensions;
}

/** A node with children, scored by aggregating them. */
export interface GroupNode extends NodeBase {
  kind: 'group';
  aggregation: AggregationRef;
  minCoverage: number;
  children: readonly RubricNode[];
}

/** A leaf answered by respondents on a scale. */
export interface IndicatorNode extends NodeBase {
  kind: 'indicator';
  code?: string;
  question?: LocalizedText;
  scale: string;
  descriptors: Readonly<Record<string, LocalizedText>>;
  reverse: boolean;
  critical: boolean;
  /** Where a fact-fed indicator takes its answer: the subjects file, not respondents. */
  fact?: IndicatorFact;
}

/**
 * A fact from the subjects file as an indicator's answer: an attribute's value (mapped to the scale's answers
 * by `answers` when given), or one numeric attribute as a percentage of another (`percent: [part, whole]`).
 */
export type IndicatorFact =
  | { attribute: string; answers?: Readonly<Record<string, string | number>> }
  | { percent: readonly [string, string] };

/** The kinds of value an attribute takes. */
export const ATTRIBUTE_TYPES = ['category', 'integer', 'number', 'percentage', 'boolean', 'date'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/**
 * A subject attribute: who the subject is (type, sector, cluster) or a fact about it (a budget, a supervision
 * status). `source` says who provides it: respondents in the survey, or a register through the subjects file.
 */
export interface Attribute {
  id: string;
  title?: LocalizedText;
  type: AttributeType;
  source: 'survey' | 'register';
  /** A category's values, in their declared order (policies are checked against them). */
  values?: readonly (string | number)[];
  /** A category value's label in each locale, by value. */
  labels?: Readonly<Record<string, LocalizedText>>;
  /** Whether a category's values are ordered as declared (lowest first). */
  ordered?: boolean;
  /** A number's accepted range. */
  min?: number;
  max?: number;
  unit?: string;
}

export type RubricNode = GroupNode | IndicatorNode;

/** A respondent role and its weight when answers are combined by role weights. */
export interface Role {
  id: string;
  title?: LocalizedText;
  weight: number;
  /** Rates the subject from outside (an auditor, a cluster's CEO): shown beside the self-assessment, not in it. */
  validator: boolean;
}

/** Scoring policies that apply to the whole rubric. */
export interface ScoringPolicy {
  notApplicable: 'exclude' | 'zero';
  missing: 'exclude' | 'zero';
  respondents: { combine: 'mean' | 'median' | 'min' | 'max' | 'role-weights'; disagreement: number };
  /** The least agreement for every node's score to count as settled, unless a node sets its own. */
  agreement?: AgreementRule;
}

/** Below `min` rwg, a node's respondents disagree too much: it is flagged `needs-consensus`. */
export interface AgreementRule {
  min: number;
}

/** A rubric with every default applied and every reference resolved. */
export interface Rubric {
  id: string;
  version: string;
  title: LocalizedText;
  description?: LocalizedText;
  locales: readonly string[];
  defaultLocale: string;
  fallbacks: Readonly<Record<string, readonly string[]>>;
  tiers: readonly { id: string; title?: LocalizedText }[];
  roles: readonly Role[];
  /** Subject attributes assessments or the subjects file carry; policies and peer groups may read only these. */
  attributes: readonly Attribute[];
  scales: Readonly<Record<string, Scale>>;
  levels: readonly ProfileLevel[];
  scoring: ScoringPolicy;
  /** How the top-level nodes combine into the overall score. */
  overall: { aggregation: AggregationRef; minCoverage: number; range: ScoreRange; target?: number };
  /** The top-level groups (or indicators, for a one-tier rubric). */
  nodes: readonly RubricNode[];
  extensions: Extensions;
}
