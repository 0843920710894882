import type { AggregateChild } from '../aggregate/types.js';
import type { AnswerValue } from '../assessment/model.js';
import type { CompiledRubric } from '../rubric/compile.js';
import { answerPoints } from '../score/answer-points.js';
import { combinePoints } from '../score/combine.js';
import { levelOf, percentOf } from '../score/levels.js';
import { type PlanStep, planScoring } from '../score/plan.js';
import type { NodeStatus } from '../score/profile.js';
import { compareText } from '../text/order.js';
import { grown } from './grow.js';

/**
 * Scoring many subjects at once, on typed arrays. Each respondent's answers arrive as one byte per indicator
 * (a code into a per-indicator table of the values seen), so a million rows take a few bytes each and scoring
 * runs over flat arrays. It computes what scoreAssessment computes for every node (status, score, coverage,
 * confidence; levels from the scores), without the explanations; a test holds the two to the same numbers.
 */

/**
 * An indicator whose answers give more distinct points than a byte can code (a free numeric scale with many
 * decimals): such a rubric is scored one subject at a time (scoreAssessment, `score --format json`).
 */
export class BatchCapacityError extends RangeError {
  constructor(
    readonly indicator: string,
    readonly limit: number,
  ) {
    super(`indicator ${indicator}: answers give more than ${limit} distinct points; the batch path cannot code them`);
  }
}

/** Answer codes: the low 7 bits; the high bit says the answer has evidence. */
export const CODE = { missing: 0, notApplicable: 1, invalid: 2, firstValue: 3, evidence: 0x80 } as const;
const MAX_VALUES = 0x7f - CODE.firstValue;
const SMALL = 64;
/** A whole number below SMALL: coded by an array read (the levels of most scales). */
const isSmall = (value: AnswerValue): value is number =>
  typeof value === 'number' && value >= 0 && value < SMALL && (value | 0) === value;
const EPSILON = 1e-9;
const STATUS: readonly NodeStatus[] = ['scored', 'missing', 'not-applicable', 'insufficient-coverage'];
const S_SCORED = 0;
const S_MISSING = 1;
const S_NA = 2;
const S_INSUFFICIENT = 3;
// rows of codes per block: 65,536 rows of 96 indicators are 6 MiB
const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;
const BLOCK_MASK = BLOCK - 1;
// the bits a code ORs into its indicator's (see `codeTables`): its rank among the first RANKS distinct raw
// points, or WIDE past them (a scale with more points: the spread is then also tracked on the raw points)
const RANKS = 28;
const B_WIDE = 1 << 28;
const B_NA = 1 << 29;
const B_UNSUPPORTED = 1 << 30;
const B_RANKS = B_WIDE - 1;

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

/** One subject's scores, by node in plan order (the arrays are reused for the next subject). */
export interface SubjectScores {
  nodes: readonly string[];
  score: Float64Array;
  coverage: Float64Array;
  confidence: Float64Array;
  status: Uint8Array;
  statusOf(node: number): NodeStatus;
  levelOf(node: number): string | null;
}

