import type { Aggregation } from '../aggregate/types.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { IndicatorNode, ProfileLevel, RubricNode, Scale } from '../rubric/model.js';
import { answerPoints } from './answer-points.js';

/** The id of the node every rubric has above its top level: the overall score. */
export const OVERALL = 'overall';

/** Kinds of step. */
export const KIND = { indicator: 0, group: 1, overall: 2 } as const;

/**
 * A rubric flattened for scoring: its nodes as steps in post-order (children before parents, the overall
 * last), each fact about them in a typed array indexed by step, so that scoring is a pass over arrays. Built
 * once per rubric (`scoringTables`) and shared; nothing in it changes after.
 */
export interface ScoringTables {
  compiled: CompiledRubric;
  /** Step ids in post-order; the last is OVERALL. */
  ids: readonly string[];
  stepOf: ReadonlyMap<string, number>;
  nodes: readonly (RubricNode | null)[];
  kind: Uint8Array;
  tier: readonly string[];
  min: Float64Array;
  max: Float64Array;
  weight: Float64Array;
  levels: readonly (readonly ProfileLevel[])[];
  /** The rubric's target of each step (NaN: none). */
  target: Float64Array;
  /** The share of the overall score: the product of normalized weights from the top. */
  share: Float64Array;
  /** Groups (and the overall) in post-order. */
  groups: Int32Array;
  /** Children of step i: childOf[childStart[i] .. childStart[i + 1]); coverWeight: what each weighs in coverage. */
  childStart: Int32Array;
  childOf: Int32Array;
  coverWeight: Float64Array;
  criticalStart: Int32Array;
  criticalOf: Int32Array;
  minCoverage: Float64Array;
  method: readonly (Aggregation<never> | undefined)[];
  options: readonly unknown[];
  stage: readonly (number | undefined)[];
  widestGroup: number;
  /** The tier whose gaps are listed as priorities: the lowest tier of groups. */
  priorityTier: string;
  indicators: Indicators;
  policy: TablePolicy;
  /**
   * Whether a subject's scores are the same whatever the order of its rows, to the last bit: its answers add
   * up exactly (whole points, whole role weights, nothing kept as free points) or are not added at all (median,
   * min, max). Then rows need not be put in a canonical order before they are scored.
   */
  orderFree: boolean;
}

/** The indicators, indexed k = 0.. in document order, with what their answers mean. */
export interface Indicators {
  count: number;
  ids: readonly string[];
  step: Int32Array;
  scale: readonly Scale[];
  /** The indicator's score range (its scale's). */
  low: Float64Array;
  high: Float64Array;
  naAllowed: Uint8Array;
  reverse: Uint8Array;
  /** 1 when the answer is a fact from the subjects file: respondents' answers to it are not counted. */
  fact: Uint8Array;
  /** The evidence rule: from (NaN: none) and cap (NaN: none). */
  evidenceFrom: Float64Array;
  evidenceCap: Float64Array;
  /** 1 when every role answers it; else roleMask[k * 256 + role] is 1 for the roles that do. */
  anyRole: Uint8Array;
  roleMask: Uint8Array;
  /** 1 when answers are kept as their points (`direct`), not as codes: a free numeric scale. */
  direct: Uint8Array;
  /** Each direct indicator's column among the points kept beside the codes (-1: coded), and how many there are. */
  directColumn: Int32Array;
  directs: number;
  /** Coded indicators: the raw points of each value code (code - CODE.firstValue). */
  values: readonly Float64Array[];
  /** What each code adds, at [k << 8 | code] (see `codeTables`). */
  codes: CodeTables;
}

/** The scoring policy, read once. */
export interface TablePolicy {
  combine: 'mean' | 'median' | 'min' | 'max' | 'role-weights';
  disagreement: number;
  notApplicableZero: boolean;
  missingZero: boolean;
  roles: readonly string[];
  /** The weight of each role index (1 past the rubric's roles: no role, or an unknown one). */
  roleWeight: Float64Array;
  /** 1 for each role index that validates (its ratings are kept apart from the self-assessment); undefined: none. */
  validators?: Uint8Array;
}

