import type { AggregateChild } from '../aggregate/types.js';
import type { Accumulators } from './accumulate.js';
import type { Flag, NodeStatus } from './profile.js';
import { BIT, RANK_MASK, RANKS, type ScoringTables } from './tables.js';

/** Node statuses as the arrays hold them. */
export const STATUS: readonly NodeStatus[] = ['scored', 'missing', 'not-applicable', 'insufficient-coverage'];
export const S = { scored: 0, missing: 1, notApplicable: 2, insufficient: 3 } as const;

/** Flags as bits, in the order their names sort (so a node's flags come out sorted). */
export const FLAG_BITS: readonly Flag[] = [
  'counted-as-zero',
  'critical-cap',
  'disagreement',
  'evidence-cap',
  'insufficient-coverage',
  'invalid-answer',
  'missing-evidence',
  'needs-consensus',
];
export const F = {
  countedAsZero: 1 << 0,
  criticalCap: 1 << 1,
  disagreement: 1 << 2,
  evidenceCap: 1 << 3,
  insufficientCoverage: 1 << 4,
  invalidAnswer: 1 << 5,
  missingEvidence: 1 << 6,
  needsConsensus: 1 << 7,
} as const;

/** A node's flags by name, sorted. */
export function flagNames(bits: number): Flag[] {
  const names: Flag[] = [];
  for (let b = 0; b < FLAG_BITS.length; b++) if ((bits & (1 << b)) !== 0) names.push(FLAG_BITS[b] as Flag);
  return names;
}

/** What scoring gives every node, in arrays: entry [at + step] for a subject whose nodes start at `at`. */
export interface NodeArrays {
  score: Float64Array;
  coverage: Float64Array;
  confidence: Float64Array;
  status: Uint8Array;
  flags: Uint8Array;
}

const EPSILON = 1e-9;

/**
 * The indicator rule: each indicator's score, status, coverage, confidence and flags from what its answers added
 * up to. Answered: the respondents' points combined (mean, median, min, max, or mean by role weight), within the
 * range; coverage 1; confidence halved when the respondents' raw points spread by the rubric's disagreement or
 * more, or an answer lacked the evidence it needed. Unanswered: not applicable when someone said so (the
 * others' silence adds nothing), else missing; coverage and confidence 0.
 */
export function scoreIndicators(t: ScoringTables, acc: Accumulators, out: NodeArrays, at: number): void {
  const { step, count } = t.indicators;
  const { rawByRank } = t.indicators.codes;
  const { combine } = t.policy;
  const least = t.policy.disagreement - EPSILON;
  for (let k = 0; k < count; k++) {
    const i = at + (step[k] as number);
    const n = acc.n[k] as number;
    const bits = acc.bits[k] as number;
    let flags = (bits & BIT.invalid) !== 0 ? F.invalidAnswer : 0;
    if (n === 0) {
      out.score[i] = Number.NaN;
      out.status[i] = (bits & BIT.notApplicable) !== 0 ? S.notApplicable : S.missing;
      out.coverage[i] = 0;
      out.confidence[i] = 0;
      out.flags[i] = flags;
      continue;
    }
    const combined =
      combine === 'mean'
        ? (acc.sum[k] as number) / n
        : combine === 'role-weights'
          ? (acc.weights[k] as number) > 0
            ? (acc.weighted[k] as number) / (acc.weights[k] as number)
            : (acc.sum[k] as number) / n
          : (acc.pick[k] as number);
    const min = t.min[step[k] as number] as number;
    const max = t.max[step[k] as number] as number;
    out.score[i] = combined < min ? min : combined > max ? max : combined;
    out.status[i] = S.scored;
    out.coverage[i] = 1;
    // the spread of raw points: the lowest and highest rank seen, widened by raw points past the ranks
    if (n > 1) {
      const ranks = bits & RANK_MASK;
      let lo = ranks === 0 ? Number.POSITIVE_INFINITY : (rawByRank[k * RANKS + 31 - Math.clz32(ranks & -ranks)] as number);
      let hi = ranks === 0 ? Number.NEGATIVE_INFINITY : (rawByRank[k * RANKS + 31 - Math.clz32(ranks)] as number);
      if ((bits & BIT.wide) !== 0) {
        lo = Math.min(lo, acc.lo[k] as number);
        hi = Math.max(hi, acc.hi[k] as number);
      }
      if (hi - lo >= least) flags |= F.disagreement;
    }
    if ((bits & BIT.unsupported) !== 0) flags |= F.missingEvidence;
    if ((bits & BIT.capped) !== 0) flags |= F.evidenceCap;
    out.confidence[i] = (flags & (F.disagreement | F.missingEvidence)) !== 0 ? 0.5 : 1;
    out.flags[i] = flags;
  }
}