export interface BatchScorer {
  /** Indicator ids, in the order of the codes `add` takes. */
  readonly indicators: readonly string[];
  /** The code of an answer to indicator `k`: interned per distinct value; its points are computed once. */
  code(k: number, answer: { value: AnswerValue } | { na: true } | { invalid: string } | undefined, evidence?: boolean): number;
  /** The code of a value answered to indicator `k` (no object needed: the fast way for numbers). */
  codeValue(k: number, value: AnswerValue, evidence?: boolean): number;
  /** The index of a subject by its key, added on first sight: `add` takes it instead of the key, saving a lookup. */
  subject(key: string): number;
  /** The key of a subject by its index. */
  key(subject: number): string;
  /** A subject's rows in the order added: the first handle, then each next one, -1 after the last. */
  firstRow(subject: number): number;
  nextRow(handle: number): number;
  /** Adds one respondent's answers (one code per indicator) to a subject (its key or index); returns a handle for `drop`. */
  add(subject: string | number, role: string | undefined, codes: Uint8Array): number;
  /** Takes a respondent's answers out again (a duplicate submission resolved later). */
  drop(handle: number): void;
  /**
   * Scores every subject that has answers left, in the order of their keys (as strings sort). With `each`, hands
   * each subject's scores over as soon as they are computed, in arrays reused for the next subject, and keeps
   * none: the returned profiles are then empty.
   */
  finish(options?: {
    /** Called once before scoring with the keys of the subjects that will be scored, in order. */
    begin?: (keys: readonly string[]) => void;
    each?: (key: string, scores: SubjectScores) => void;
  }): BatchProfiles;
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
  const stepOfIndicator = Int32Array.from(indicatorSteps, (s) => s.index);
  // the groups in plan order: each after its children
  const groupSteps = Int32Array.from(steps.keys()).filter((i) => indicatorOfStep[i] === -1);

  // the plan as flat typed arrays, read in the scoring loops instead of step objects
  const nSteps = steps.length;
  const stepMin = Float64Array.from(steps, (st) => st.range[0]);
  const stepMax = Float64Array.from(steps, (st) => st.range[1]);
  const stepWeight = Float64Array.from(steps, (st) => st.weight);
  const minCoverage = Float64Array.from(steps, (st) => st.minCoverage);
  const childStart = new Int32Array(nSteps + 1);
  const criticalStart = new Int32Array(nSteps + 1);
  const groupWeight = new Float64Array(nSteps);
  steps.forEach((st, i) => {
    childStart[i + 1] = (childStart[i] as number) + st.children.length;
    criticalStart[i + 1] = (criticalStart[i] as number) + st.critical.length;
    for (const c of st.children) groupWeight[i] = (groupWeight[i] as number) + (steps[c] as PlanStep).weight;
  });
  const childOf = Int32Array.from(steps.flatMap((st) => [...st.children]));
  // what each child weighs in its group's coverage and confidence: its weight, or 1 each when none has any
  const coverWeightOf = Float64Array.from(
    steps.flatMap((st, i) => [...st.children].map((c) => ((groupWeight[i] as number) > 0 ? (steps[c] as PlanStep).weight : 1))),
  );
  // each group's method, read without going through its step
  const methodOf = steps.map((st) => st.method);
  const criticalOf = Int32Array.from(steps.flatMap((st) => [...st.critical]));
  const widest = Math.max(1, ...steps.map((st) => st.children.length));
  const countedScore = new Float64Array(widest);
  const countedWeight = new Float64Array(widest);
  const countedStep = new Int32Array(widest);
  const naAllowed = Uint8Array.from(indicatorSteps, (st) => (st.scale?.notApplicable ? 1 : 0));
  const reverse = Uint8Array.from(indicatorSteps, (st) => (st.node.reverse ? 1 : 0));
  const evFrom = Float64Array.from(indicatorSteps, (st) => st.node.evidence?.from ?? Number.NaN);
  const evCap = Float64Array.from(indicatorSteps, (st) => st.node.evidence?.cap ?? Number.NaN);
  const indMin = Float64Array.from(indicatorSteps, (st) => st.range[0]);
  const indMax = Float64Array.from(indicatorSteps, (st) => st.range[1]);

  // per indicator: the values seen (by a key), and their raw points (NaN: not a value of the scale)
  const valueKeys = indicatorSteps.map(() => new Map<number, number>());
  const rawPoints = indicatorSteps.map(() => [] as number[]);
  // the code of each small whole number answered, per indicator at [k * SMALL + value] (-1: not yet seen)
  const smallCodes = new Int16Array(nInd * SMALL).fill(-1);
  const roleIndex = new Map(rubric.roles.map((r, i) => [r.id, i] as const));
  const roleWeights = rubric.roles.map((r) => r.weight);
  const NO_ROLE = 255;
  const UNKNOWN_ROLE = 254;
  const DROPPED = 253;
  // which roles answer each indicator: a byte per (indicator, role); an indicator with no roles takes everyone
  const anyRole = Uint8Array.from(indicatorSteps, (st) => (st.node.roles.length === 0 ? 1 : 0));
  const roleMask = new Uint8Array(nInd * 256);
  indicatorSteps.forEach((st, k) => {
    for (const r of st.node.roles) {
      const index = roleIndex.get(r);
      if (index !== undefined) roleMask[k * 256 + index] = 1;
    }
  });

