import type { AggregateChild } from '../aggregate/types.js';
import type { AnswerValue } from '../assessment/model.js';
import type { CompiledRubric } from '../rubric/compile.js';
import { answerPoints } from '../score/answer-points.js';
import { combinePoints } from '../score/combine.js';
import { levelOf, percentOf } from '../score/levels.js';
import { type PlanStep, planScoring } from '../score/plan.js';
import type { NodeStatus } from '../score/profile.js';

/**
 * Scoring many subjects at once, on typed arrays. Each respondent's answers arrive as one byte per indicator
 * (a code into a per-indicator table of the values seen), so a million rows take a few bytes each and scoring
 * runs over flat arrays. It computes what scoreAssessment computes for every node (status, score, coverage,
 * confidence; levels from the scores), without the explanations; a test holds the two to the same numbers.
 */

/** Answer codes: the low 7 bits; the high bit says the answer has evidence. */
export const CODE = { missing: 0, notApplicable: 1, invalid: 2, firstValue: 3, evidence: 0x80 } as const;
const MAX_VALUES = 0x7f - CODE.firstValue;
const EPSILON = 1e-9;
const STATUS: readonly NodeStatus[] = ['scored', 'missing', 'not-applicable', 'insufficient-coverage'];
const S_SCORED = 0;
const S_MISSING = 1;
const S_NA = 2;
const S_INSUFFICIENT = 3;

/** Scores of every subject and node, as flat arrays: entry [subject × nodes + node]. */
export interface BatchProfiles {
  subjects: string[];
  /** Node ids in plan order (children before parents); 'overall' last. */
  nodes: string[];
  score: Float64Array;
  coverage: Float64Array;
  confidence: Float64Array;
  status: Uint8Array;
  statusOf(subject: number, node: number): NodeStatus;
  levelOf(subject: number, node: number): string | null;
  percentOf(subject: number, node: number): number | null;
}

export interface BatchScorer {
  /** Indicator ids, in the order of the codes `add` takes. */
  readonly indicators: readonly string[];
  /** The code of an answer to indicator `k`: interned per distinct value; its points are computed once. */
  code(k: number, answer: { value: AnswerValue } | { na: true } | { invalid: string } | undefined, evidence?: boolean): number;
  /** Adds one respondent's answers (one code per indicator) to a subject. */
  add(subject: string, role: string | undefined, codes: Uint8Array): void;
  /** Scores every subject, in the order first added. */
  finish(): BatchProfiles;
}

