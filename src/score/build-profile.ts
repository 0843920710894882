import type { Subject } from '../assessment/model.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { FactProvenance } from '../subjects/facts.js';
import { needsConsensus, profileAgreement } from './agreement.js';
import { levelOf, targetScore } from './levels.js';
import type { NodeResult, Priority, Profile, RespondentPoints } from './profile.js';
import { F, flagNames, type NodeArrays, S, STATUS } from './rules.js';
import { KIND, OVERALL, type ScoringTables } from './tables.js';
import type { Validation } from './validation.js';

/** Who a profile is of, and what explains it: everything of a profile that is not a node's result. */
export interface ProfileContext {
  subject: Subject;
  wave?: string;
  respondents: number;
  answers: RespondentPoints[];
  diagnostics: Diagnostic[];
  /** Targets by node id (a score or a profile-level id), over the rubric's. */
  targets?: Readonly<Record<string, number | string>>;
  /** Where each fact-fed indicator's answer came from. */
  facts?: Readonly<Record<string, FactProvenance>>;
  /** What validators rated, apart from the self-assessment. */
  validation?: Validation;
}

const EPSILON = 1e-9;

/** A subject's profile from the engine's arrays (its nodes at [at + step]). */
export function buildProfile(t: ScoringTables, out: NodeArrays, at: number, context: ProfileContext): Profile {
  const agreement = profileAgreement(t, context);
  const consensus = needsConsensus(t, agreement);
  const results: NodeResult[] = t.ids.map((id, i) =>
    nodeResult(t, out, at, i, targetOf(t, i, context.targets), consensus.has(id) ? F.needsConsensus : 0),
  );
  const nodes: Record<string, NodeResult> = {};
  for (const node of t.compiled.nodes) nodes[node.id] = results[t.stepOf.get(node.id) as number] as NodeResult;
  const { rubric } = t.compiled;
  return {
    rubric: { id: rubric.id, version: rubric.version },
    subject: context.subject,
    ...(context.wave === undefined ? {} : { wave: context.wave }),
    respondents: context.respondents,
    overall: results[results.length - 1] as NodeResult,
    nodes,
    priorities: priorities(t, (i) => results[i]?.gap),
    diagnostics: context.diagnostics,
    answers: context.answers,
    ...(Object.keys(agreement.nodes).length ? { agreement } : {}),
    ...(context.facts ? { facts: context.facts } : {}),
    ...(context.validation ? { validation: context.validation } : {}),
  };
}

/**
 * One node's result: its arrays' entries, its level, why a null score is null, and its target and gap; `more`:
 * flag bits found beside the engine's (needs-consensus, from the answers' agreement).
 */
export function nodeResult(t: ScoringTables, out: NodeArrays, at: number, i: number, target?: number, more = 0): NodeResult {
  const o = at + i;
  const value = out.score[o] as number;
  const score = Number.isNaN(value) ? null : value;
  const status = out.status[o] as number;
  const reason = score === null ? reasonOf(t, i, status, out.flags[o] as number, out.coverage[o] as number) : undefined;
  return {
    status: STATUS[status] ?? 'missing',
    score,
    level: levelOf(score, t.levels[i] ?? []),
    coverage: out.coverage[o] as number,
    confidence: out.confidence[o] as number,
    flags: flagNames((out.flags[o] as number) | more),
    ...(reason === undefined ? {} : { reason }),
    ...(target === undefined ? {} : { target, gap: gapOf(target, score) }),
  };
}

/** A node's target: the one written for it (a score, or a level by id), else the rubric's; undefined when none. */
export function targetOf(t: ScoringTables, i: number, targets?: Readonly<Record<string, number | string>>): number | undefined {
  const written = targets?.[t.ids[i] as string];
  const target = written !== undefined ? targetScore(written, t.levels[i] ?? []) : (t.target[i] as number);
  return target === undefined || Number.isNaN(target) ? undefined : target;
}

/** Target minus score, never below 0; null when the score is unknown. */
export const gapOf = (target: number, score: number | null): number | null =>
  score === null ? null : Math.max(0, target - score);

/** Why a node has no score, in words. */
export function reasonOf(t: ScoringTables, i: number, status: number, flags: number, coverage: number): string {
  const indicator = t.kind[i] === KIND.indicator;
  switch (status) {
    case S.notApplicable:
      return indicator ? 'marked not applicable, and no respondent gave a value' : 'every part is not applicable';
    case S.insufficient:
      return `coverage ${round(coverage * 100)}% is below the minimum of ${round((t.minCoverage[i] as number) * 100)}%`;
    default:
      if (!indicator) return 'no part could be scored';
      return flagNames(flags).includes('invalid-answer') ? 'no valid answer' : 'no answer';
  }
}

const round = (v: number) => Math.round(v * 10) / 10;

/** The groups of the priority tier below target, by weighted gap (gap over range × share × 100), then id. */
export function priorities(t: ScoringTables, gap: (step: number) => number | null | undefined): Priority[] {
  const out: Priority[] = [];
  t.ids.forEach((id, i) => {
    if (t.tier[i] !== t.priorityTier || t.kind[i] !== KIND.group) return;
    const g = gap(i);
    if (!g || g <= EPSILON) return;
    const width = (t.max[i] as number) - (t.min[i] as number) || 1;
    out.push({ id, gap: g, weightedGap: (g / width) * (t.share[i] as number) * 100 });
  });
  return out.sort((a, b) => b.weightedGap - a.weightedGap || (a.id < b.id ? -1 : 1));
}

/** A node of a profile by id: OVERALL or any node of the rubric. */
export function nodeOf(profile: Profile, id: string): NodeResult | undefined {
  return id === OVERALL ? profile.overall : profile.nodes[id];
}