  // rows: codes in blocks of BLOCK rows (growing never copies them), role and next row of the same subject in
  // growable arrays; each subject's rows as a linked list
  const blocks: Uint8Array[] = [];
  let capacity = 1024;
  let rows = 0;
  let roles = new Uint8Array(capacity);
  let next = new Int32Array(capacity);
  const subjects: string[] = [];
  const subjectIndex = new Map<string, number>();
  let head = new Int32Array(1024);
  let tail = new Int32Array(1024);

  const grow = () => {
    capacity *= 2;
    roles = grown(roles);
    next = grown(next);
  };

  function subjectOf(key: string): number {
    let s = subjectIndex.get(key);
    if (s === undefined) {
      s = subjects.length;
      subjectIndex.set(key, s);
      subjects.push(key);
      if (s === head.length) {
        head = grown(head);
        tail = grown(tail);
      }
      head[s] = -1;
      tail[s] = -1;
    }
    return s;
  }

  function codeValue(k: number, value: AnswerValue, evidence = false): number {
    // small whole numbers (the levels of most scales) skip the key: one array read per answer
    if (isSmall(value)) {
      const fast = smallCodes[k * SMALL + value] as number;
      if (fast >= 0) return evidence ? fast | CODE.evidence : fast;
    }
    return internedCode(k, value, evidence);
  }

  /** Answers are interned by the points they give: a scale has few (its levels, bands or checklist shares). */
  function internedCode(k: number, value: AnswerValue, evidence: boolean): number {
    const step = indicatorSteps[k] as PlanStep;
    const read = step.scale ? answerPoints(step.scale, value) : { invalid: 'no scale' };
    const points = 'points' in read ? read.points : Number.NaN;
    const keys = valueKeys[k] as Map<number, number>;
    let index = keys.get(points);
    if (index === undefined) {
      if (keys.size >= MAX_VALUES) throw new BatchCapacityError(step.id, MAX_VALUES);
      index = keys.size;
      keys.set(points, index);
      (rawPoints[k] as number[]).push(points);
    }
    if (isSmall(value)) smallCodes[k * SMALL + value] = CODE.firstValue + index;
    return (CODE.firstValue + index) | (evidence ? CODE.evidence : 0);
  }