/**
 * Answer codes: one byte per answer. The low 7 bits say what it is (missing, not applicable, invalid, or the
 * index of its value among the indicator's); the high bit says it came with evidence. A direct indicator's
 * value is kept beside the codes, and its code is `value`.
 */
export const CODE = { missing: 0, notApplicable: 1, invalid: 2, value: 3, evidence: 0x80 } as const;
/** Values an indicator's codes can name: 3..127. */
export const MAX_VALUES = 0x7f - CODE.value + 1;
export const ROLE = { none: 255, unknown: 254 } as const;

/** Bits an answer code ORs into its indicator's: its raw points' rank, or what it says. */
export const RANKS = 26;
export const BIT = {
  wide: 1 << 26,
  notApplicable: 1 << 27,
  unsupported: 1 << 28,
  capped: 1 << 29,
  invalid: 1 << 30,
} as const;
export const RANK_MASK = BIT.wide - 1;

/** What each code of each indicator adds to the scoring sums, at [k << 8 | code]. */
export interface CodeTables {
  points: Float64Array;
  count: Uint8Array;
  bits: Int32Array;
  raw: Float64Array;
  /** The raw points of rank r of indicator k at [k * RANKS + r]. */
  rawByRank: Float64Array;
  /** Coded indicators: their value codes (with and without evidence) by points, for medians. */
  byPointsStart: Int32Array;
  byPoints: Uint8Array;
  /** True when some code's raw points rank past RANKS (its spread is then tracked on raw points). */
  anyWide: boolean;
  /** The same points, counts and bits by four-bit code, at [k << 4 | nibble], for rows kept two codes to a byte. */
  packed: { points: Float64Array; count: Uint8Array; bits: Int32Array };
}

const EPSILON = 1e-9;
const tables = new WeakMap<CompiledRubric, ScoringTables>();

/** The scoring tables of a rubric, built on first use and cached. */
export function scoringTables(compiled: CompiledRubric): ScoringTables {
  let built = tables.get(compiled);
  if (!built) {
    built = buildTables(compiled);
    tables.set(compiled, built);
  }
  return built;
}

function buildTables(compiled: CompiledRubric): ScoringTables {
  const { rubric } = compiled;
  const nodes: (RubricNode | null)[] = [];
  const children: number[][] = [];
  const visit = (node: RubricNode): number => {
    const own = node.kind === 'group' ? node.children.map(visit) : [];
    nodes.push(node);
    children.push(own);
    return nodes.length - 1;
  };
  const top = rubric.nodes.map(visit);
  nodes.push(null);
  children.push(top);
  const n = nodes.length;
  const ids = nodes.map((node) => node?.id ?? OVERALL);
  const kind = Uint8Array.from(nodes, (node) =>
    node === null ? KIND.overall : node.kind === 'group' ? KIND.group : KIND.indicator,
  );
  const range = (i: number) => (nodes[i]?.range ?? rubric.overall.range) as readonly [number, number];
  const weight = Float64Array.from(nodes, (node) => node?.weight ?? 1);
  const childStart = new Int32Array(n + 1);
  const criticalStart = new Int32Array(n + 1);
  const childList: number[] = [];
  const coverList: number[] = [];
  const criticalList: number[] = [];
  children.forEach((own, i) => {
    let total = 0;
    for (const c of own) total += weight[c] as number;
    for (const c of own) {
      childList.push(c);
      // a group whose children weigh nothing counts each child once in its coverage
      coverList.push(total > 0 ? (weight[c] as number) : 1);
      const child = nodes[c];
      if (child?.kind === 'indicator' && child.critical) criticalList.push(c);
    }
    childStart[i + 1] = childList.length;
    criticalStart[i + 1] = criticalList.length;
  });
  const methodOf = (i: number) => {
    const node = nodes[i];
    if (node?.kind === 'indicator') return undefined;
    const ref = node === null || node === undefined ? rubric.overall.aggregation : node.aggregation;
    // the loader checked every method name against this same registry
    return compiled.aggregations.get(ref.method) as Aggregation<never>;
  };
  const method = nodes.map((_, i) => methodOf(i));
  const options = nodes.map((node, i) => {
    const ref = node === null ? rubric.overall.aggregation : node.kind === 'group' ? node.aggregation : undefined;
    return ref ? (method[i] as Aggregation<never>).options.parse(ref.options) : undefined;
  });
  const share = new Float64Array(n);
  share[n - 1] = 1;
  for (let i = n - 1; i >= 0; i--) {
    const own = children[i] as number[];
    let total = 0;
    for (const c of own) total += weight[c] as number;
    for (const c of own) share[c] = (share[i] as number) * (total > 0 ? (weight[c] as number) / total : 1 / own.length);
  }
  const groupDepths = compiled.nodes.filter((node) => node.kind === 'group').map((node) => node.depth);
  const deepest = groupDepths.reduce((a, b) => Math.max(a, b), 0);
  return {
    compiled,
    ids,
    stepOf: new Map(ids.map((id, i) => [id, i] as const)),
    nodes,
    kind,
    tier: nodes.map((node) => node?.tier ?? OVERALL),
    min: Float64Array.from(nodes, (_, i) => range(i)[0]),
    max: Float64Array.from(nodes, (_, i) => range(i)[1]),
    weight,
    levels: nodes.map((node) => node?.levels ?? rubric.levels),
    target: Float64Array.from(nodes, (node) => (node === null ? rubric.overall.target : node.target) ?? Number.NaN),
    share,
    groups: Int32Array.from(nodes.keys()).filter((i) => kind[i] !== KIND.indicator),
    childStart,
    childOf: Int32Array.from(childList),
    coverWeight: Float64Array.from(coverList),
    criticalStart,
    criticalOf: Int32Array.from(criticalList),
    minCoverage: Float64Array.from(nodes, (node) =>
      node === null ? rubric.overall.minCoverage : node.kind === 'group' ? node.minCoverage : 0,
    ),
    method,
    options,
    stage: nodes.map((node) => node?.stage),
    widestGroup: children.reduce((a, own) => Math.max(a, own.length), 1),
    priorityTier: rubric.tiers[deepest]?.id ?? OVERALL,
    ...withOrder(indicatorTables(compiled, nodes), policyOf(compiled)),
  };
}