export function createBatchScorer(compiled: CompiledRubric): BatchScorer {
  const plan = planScoring(compiled);
  const { rubric } = compiled;
  const steps = plan.steps;
  const indicatorSteps = plan.indicators;
  const nInd = indicatorSteps.length;
  const indicatorOfStep = new Int32Array(steps.length).fill(-1);
  indicatorSteps.forEach((s, k) => {
    indicatorOfStep[s.index] = k;
  });

  // per indicator: the values seen (by a key), and their raw points (NaN: not a value of the scale)
  const valueKeys = indicatorSteps.map(() => new Map<string, number>());
  const rawPoints = indicatorSteps.map(() => [] as number[]);
  const roleIndex = new Map(rubric.roles.map((r, i) => [r.id, i] as const));
  const roleWeights = rubric.roles.map((r) => r.weight);
  const NO_ROLE = 255;
  const assigned = indicatorSteps.map((s) => new Set(s.node.roles.map((r) => roleIndex.get(r) ?? -1)));

  // rows: codes, role and subject, in growable arrays; each subject's rows as a linked list
  let capacity = 1024;
  let rows = 0;
  let codes = new Uint8Array(capacity * nInd);
  let roles = new Uint8Array(capacity);
  let next = new Int32Array(capacity);
  const subjects: string[] = [];
  const subjectIndex = new Map<string, number>();
  const head: number[] = [];
  const tail: number[] = [];

  const grow = () => {
    capacity *= 2;
    const c = new Uint8Array(capacity * nInd);
    c.set(codes);
    codes = c;
    const r = new Uint8Array(capacity);
    r.set(roles);
    roles = r;
    const n = new Int32Array(capacity);
    n.set(next);
    next = n;
  };

  return {
    indicators: indicatorSteps.map((s) => s.id),
    code(k, answer, evidence = false) {
      const flag = evidence ? CODE.evidence : 0;
      if (answer === undefined) return CODE.missing;
      if ('na' in answer) return CODE.notApplicable | flag;
      if ('invalid' in answer) return CODE.invalid;
      const key = typeof answer.value === 'object' ? JSON.stringify(answer.value) : `${typeof answer.value}:${answer.value}`;
      const keys = valueKeys[k] as Map<string, number>;
      let index = keys.get(key);
      if (index === undefined) {
        if (keys.size >= MAX_VALUES) throw new RangeError(`indicator ${indicatorSteps[k]?.id}: more than ${MAX_VALUES} distinct answers`);
        index = keys.size;
        keys.set(key, index);
        const step = indicatorSteps[k] as PlanStep;
        const read = step.scale ? answerPoints(step.scale, answer.value) : { invalid: 'no scale' };
        (rawPoints[k] as number[]).push('points' in read ? read.points : Number.NaN);
      }
      return (CODE.firstValue + index) | flag;
    },
    add(subject, role, answerCodes) {
      if (rows === capacity) grow();
      let s = subjectIndex.get(subject);
      if (s === undefined) {
        s = subjects.length;
        subjectIndex.set(subject, s);
        subjects.push(subject);
        head.push(rows);
        tail.push(rows);
      } else {
        next[tail[s] as number] = rows;
        tail[s] = rows;
      }
      codes.set(answerCodes.subarray(0, nInd), rows * nInd);
      roles[rows] = role === undefined ? NO_ROLE : (roleIndex.get(role) ?? NO_ROLE - 1);
      next[rows] = -1;
      rows++;
    },
    finish() {
      const nNodes = steps.length;
      const nSubjects = subjects.length;
      const score = new Float64Array(nSubjects * nNodes);
      const coverage = new Float64Array(nSubjects * nNodes);
      const confidence = new Float64Array(nSubjects * nNodes);
      const status = new Uint8Array(nSubjects * nNodes);
      const points: number[] = [];
      const raws: number[] = [];
      const weights: number[] = [];
      const counted: number[] = [];
      const countedWeights: number[] = [];
      const countedSteps: number[] = [];
      const { scoring } = rubric;

      for (let s = 0; s < nSubjects; s++) {
        const base = s * nNodes;
        for (let i = 0; i < nNodes; i++) {
          const step = steps[i] as PlanStep;
          const k = indicatorOfStep[i] as number;
          if (k >= 0) {
            // one indicator: the answers of the respondents whose role answers it
            const ind = indicatorSteps[k] as PlanStep & { node: (typeof indicatorSteps)[number]['node'] };
            const [min, max] = step.range;
            const table = rawPoints[k] as number[];
            const roleSet = assigned[k] as Set<number>;
            const evidence = ind.node.evidence;
            points.length = 0;
            raws.length = 0;
            weights.length = 0;
            let sawNa = false;
            let missingEvidence = false;
            for (let r = head[s] as number; r >= 0; r = next[r] as number) {
              const role = roles[r] as number;
              if (roleSet.size > 0 && role !== NO_ROLE && !roleSet.has(role)) continue;
              const c = codes[r * nInd + k] as number;
              const v = c & 0x7f;
              if (v === CODE.missing || v === CODE.invalid) continue;
              if (v === CODE.notApplicable) {
                if (ind.scale?.notApplicable) sawNa = true;
                continue;
              }
              const raw = table[v - CODE.firstValue] as number;
              if (Number.isNaN(raw)) continue;
              let value = raw;
              if (evidence && raw >= evidence.from - EPSILON && (c & CODE.evidence) === 0) {
                missingEvidence = true;
                if (evidence.cap !== undefined && value > evidence.cap) value = evidence.cap;
              }
              if (ind.node.reverse) value = min + max - value;
              raws.push(raw);
              points.push(value);
              weights.push(role < roleWeights.length ? (roleWeights[role] as number) : 1);
            }
            const at = base + i;
            if (points.length > 0) {
              let lo = raws[0] as number;
              let hi = lo;
              for (const x of raws) {
                if (x < lo) lo = x;
                if (x > hi) hi = x;
              }
              const disagree = raws.length > 1 && hi - lo >= scoring.respondents.disagreement - EPSILON;
              const combined = combinePoints(scoring.respondents.combine, points, weights);
              score[at] = combined < min ? min : combined > max ? max : combined;
              status[at] = S_SCORED;
              coverage[at] = 1;
              confidence[at] = disagree || missingEvidence ? 0.5 : 1;
            } else {
              score[at] = Number.NaN;
              status[at] = sawNa ? S_NA : S_MISSING;
              coverage[at] = 0;
              confidence[at] = 0;
            }
            continue;
          }
          scoreGroupInto(step, base, i);
        }
      }

      function scoreGroupInto(step: PlanStep, base: number, i: number) {
        const at = base + i;
        const { children } = step;
        let totalWeight = 0;
        for (const c of children) totalWeight += (steps[c] as PlanStep).weight;
        counted.length = 0;
        countedWeights.length = 0;
        countedSteps.length = 0;
        let coverWeight = 0;
        let covered = 0;
        let confident = 0;
        for (const c of children) {
          const child = steps[c] as PlanStep;
          const weight = totalWeight > 0 ? child.weight : 1;
          const cs = status[base + c] as number;
          if (cs === S_NA) {
            if (scoring.notApplicable === 'zero') {
              counted.push(child.range[0]);
              countedWeights.push(child.weight);
              countedSteps.push(c);
              coverWeight += weight;
              covered += weight;
              confident += weight;
            }
            continue;
          }
          coverWeight += weight;
          covered += weight * (coverage[base + c] as number);
          confident += weight * (confidence[base + c] as number);
          if (cs === S_SCORED) {
            counted.push(score[base + c] as number);
            countedWeights.push(child.weight);
            countedSteps.push(c);
          } else if (scoring.missing === 'zero') {
            counted.push(child.range[0]);
            countedWeights.push(child.weight);
            countedSteps.push(c);
          }
        }
        if (coverWeight === 0) {
          score[at] = Number.NaN;
          status[at] = S_NA;
          coverage[at] = 1;
          confidence[at] = 1;
          return;
        }
        const cov = covered / coverWeight;
        coverage[at] = cov;
        confidence[at] = confident / coverWeight;
        if (counted.length === 0) {
          score[at] = Number.NaN;
          status[at] = S_MISSING;
          return;
        }
        if (cov < step.minCoverage - EPSILON) {
          score[at] = Number.NaN;
          status[at] = S_INSUFFICIENT;
          return;
        }
        const [min, max] = step.range;
        let value = aggregate(step);
        value = value < min ? min : value > max ? max : value;
        for (const c of step.critical) {
          const cs = status[base + c];
          const childScore = score[base + c] as number;
          if (cs === S_SCORED && childScore < value - EPSILON) value = childScore;
        }
        score[at] = value;
        status[at] = S_SCORED;
      }

      /** The built-in methods on the scratch arrays, in the same arithmetic order; others through their own code. */
      function aggregate(step: PlanStep): number {
        const n = counted.length;
        switch (step.method?.id) {
          case 'weighted-mean': {
            let sum = 0;
            let w = 0;
            for (let j = 0; j < n; j++) {
              sum += (countedWeights[j] as number) * (counted[j] as number);
              w += countedWeights[j] as number;
            }
            if (w > 0) return sum / w;
            let plain = 0;
            for (let j = 0; j < n; j++) plain += counted[j] as number;
            return plain / n;
          }
          case 'mean': {
            let sum = 0;
            for (let j = 0; j < n; j++) sum += counted[j] as number;
            return sum / n;
          }
          case 'sum': {
            let sum = 0;
            for (let j = 0; j < n; j++) sum += (countedWeights[j] as number) * (counted[j] as number);
            return sum;
          }
          case 'min':
            return Math.min(...counted);
          case 'max':
            return Math.max(...counted);
          default: {
            const children: (AggregateChild & { score: number })[] = counted.map((x, j) => {
              const child = steps[countedSteps[j] as number] as PlanStep;
              return { score: x, weight: countedWeights[j] as number, range: child.range, ...(child.stage === undefined ? {} : { stage: child.stage }) };
            });
            return (step.method as NonNullable<PlanStep['method']>).aggregate(children as never, step.options as never, step.range);
          }
        }
      }

      return {
        subjects: [...subjects],
        nodes: steps.map((st) => st.id),
        score,
        coverage,
        confidence,
        status,
        statusOf: (s, n) => STATUS[status[s * nNodes + n] as number] as NodeStatus,
        levelOf: (s, n) => {
          const v = score[s * nNodes + n] as number;
          return Number.isNaN(v) ? null : levelOf(v, (steps[n] as PlanStep).levels);
        },
        percentOf: (s, n) => {
          const v = score[s * nNodes + n] as number;
          return Number.isNaN(v) ? null : percentOf(v, (steps[n] as PlanStep).range);
        },
      };
    },
  };
}
