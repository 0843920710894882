import type { Subject } from '../assessment/model.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { FactProvenance } from '../subjects/facts.js';
import type { ProfileAgreement } from './agreement.js';
import type { Validation } from './validation.js';

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
  'needs-consensus',
] as const;
export type Flag = (typeof FLAGS)[number];

/**
 * One node of a capability profile: what scoring found. What explains it (the children's contributions, each
 * respondent's answer) is worked out from the profile and its rubric on demand: see `traceNode` and `explain`.
 */
export interface NodeResult {
  status: NodeStatus;
  /** Score in the node's own units (null when it cannot be given). */
  score: number | null;
  /** The profile level reached, by id. */
  level: string | null;
  /** Weighted share of the node's applicable answers that were given (0–1). */
  coverage: number;
  /** Coverage discounted by answers flagged for disagreement or missing evidence (0–1). */
  confidence: number;
  /** Sorted. */
  flags: Flag[];
  /** Why the score is null. */
  reason?: string;
  /** The target, when the rubric or the assessment sets one. */
  target?: number;
  /** Target minus score, never below 0 (null when the score is unknown). */
  gap?: number | null;
}

/** A gap worth working on: a node below its target, weighted by its share of the whole. */
export interface Priority {
  id: string;
  gap: number;
  /** The gap over the node's range, times the node's share of the overall score, in percent. */
  weightedGap: number;
}

/** One answer as scoring read it: the raw points given, not applicable, invalid, or none (null). */
export type AnswerPoints = number | 'na' | 'invalid' | null;

/** One respondent's answers, which explain the indicators' scores. */
export interface RespondentPoints {
  id: string;
  role?: string;
  /** The raw points of each answer (before reverse keying and evidence caps), one per indicator in rubric order. */
  points: AnswerPoints[];
  /** The indicators whose answer came with evidence. */
  evidence?: string[];
}

/** A scored self-assessment: one subject's capability profile. */
export interface Profile {
  rubric: { id: string; version: string };
  subject: Subject;
  wave?: string;
  /** How many respondents answered (validators not counted). */
  respondents: number;
  overall: NodeResult;
  /** Every node by id, in rubric order. */
  nodes: Record<string, NodeResult>;
  /** Nodes of the priority tier below target, largest weighted gap first. */
  priorities: Priority[];
  /** Problems found in the answers (unknown indicators, invalid values, unknown roles). */
  diagnostics: Diagnostic[];
  /** Each respondent's answers, in the order of their ids. */
  answers: RespondentPoints[];
  /** How far the respondents agree, per node where it can be computed (two or more answers on an option scale). */
  agreement?: ProfileAgreement;
  /** The answers of fact-fed indicators, by indicator id, with the file, row and cells they came from. */
  facts?: Record<string, FactProvenance>;
  /** What validators (roles with `validator: true`) rated, scored apart from the self-assessment. */
  validation?: Validation;
}