/** The indicators and policy, and whether the order of rows can change a score (see `orderFree`). */
function withOrder(indicators: Indicators, policy: TablePolicy): Pick<ScoringTables, 'indicators' | 'policy' | 'orderFree'> {
  const whole = (x: number) => Number.isInteger(x) && Math.abs(x) <= 2 ** 20;
  const { points, count } = indicators.codes;
  let exact = indicators.directs === 0;
  for (let t = 0; exact && t < points.length; t++) if (count[t] === 1) exact = whole(points[t] as number);
  if (policy.combine === 'role-weights') exact &&= policy.roleWeight.every(whole);
  const unsummed = policy.combine === 'median' || policy.combine === 'min' || policy.combine === 'max';
  return { indicators, policy, orderFree: unsummed || exact };
}

function policyOf(compiled: CompiledRubric): TablePolicy {
  const { scoring, roles } = compiled.rubric;
  const roleWeight = new Float64Array(256).fill(1);
  roles.forEach((role, r) => {
    roleWeight[r] = role.weight;
  });
  return {
    combine: scoring.respondents.combine,
    disagreement: scoring.respondents.disagreement,
    notApplicableZero: scoring.notApplicable === 'zero',
    missingZero: scoring.missing === 'zero',
    roles: roles.map((r) => r.id),
    roleWeight,
    ...(roles.some((r) => r.validator)
      ? { validators: Uint8Array.from({ length: 256 }, (_, r) => (roles[r]?.validator ? 1 : 0)) }
      : {}),
  };
}