  /**
   * What each code of each indicator adds to the scoring loop's sums, at [k << 8 | code], so that the loop adds
   * without asking what the code means: a value adds its points (after the evidence rule and reverse keying)
   * and a count of one; every code ORs its bits into the indicator's — the rank of its raw points among the
   * indicator's (the respondents' spread is their highest rank's points minus their lowest's), an allowed N/A,
   * an answer that lacked the evidence it needed. Missing, invalid and unknown codes add nothing.
   */
  function codeTables() {
    const pointsOf = new Float64Array(nInd << 8);
    const countOf = new Uint8Array(nInd << 8);
    const bitsOf = new Int32Array(nInd << 8);
    const rawOf = new Float64Array(nInd << 8);
    const rawByRank = new Float64Array(nInd * RANKS);
    for (let k = 0; k < nInd; k++) {
      const points = rawPoints[k] as number[];
      const ranked = [...new Set(points.filter((p) => !Number.isNaN(p)))].sort((a, b) => a - b);
      rawByRank.set(ranked.slice(0, RANKS), k * RANKS);
      for (let c = 0; c < 256; c++) {
        const t = (k << 8) | c;
        const v = c & 0x7f;
        if (v === CODE.notApplicable) {
          if (naAllowed[k] === 1) bitsOf[t] = B_NA;
          continue;
        }
        if (v < CODE.firstValue || v - CODE.firstValue >= points.length) continue;
        const raw = points[v - CODE.firstValue] as number;
        if (Number.isNaN(raw)) continue; // not a value of the scale
        let value = raw;
        let bits = 0;
        const from = evFrom[k] as number;
        if (!Number.isNaN(from) && raw >= from - EPSILON && (c & CODE.evidence) === 0) {
          bits = B_UNSUPPORTED;
          const cap = evCap[k] as number;
          if (!Number.isNaN(cap) && value > cap) value = cap;
        }
        if (reverse[k] === 1) value = (indMin[k] as number) + (indMax[k] as number) - value;
        const rank = ranked.indexOf(raw);
        pointsOf[t] = value;
        countOf[t] = 1;
        bitsOf[t] = bits | (rank < RANKS ? 1 << rank : B_WIDE);
        rawOf[t] = raw;
      }
    }
    return { pointsOf, countOf, bitsOf, rawOf, rawByRank };
  }