/** Scratch space for the children of one group that count. */
export class Counted {
  readonly score: Float64Array;
  readonly weight: Float64Array;
  readonly step: Int32Array;
  constructor(width: number) {
    this.score = new Float64Array(width);
    this.weight = new Float64Array(width);
    this.step = new Int32Array(width);
  }
}

/** What the group rule did with each child and each critical cap, for explanations. */
export interface GroupTrace {
  child(step: number, use: 'counted' | 'zero' | 'excluded', score: number): void;
  cap(step: number, from: number, to: number): void;
}

/** The group rule for every group, in post-order: each after its children. */
export function scoreGroups(t: ScoringTables, out: NodeArrays, at: number, counted: Counted): void {
  const { groups } = t;
  for (let g = 0; g < groups.length; g++) scoreGroup(t, out, at, groups[g] as number, counted);
}

/**
 * The group rule: coverage and confidence are the children's, weighted (a not-applicable child leaves them,
 * unless N/A counts as zero); the children that count are the scored ones, and, when the policy says so, N/A
 * or missing ones as the lowest score of their range; none counting: missing; coverage below the minimum:
 * insufficient, with a null score, never a silent 0; else the method's score within the range, capped by any
 * critical child scored lower. `trace` hears what became of each child.
 */
export function scoreGroup(t: ScoringTables, out: NodeArrays, at: number, i: number, counted: Counted, trace?: GroupTrace): void {
  const { childStart, childOf, coverWeight, min, max, weight } = t;
  const { notApplicableZero, missingZero } = t.policy;
  let n = 0;
  let coverTotal = 0;
  let covered = 0;
  let confident = 0;
  let flags = 0;
  for (let j = childStart[i] as number; j < (childStart[i + 1] as number); j++) {
    const c = childOf[j] as number;
    const w = coverWeight[j] as number;
    const status = out.status[at + c] as number;
    let score = Number.NaN;
    if (status === S.notApplicable) {
      if (!notApplicableZero) {
        trace?.child(c, 'excluded', score);
        continue;
      }
      coverTotal += w;
      covered += w;
      confident += w;
      score = min[c] as number;
      flags |= F.countedAsZero;
    } else {
      coverTotal += w;
      covered += w * (out.coverage[at + c] as number);
      confident += w * (out.confidence[at + c] as number);
      if (status === S.scored) score = out.score[at + c] as number;
      else if (missingZero) {
        score = min[c] as number;
        flags |= F.countedAsZero;
      } else {
        trace?.child(c, 'excluded', score);
        continue;
      }
    }
    trace?.child(c, status === S.scored ? 'counted' : 'zero', score);
    counted.score[n] = score;
    counted.weight[n] = weight[c] as number;
    counted.step[n++] = c;
  }
  const o = at + i;
  const coverage = coverTotal === 0 ? 1 : covered / coverTotal;
  const confidence = coverTotal === 0 ? 1 : confident / coverTotal;
  // a group without a score says why, never a silent 0
  const unscored =
    coverTotal === 0
      ? S.notApplicable
      : n === 0
        ? S.missing
        : coverage < (t.minCoverage[i] as number) - EPSILON
          ? S.insufficient
          : S.scored;
  if (unscored !== S.scored) {
    out.score[o] = Number.NaN;
    out.status[o] = unscored;
    out.coverage[o] = coverage;
    out.confidence[o] = confidence;
    out.flags[o] = unscored === S.insufficient ? flags | F.insufficientCoverage : flags;
    return;
  }
  let score = aggregate(t, i, counted, n);
  score = score < (min[i] as number) ? (min[i] as number) : score > (max[i] as number) ? (max[i] as number) : score;
  for (let j = t.criticalStart[i] as number; j < (t.criticalStart[i + 1] as number); j++) {
    const c = t.criticalOf[j] as number;
    const child = out.score[at + c] as number;
    if (out.status[at + c] === S.scored && child < score - EPSILON) {
      trace?.cap(c, score, child);
      score = child;
      flags |= F.criticalCap;
    }
  }
  out.score[o] = score;
  out.status[o] = S.scored;
  out.coverage[o] = coverage;
  out.confidence[o] = confidence;
  out.flags[o] = flags;
}

/** A group's method on the children that count: on the arrays when it has an array kernel (the built-ins), else on objects. */
function aggregate(t: ScoringTables, i: number, counted: Counted, n: number): number {
  const method = t.method[i] as NonNullable<ScoringTables['method'][number]>;
  if (method.scores) return method.scores(counted.score, counted.weight, n);
  const children: (AggregateChild & { score: number })[] = [];
  for (let j = 0; j < n; j++) {
    const c = counted.step[j] as number;
    const stage = t.stage[c];
    children.push({
      score: counted.score[j] as number,
      weight: counted.weight[j] as number,
      range: [t.min[c] as number, t.max[c] as number],
      ...(stage === undefined ? {} : { stage }),
    });
  }
  return method.aggregate(children as never, t.options[i] as never, [t.min[i] as number, t.max[i] as number]);
}