function indicatorTables(compiled: CompiledRubric, nodes: readonly (RubricNode | null)[]): Indicators {
  const list: { node: IndicatorNode; step: number }[] = [];
  nodes.forEach((node, step) => {
    if (node?.kind === 'indicator') list.push({ node, step });
  });
  // steps run in post-order, which keeps document order among the indicators
  const scales = list.map(({ node }) => compiled.rubric.scales[node.scale] as Scale);
  const roleIndex = new Map(compiled.rubric.roles.map((r, i) => [r.id, i] as const));
  const roleMask = new Uint8Array(list.length * 256);
  list.forEach(({ node }, k) => {
    for (const role of node.roles) {
      const r = roleIndex.get(role);
      if (r !== undefined) roleMask[k * 256 + r] = 1;
    }
  });
  const values = scales.map((scale) => scalePoints(scale) ?? new Float64Array(0));
  const direct = Uint8Array.from(scales, (scale) => (scalePoints(scale) === undefined ? 1 : 0));
  let directs = 0;
  const directColumn = Int32Array.from(direct, (d) => (d === 1 ? directs++ : -1));
  const indicators: Omit<Indicators, 'codes'> = {
    count: list.length,
    ids: list.map(({ node }) => node.id),
    step: Int32Array.from(list, ({ step }) => step),
    scale: scales,
    low: Float64Array.from(list, ({ node }) => node.range[0]),
    high: Float64Array.from(list, ({ node }) => node.range[1]),
    naAllowed: Uint8Array.from(scales, (scale) => (scale.notApplicable ? 1 : 0)),
    reverse: Uint8Array.from(list, ({ node }) => (node.reverse ? 1 : 0)),
    fact: Uint8Array.from(list, ({ node }) => (node.fact ? 1 : 0)),
    evidenceFrom: Float64Array.from(list, ({ node }) => node.evidence?.from ?? Number.NaN),
    evidenceCap: Float64Array.from(list, ({ node }) => node.evidence?.cap ?? Number.NaN),
    anyRole: Uint8Array.from(list, ({ node }) => (node.roles.length === 0 ? 1 : 0)),
    roleMask,
    direct,
    directColumn,
    directs,
    values,
  };
  return { ...indicators, codes: codeTables(indicators) };
}

/**
 * Every raw points value an answer on `scale` can give, ascending, when they are few enough to code (levels,
 * yes and no, bands, checklist shares); undefined for a free numeric scale, whose answers are kept as points.
 * The points come from `answerPoints` itself, so a code always means what scoring the answer gives.
 */
export function scalePoints(scale: Scale): Float64Array | undefined {
  const points = new Set<number>();
  const add = (read: ReturnType<typeof answerPoints>) => {
    if ('points' in read) points.add(read.points);
  };
  switch (scale.type) {
    case 'ordinal':
      for (const level of scale.levels) points.add(level.points);
      break;
    case 'boolean':
      add(answerPoints(scale, true));
      add(answerPoints(scale, false));
      break;
    case 'checklist': {
      const ids = scale.levels.map((l) => l.key);
      for (let checked = 0; checked <= ids.length; checked++) add(answerPoints(scale, ids.slice(0, checked)));
      break;
    }
    case 'numeric': {
      const numeric = scale.numeric;
      if (!numeric?.bands) return undefined;
      add(answerPoints(scale, numeric.min));
      for (const band of numeric.bands)
        if (band.from >= numeric.min && band.from <= numeric.max) add(answerPoints(scale, band.from));
      break;
    }
  }
  if (points.size > MAX_VALUES) return undefined;
  return Float64Array.from(points).sort();
}

/** Whether an answer's keyed points lack the evidence the indicator's evidence rule asks for. */
const lacksEvidence = (ind: Omit<Indicators, 'codes'>, k: number, keyed: number, evidence: boolean): boolean =>
  !evidence && keyed >= (ind.evidenceFrom[k] as number) - EPSILON;

/**
 * The points one answer adds to its indicator: reverse keying, then the evidence rule's cap on keyed points
 * without the evidence they need. The rule limits what an answer claims, so it reads the keyed points: capping
 * raw points first would let a reverse-keyed answer gain by withholding evidence. Every scorer, table and
 * explanation takes them from here.
 */
export const answerContribution = (ind: Omit<Indicators, 'codes'>, k: number, raw: number, evidence: boolean): number =>
  evidenceCapped(ind, k, reverseKeyed(ind, k, raw), evidence);

/** The evidence rule: keyed points of `from` or more without evidence count as `cap` at most. */
function evidenceCapped(ind: Omit<Indicators, 'codes'>, k: number, keyed: number, evidence: boolean): number {
  const cap = ind.evidenceCap[k] as number;
  return keyed > cap && lacksEvidence(ind, k, keyed, evidence) ? cap : keyed;
}

