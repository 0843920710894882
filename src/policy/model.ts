import type { Subject } from '../assessment/model.js';
import type { LocalizedText } from '../text/localized.js';
import type { Allocation } from './allocate.js';
import type { Lever } from './levers.js';
import type { ConditionEngine, Fact } from './logic.js';

/** A way the government engages with a subject. */
export interface Track {
  id: string;
  title: LocalizedText;
  offers?: LocalizedText;
  priority: number;
}

/** A step recommended beside a track (appoint a resource maximizer, reassess in 12 months…). */
export interface Measure {
  id: string;
  title: LocalizedText;
  description?: LocalizedText;
}

export interface PolicyRule {
  id: string;
  title?: LocalizedText;
  when: unknown;
  /** The policy's own wording of the condition, shown instead of the generated sentences. */
  text?: LocalizedText;
  primary?: string;
  secondary: readonly string[];
  measures: readonly string[];
  /** Where the focus is chosen when this rule decides: under these nodes, or under a tier's nodes below a score. */
  focus?: readonly string[] | { tier: string; below: number };
  note?: LocalizedText;
}

export type Guard =
  | { kind: 'deny'; id: string; title?: LocalizedText; text?: LocalizedText; when: unknown; deny: readonly string[] }
  | {
      kind: 'waves';
      id: string;
      title?: LocalizedText;
      text?: LocalizedText;
      consecutiveWaves: number;
      tracks?: readonly string[];
    };

/** A minimum condition for any allocation (register facts included), as rules write conditions. */
export interface EligibilityCondition {
  id: string;
  title?: LocalizedText;
  when: unknown;
}

/** A pool shared among eligible subjects in proportion to a profile value, within a floor and a cap. */
export interface AllocationPool {
  id: string;
  title?: LocalizedText;
  /** The amount to share, a whole number of `unit`s (the smallest amount paid: 0.01 for agorot, 1 for shekels). */
  pool: number;
  unit: number;
  /** Only subjects whose primary track is one of these (default: every subject). */
  tracks?: readonly string[];
  /** The value shares are proportional to. */
  by: { operator: 'score' | 'percent'; node: string };
  /** Below this value a subject gets nothing. */
  threshold?: number;
  floor: number;
  cap?: number;
}

/** A loaded policy, with its condition engine. */
export interface Policy {
  id: string;
  version: string;
  title: LocalizedText;
  description?: LocalizedText;
  rubric: string;
  selection: 'first-match' | 'priority';
  tracks: readonly Track[];
  measures: readonly Measure[];
  rules: readonly PolicyRule[];
  default?: { primary: string; secondary: readonly string[]; measures: readonly string[] };
  guards: readonly Guard[];
  focus: { tier?: string; count: number };
  /** Minimum conditions for every allocation pool. */
  eligibility: readonly EligibilityCondition[];
  allocations: readonly AllocationPool[];
  engine: ConditionEngine;
}

/** Why a recommendation came out as it did: one entry per rule and guard, in policy order. */
export interface Reason {
  kind: 'rule' | 'guard' | 'default' | 'waves';
  id: string;
  holds: boolean;
  /** What it did: 'primary T1', 'secondary T3', 'denies T4', 'holds T2 (1 of 2 waves)', or 'none'. */
  effect: string;
  facts: Fact[];
}

/** A profile turned into engagement: the track, what comes with it, what to work on, and why. */
export interface Recommendation {
  policy: { id: string; version: string };
  subject: Subject;
  wave?: string;
  /** The primary track, or null when no rule and no default gives one. */
  primary: string | null;
  secondary: string[];
  measures: string[];
  /** The nodes with the largest weighted gaps, to work on first. */
  focus: { id: string; gap: number; weightedGap: number }[];
  /** Gaps in what central government controls (transfers, approvals): shown apart, not the subject's to fix. */
  government?: { id: string; gap: number; weightedGap: number }[];
  /** The primary track the rules give this wave, before the waves guard holds a move back. */
  qualified: string | null;
  /** The primary track the rules give when no deny guard applies: what the capabilities alone qualify for. */
  unguarded: string | null;
  /** Consecutive waves, this one included, that qualified for `qualified`. */
  streak: number;
  /** The rule that gave the primary track ('default' or a rule id), or null. */
  decidedBy: string | null;
  reasons: Reason[];
  /** What would change the decision (findLevers), when computed: what to work on first. */
  levers?: Lever[];
  /** This subject's part of each allocation pool that serves its primary track, with the reasons (whole cohort). */
  allocations?: Allocation[];
}