  return {
    indicators: indicatorSteps.map((s) => s.id),
    code(k, answer, evidence = false) {
      if (answer === undefined) return CODE.missing;
      if ('na' in answer) return CODE.notApplicable | (evidence ? CODE.evidence : 0);
      if ('invalid' in answer) return CODE.invalid;
      return codeValue(k, answer.value, evidence);
    },
    codeValue,
    subject: subjectOf,
    key: (subject) => subjects[subject] as string,
    firstRow: (subject) => head[subject] as number,
    nextRow: (handle) => next[handle] as number,
    add(subject, role, answerCodes) {
      if (rows === capacity) grow();
      const s = typeof subject === 'number' ? subject : subjectOf(subject);
      if ((head[s] as number) < 0) head[s] = rows;
      else next[tail[s] as number] = rows;
      tail[s] = rows;
      if ((rows & BLOCK_MASK) === 0) blocks.push(new Uint8Array(BLOCK * nInd));
      (blocks[rows >> BLOCK_BITS] as Uint8Array).set(answerCodes.subarray(0, nInd), (rows & BLOCK_MASK) * nInd);
      roles[rows] = role === undefined ? NO_ROLE : (roleIndex.get(role) ?? UNKNOWN_ROLE);
      next[rows] = -1;
      return rows++;
    },
    drop(handle) {
      if (handle >= 0 && handle < rows) roles[handle] = DROPPED;
    },
    finish(options = {}) {
      const nNodes = steps.length;
      // subjects with a row left, sorted by key as the full reader sorts its groups
      const live: number[] = [];
      for (let i = 0; i < subjects.length; i++) {
        for (let r = head[i] as number; r >= 0; r = next[r] as number)
          if (roles[r] !== DROPPED) {
            live.push(i);
            break;
          }
      }
      live.sort((a, b) => compareText(subjects[a] as string, subjects[b] as string));
      options.begin?.(live.map((i) => subjects[i] as string));
      const nSubjects = live.length;
      // every subject's nodes are written at [base + node] of the arrays of all subjects; with `each` the arrays
      // hold one subject, handed over and reused, so memory does not grow with subjects
      const each = options.each;
      const size = each ? nNodes : nSubjects * nNodes;
      const score = new Float64Array(size);
      const coverage = new Float64Array(size);
      const confidence = new Float64Array(size);
      const status = new Uint8Array(size);
      let base = 0;
      const view: SubjectScores = {
        nodes: steps.map((st) => st.id),
        score,
        coverage,
        confidence,
        status,
        statusOf: (n) => STATUS[status[n] as number] as NodeStatus,
        levelOf: (n) => (Number.isNaN(score[n] as number) ? null : levelOf(score[n] as number, (steps[n] as PlanStep).levels)),
      };
      const { pointsOf, countOf, bitsOf, rawOf, rawByRank } = codeTables();
      // roles matter only when some indicator is answered by some roles, not everyone
      const byRole = anyRole.includes(0);
      const { scoring } = rubric;
      const disagreement = scoring.respondents.disagreement - EPSILON;
      const method = scoring.respondents.combine;
      // mean, min and max keep a running sum or pick; median and role weights need each respondent's points
      const listed = method === 'median' || method === 'role-weights';
      // the method as booleans: compared once, not per answer (a string from the YAML is not interned)
      const combineByMean = method === 'mean';
      const combineByPick = method === 'min' || method === 'max';
      const plain = !byRole && !combineByPick && !listed && !bitsOf.some((bits) => (bits & B_WIDE) !== 0);
      const naZero = scoring.notApplicable === 'zero';
      const missingZero = scoring.missing === 'zero';
      const accN = new Int32Array(nInd);
      const accSum = new Float64Array(nInd);
      const accPick = new Float64Array(nInd);
      const accBits = new Int32Array(nInd);
      // the spread of raw points where the codes of an indicator outrun the rank bits
      const accLo = new Float64Array(nInd);
      const accHi = new Float64Array(nInd);
      // with `listed`: respondent j's points and weight for indicator k at [k * width + j]
      let width = 0;
      let accPoints = new Float64Array(0);
      let accWeights = new Float64Array(0);

      for (let s = 0; s < nSubjects; s++) {
        base = each ? 0 : s * nNodes;
        accumulate(head[live[s] as number] as number);
        // indicators first, then groups in plan order (children before their parents)
        scoreIndicators();
        scoreGroups();
        each?.(subjects[live[s] as number] as string, view);
      }

      /**
       * One pass over a subject's rows, row by row, gathering each indicator's answers from the respondents whose
       * role answers it: evidence rule, reverse keying, the spread of raw points, and the running combination.
       */
      /**
       * The common case (a mean, no roles to filter by, few points per scale) in the fewest steps: `accumulate`'s
       * loop does the same with its checks, measured 1.5 times slower. What it reads is taken into locals first
       * (see scoreIndicators).
       */
      function accumulatePlain(first: number) {
        const nextRow = next;
        const rolesOf = roles;
        const blockList = blocks;
        const n = nInd;
        const sums = accSum;
        const counts = accN;
        const bits = accBits;
        const points = pointsOf;
        const countsOf = countOf;
        const bitsOfCode = bitsOf;
        for (let r = first; r >= 0; r = nextRow[r] as number) {
          if (rolesOf[r] === DROPPED) continue;
          const block = blockList[r >> BLOCK_BITS] as Uint8Array;
          const row = (r & BLOCK_MASK) * n;
          for (let k = 0; k < n; k++) {
            const t = (k << 8) | (block[row + k] as number);
            sums[k] = (sums[k] as number) + (points[t] as number);
            counts[k] = (counts[k] as number) + (countsOf[t] as number);
            bits[k] = (bits[k] as number) | (bitsOfCode[t] as number);
          }
        }
      }

      function accumulate(first: number) {
        accN.fill(0);
        accSum.fill(0);
        accBits.fill(0);
        if (listed) {
          let count = 0;
          for (let r = first; r >= 0; r = next[r] as number) count++;
          if (count > width) {
            width = Math.max(count, width * 2, 8);
            accPoints = new Float64Array(width * nInd);
            accWeights = new Float64Array(width * nInd);
          }
        }
        if (plain) return accumulatePlain(first);
        for (let r = first; r >= 0; r = next[r] as number) {
          const role = roles[r] as number;
          if (role === DROPPED) continue;
          const block = blocks[r >> BLOCK_BITS] as Uint8Array;
          const row = (r & BLOCK_MASK) * nInd;
          for (let k = 0; k < nInd; k++) {
            const t = (k << 8) | (block[row + k] as number);
            if (byRole && anyRole[k] === 0 && role !== NO_ROLE && roleMask[k * 256 + role] === 0) continue;
            // the same adds for every code, no branch on what it means: a missing answer adds zeros
            const bits = bitsOf[t] as number;
            const value = pointsOf[t] as number;
            const count = countOf[t] as number;
            const had = accBits[k] as number;
            const n = accN[k] as number;
            accSum[k] = (accSum[k] as number) + value;
            accBits[k] = had | bits;
            accN[k] = n + count;
            if (count === 0) continue;
            if (
              combineByPick &&
              (n === 0 || (method === 'min' ? value < (accPick[k] as number) : value > (accPick[k] as number)))
            )
              accPick[k] = value;
            if (listed) {
              accPoints[k * width + n] = value;
              accWeights[k * width + n] = role < roleWeights.length ? (roleWeights[role] as number) : 1;
            }
            if ((bits & B_WIDE) !== 0) {
              const raw = rawOf[t] as number;
              const first = (had & B_WIDE) === 0;
              if (first || raw < (accLo[k] as number)) accLo[k] = raw;
              if (first || raw > (accHi[k] as number)) accHi[k] = raw;
            }
          }
        }
      }

      // The two loops below take what they read into locals first: the JIT compiles the first scorer's functions
      // with the values they close over as constants, and every later scorer's without, which left their loops
      // reading each through its closure; a second scorer scored 1.3–1.6 times slower than the first.

      /**
       * Every indicator's score, status, coverage and confidence from what `accumulate` gathered, as
       * scoreAssessment's indicator stage gives them.
       */
      function scoreIndicators() {
        const at0 = base;
        const n0 = accN;
        const sums = accSum;
        const picks = accPick;
        const bitsAcc = accBits;
        const mins = stepMin;
        const maxes = stepMax;
        const scores = score;
        const statuses = status;
        const coverages = coverage;
        const confidences = confidence;
        const byMean = combineByMean;
        const byPick = combineByPick;
        const ranked = rawByRank;
        const least = disagreement;
        for (let k = 0; k < nInd; k++) {
          const i = stepOfIndicator[k] as number;
          const at = at0 + i;
          const n = n0[k] as number;
          if (n === 0) {
            scores[at] = Number.NaN;
            statuses[at] = ((bitsAcc[k] as number) & B_NA) !== 0 ? S_NA : S_MISSING;
            coverages[at] = 0;
            confidences[at] = 0;
            continue;
          }
          const combined = byMean
            ? (sums[k] as number) / n
            : byPick
              ? (picks[k] as number)
              : combinePoints(
                  method,
                  accPoints.subarray(k * width, k * width + n),
                  accWeights.subarray(k * width, k * width + n),
                  n,
                );
          const min = mins[i] as number;
          const max = maxes[i] as number;
          scores[at] = combined < min ? min : combined > max ? max : combined;
          statuses[at] = S_SCORED;
          coverages[at] = 1;
          // the respondents disagree when their raw points spread by `disagreement` or more: the lowest and
          // highest from the rank bits, widened by the raw points of codes past them
          const bits = bitsAcc[k] as number;
          let disagree = false;
          if (n > 1) {
            const ranks = bits & B_RANKS;
            let lo = ranks === 0 ? Number.POSITIVE_INFINITY : (ranked[k * RANKS + 31 - Math.clz32(ranks & -ranks)] as number);
            let hi = ranks === 0 ? Number.NEGATIVE_INFINITY : (ranked[k * RANKS + 31 - Math.clz32(ranks)] as number);
            if ((bits & B_WIDE) !== 0) {
              lo = Math.min(lo, accLo[k] as number);
              hi = Math.max(hi, accHi[k] as number);
            }
            disagree = hi - lo >= least;
          }
          confidences[at] = disagree || (bits & B_UNSUPPORTED) !== 0 ? 0.5 : 1;
        }
      }

      /** Every group's score, status, coverage and confidence from its children's, in plan order. */
      function scoreGroups() {
        const at0 = base;
        const scores = score;
        const statuses = status;
        const coverages = coverage;
        const confidences = confidence;
        const starts = childStart;
        const children = childOf;
        const coverWeights = coverWeightOf;
        const mins = stepMin;
        const maxes = stepMax;
        const weights = stepWeight;
        const counted = countedScore;
        const countedWeights = countedWeight;
        const countedSteps = countedStep;
        for (let g = 0; g < groupSteps.length; g++) {
          const i = groupSteps[g] as number;
          const at = at0 + i;
          const start = starts[i] as number;
          const end = starts[i + 1] as number;
          let n = 0;
          let coverWeight = 0;
          let covered = 0;
          let confident = 0;
          for (let j = start; j < end; j++) {
            const c = children[j] as number;
            const weight = coverWeights[j] as number;
            const cs = statuses[at0 + c] as number;
            if (cs === S_NA) {
              if (naZero) {
                counted[n] = mins[c] as number;
                countedWeights[n] = weights[c] as number;
                countedSteps[n++] = c;
                coverWeight += weight;
                covered += weight;
                confident += weight;
              }
              continue;
            }
            coverWeight += weight;
            covered += weight * (coverages[at0 + c] as number);
            confident += weight * (confidences[at0 + c] as number);
            if (cs === S_SCORED) {
              counted[n] = scores[at0 + c] as number;
              countedWeights[n] = weights[c] as number;
              countedSteps[n++] = c;
            } else if (missingZero) {
              counted[n] = mins[c] as number;
              countedWeights[n] = weights[c] as number;
              countedSteps[n++] = c;
            }
          }
          if (coverWeight === 0) {
            scores[at] = Number.NaN;
            statuses[at] = S_NA;
            coverages[at] = 1;
            confidences[at] = 1;
            continue;
          }
          const cov = covered / coverWeight;
          coverages[at] = cov;
          confidences[at] = confident / coverWeight;
          if (n === 0) {
            scores[at] = Number.NaN;
            statuses[at] = S_MISSING;
            continue;
          }
          if (cov < (minCoverage[i] as number) - EPSILON) {
            scores[at] = Number.NaN;
            statuses[at] = S_INSUFFICIENT;
            continue;
          }
          const min = mins[i] as number;
          const max = maxes[i] as number;
          let value = aggregate(i, n);
          value = value < min ? min : value > max ? max : value;
          for (let j = criticalStart[i] as number; j < (criticalStart[i + 1] as number); j++) {
            const c = criticalOf[j] as number;
            const childScore = scores[at0 + c] as number;
            if (statuses[at0 + c] === S_SCORED && childScore < value - EPSILON) value = childScore;
          }
          scores[at] = value;
          statuses[at] = S_SCORED;
        }
      }

      /** The group's method on the scratch arrays when it has an array kernel (the built-ins), else on objects. */
      function aggregate(i: number, n: number): number {
        const method = methodOf[i] as NonNullable<PlanStep['method']>;
        if (method.scores) return method.scores(countedScore, countedWeight, n);
        const step = steps[i] as PlanStep;
        const children: (AggregateChild & { score: number })[] = [];
        for (let j = 0; j < n; j++) {
          const child = steps[countedStep[j] as number] as PlanStep;
          children.push({
            score: countedScore[j] as number,
            weight: countedWeight[j] as number,
            range: child.range,
            ...(child.stage === undefined ? {} : { stage: child.stage }),
          });
        }
        return method.aggregate(children as never, step.options as never, step.range);
      }

      return {
        subjects: each ? [] : live.map((i) => subjects[i] as string),
        nodes: steps.map((st) => st.id),
        ...(each
          ? {
              score: new Float64Array(0),
              coverage: new Float64Array(0),
              confidence: new Float64Array(0),
              status: new Uint8Array(0),
            }
          : { score, coverage, confidence, status }),
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