/** Reverse keying: a reverse-keyed indicator scores min + max − points. */
export const reverseKeyed = (ind: Omit<Indicators, 'codes'>, k: number, points: number): number =>
  ind.reverse[k] === 1 ? (ind.low[k] as number) + (ind.high[k] as number) - points : points;

/** The bits an answer's flags set: lacking evidence, and capped for it (both read its keyed points). */
export function answerFlags(ind: Omit<Indicators, 'codes'>, k: number, raw: number, evidence: boolean): number {
  const keyed = reverseKeyed(ind, k, raw);
  if (!lacksEvidence(ind, k, keyed, evidence)) return 0;
  return keyed > (ind.evidenceCap[k] as number) ? BIT.unsupported | BIT.capped : BIT.unsupported;
}

/**
 * What each code of each indicator adds to the scoring sums, at [k << 8 | code], so that the loop over answers
 * adds without asking what a code means: a value adds its points (answerContribution) and a count of one; every
 * code ORs its bits into the indicator's: the rank of its raw points, an allowed N/A, an invalid answer (an
 * N/A the scale does not allow is one), lacking evidence, capped. Missing codes add nothing.
 */
function codeTables(ind: Omit<Indicators, 'codes'>): CodeTables {
  const size = ind.count << 8;
  const points = new Float64Array(size);
  const count = new Uint8Array(size);
  const bits = new Int32Array(size);
  const raw = new Float64Array(size);
  const rawByRank = new Float64Array(ind.count * RANKS);
  const byPointsStart = new Int32Array(ind.count + 1);
  const byPoints: number[] = [];
  let anyWide = false;
  for (let k = 0; k < ind.count; k++) {
    const values = ind.values[k] as Float64Array;
    rawByRank.set(values.subarray(0, RANKS), k * RANKS);
    for (const evidence of [0, CODE.evidence]) {
      bits[(k << 8) | CODE.notApplicable | evidence] = ind.naAllowed[k] === 1 ? BIT.notApplicable : BIT.invalid;
      bits[(k << 8) | CODE.invalid | evidence] = BIT.invalid;
    }
    const coded: number[] = [];
    values.forEach((value, v) => {
      for (const evidence of [0, CODE.evidence]) {
        const t = (k << 8) | (CODE.value + v) | evidence;
        points[t] = answerContribution(ind, k, value, evidence !== 0);
        count[t] = 1;
        bits[t] = answerFlags(ind, k, value, evidence !== 0) | (v < RANKS ? 1 << v : BIT.wide);
        raw[t] = value;
        coded.push(t & 0xff);
      }
      if (v >= RANKS) anyWide = true;
    });
    coded.sort((a, b) => (points[(k << 8) | a] as number) - (points[(k << 8) | b] as number));
    byPoints.push(...coded);
    byPointsStart[k + 1] = byPoints.length;
  }
  // a four-bit code is the low three bits of a code and its evidence bit (see RowStore)
  const packed = {
    points: new Float64Array(ind.count << 4),
    count: new Uint8Array(ind.count << 4),
    bits: new Int32Array(ind.count << 4),
  };
  for (let k = 0; k < ind.count; k++)
    for (let n = 0; n < 16; n++) {
      const c = (k << 8) | (n & 7) | ((n & 8) << 4);
      packed.points[(k << 4) | n] = points[c] as number;
      packed.count[(k << 4) | n] = count[c] as number;
      packed.bits[(k << 4) | n] = bits[c] as number;
    }
  return { points, count, bits, raw, rawByRank, byPointsStart, byPoints: Uint8Array.from(byPoints), anyWide, packed };
}

/** The code of raw points on coded indicator k (without evidence); every points value a scale gives has one. */
export function codeOfPoints(t: ScoringTables, k: number, points: number): number {
  const values = t.indicators.values[k] as Float64Array;
  let lo = 0;
  let hi = values.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = values[mid] as number;
    if (v === points) return CODE.value + mid;
    if (v < points) lo = mid + 1;
    else hi = mid - 1;
  }
  throw new RangeError(`internal: ${points} is not a points value of indicator ${t.indicators.ids[k]}`);
}
