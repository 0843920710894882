import type { ScoreRange } from '../../../src/aggregate/types.js';
import type { Subject } from '../../../src/assessment/model.js';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';

/**
 * Where a node stands: scored; missing (nothing to score); not applicable (every answer said so, and the policy
 * excludes N/A); or insufficient coverage (too little answered to give a score, so the score is null).
 */
export type NodeStatus = 'scored' | 'missing' | 'not-applicable' | 'insufficient-coverage';

/** Findings attached to a node, for warnings in reports and conditions in policies. */
export const FLAGS = [
  'disagreement',
  'missing-evidence',
  'evidence-cap',
  'invalid-answer',
  'critical-cap',
  'insufficient-coverage',
  'counted-as-zero',
] as const;
export type Flag = (typeof FLAGS)[number];

/** How one respondent's answer to an indicator was read. */
export interface RespondentAnswer {
  respondent: string;
  role?: string;
  /** answered; not-applicable; missing; invalid (not a value of the scale); not-assigned (role does not answer it). */
  status: 'answered' | 'not-applicable' | 'missing' | 'invalid' | 'not-assigned';
  /** Points as answered, before reverse keying and evidence caps. */
  raw?: number;
  /** Points used when combining respondents. */
  points?: number;
  evidence: number;
  /** Why points differ from raw, or why the answer does not count. */
  note?: string;
}

/** A child's part in its parent's score, for explanations. */
export interface Contribution {
  id: string;
  score: number | null;
  weight: number;
  /** counted: in the score; zero: counted as the lowest score by policy; excluded: left out (with reason). */
  use: 'counted' | 'zero' | 'excluded';
  reason?: string;
}

/** One node of a capability profile: its score and everything needed to explain it. */
export interface NodeResult {
  id: string;
  kind: 'group' | 'indicator' | 'overall';
  tier: string;
  status: NodeStatus;
  /** Score in the node's own units (null when it cannot be given). */
  score: number | null;
  /** The same score on 0–100 over the node's range. */
  percent: number | null;
  range: ScoreRange;
  /** The profile level reached, by id. */
  level: string | null;
  /** Weighted share of the node's applicable answers that were given (0–1). */
  coverage: number;
  /** Coverage discounted by answers flagged for disagreement or missing evidence (0–1). */
  confidence: number;
  weight: number;
  target?: number;
  /** Target minus score, never below 0 (null when either is unknown). */
  gap?: number | null;
  /** How far from the bottom of the range toward the target the score is, in percent (capped at 100). */
  percentOfTarget?: number | null;
  flags: Flag[];
  /** Why the score is null. */
  reason?: string;
  /** Groups: the method and how each child counted. */
  method?: string;
  children?: Contribution[];
  /** Groups: critical children that capped the score. */
  caps?: { by: string; from: number; to: number }[];
  /** Indicators: each respondent's answer and how respondents were combined. */
  respondents?: RespondentAnswer[];
  combine?: string;
  /** Indicators: the spread of respondents' raw points. */
  spread?: number;
}

/** A gap worth working on: a node below its target, weighted by its share of the whole. */
export interface Priority {
  id: string;
  gap: number;
  /** The gap times the node's share of the overall score (the product of normalized weights on its path). */
  weightedGap: number;
}

/** A scored self-assessment: one subject's capability profile. */
export interface Profile {
  rubric: { id: string; version: string };
  subject: Subject;
  wave?: string;
  respondents: number;
  overall: NodeResult;
  /** Every node by id, in rubric order. */
  nodes: Record<string, NodeResult>;
  /** Nodes of the priority tier below target, largest weighted gap first. */
  priorities: Priority[];
  /** Problems found in the answers (unknown indicators, invalid values, unknown roles). */
  diagnostics: Diagnostic[];
}
