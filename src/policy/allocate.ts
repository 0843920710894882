import type { Profile } from '../score/profile.js';
import { compareText } from '../text/order.js';
import { type Fact, traceCondition } from './logic.js';
import type { AllocationPool, Policy, Recommendation } from './model.js';

/** Why a subject got what it got from one pool: each test it went through, in order, and the share computation. */
export type AllocationReason =
  | { kind: 'eligibility'; id: string; holds: boolean; facts: Fact[] }
  | { kind: 'threshold'; holds: boolean; measure: string; value: number | null; threshold: number | null }
  | {
      kind: 'share';
      /** proportional: value / Σ values of the free subjects × what the floors and caps left; floor or cap: fixed there. */
      rule: 'proportional' | 'floor' | 'cap';
      value: number;
      /** Σ of the values shared proportionally, and the amount they shared (after floors and caps). */
      total: number;
      shared: number;
      /** The exact share before rounding to the unit, and whether largest remainder rounded it up. */
      exact: number;
      roundedUp: boolean;
    };

/** One subject's part of one pool. `share` is amount / pool (0–1). */
export interface Allocation {
  pool: string;
  eligible: boolean;
  amount: number;
  share: number;
  reasons: AllocationReason[];
}

/** What happened to a pool: every subject of its tracks counted once, and every unit of it accounted for. */
export interface PoolSummary {
  id: string;
  pool: number;
  unit: number;
  tracks?: readonly string[];
  measure: string;
  threshold?: number;
  floor: number;
  cap?: number;
  rounding: 'largest remainder, ties by subject id';
  /** allocated: the whole pool shared; capped: every eligible subject at its cap, the rest undistributed; */
  /** no-eligible: no one to share it with; floors-exceed-pool: the floors alone need more than the pool. */
  status: 'allocated' | 'capped' | 'no-eligible' | 'floors-exceed-pool';
  /** considered = eligible + ineligible + belowThreshold + unscored: the subjects whose primary track the pool serves. */
  considered: number;
  eligible: number;
  ineligible: number;
  belowThreshold: number;
  unscored: number;
  /** total + undistributed = pool. */
  total: number;
  undistributed: number;
}

export interface AllocationResult {
  /** Per subject id, one entry per pool that serves its primary track. */
  bySubject: Map<string, Allocation[]>;
  pools: PoolSummary[];
}

/**
 * Shares each pool of a policy among the cohort (it needs every subject at once).
 *
 * ```
 * subjects whose primary track the pool serves
 *   ──eligibility──▶ every condition of `eligibility` holds (register facts included)
 *   ──threshold────▶ the measure ({score: ID} or {percent: ID}) is known and not below the threshold
 *   ──water-fill───▶ exact shares ∝ measure, clamped to [floor, cap]: cap or floor whichever side overshoots
 *                    more, share the rest again among the others, repeat
 *   ──round────────▶ whole units; the units left go one each to the largest remainders, ties by subject id,
 *                    so the amounts sum exactly to the pool
 * ```
 */
export function allocate(
  policy: Policy,
  cohort: readonly { profile: Profile; recommendation: Pick<Recommendation, 'subject' | 'primary'> }[],
): AllocationResult {
  return allocateScreened(
    policy,
    cohort.map(({ profile, recommendation }) => screenSubject(policy, profile, recommendation)),
  );
}

/** What the pools read of one subject: how it fares in each pool that serves its track (no profile kept). */
export interface ScreenedSubject {
  id: string;
  pools: ReadonlyMap<string, Omit<PoolCandidate, 'id'>>;
}

/**
 * A subject screened for every pool as its profile comes, so a command can share the pools after the last
 * profile without holding the profiles (a large cohort's answers take gigabytes).
 */
export function screenSubject(
  policy: Policy,
  profile: Profile,
  recommendation: Pick<Recommendation, 'subject' | 'primary'>,
): ScreenedSubject {
  const serves = (pool: AllocationPool) =>
    !pool.tracks || (recommendation.primary !== null && pool.tracks.includes(recommendation.primary));
  return {
    id: recommendation.subject.id,
    pools: new Map(policy.allocations.filter(serves).map((pool) => [pool.id, screen(policy, pool, profile)] as const)),
  };
}

/** `allocate` over subjects already screened (screenSubject). */
export function allocateScreened(policy: Policy, cohort: readonly ScreenedSubject[]): AllocationResult {
  const bySubject = new Map<string, Allocation[]>();
  const pools = policy.allocations.map((pool) => {
    const { allocations, summary } = allocatePool(pool, cohort);
    for (const a of allocations) {
      const list = bySubject.get(a.id) ?? [];
      list.push(a.allocation);
      bySubject.set(a.id, list);
    }
    return summary;
  });
  return { bySubject, pools };
}

type Verdict = 'eligible' | 'ineligible' | 'belowThreshold' | 'unscored';
/** One subject in one pool: its verdict, the value shared by, and the reasons so far. */
export type PoolCandidate = { id: string; reasons: AllocationReason[]; value: number | null; verdict: Verdict };

function allocatePool(
  pool: AllocationPool,
  cohort: readonly ScreenedSubject[],
): { allocations: { id: string; allocation: Allocation }[]; summary: PoolSummary } {
  const counts = { considered: 0, eligible: 0, ineligible: 0, belowThreshold: 0, unscored: 0 };
  const candidates: PoolCandidate[] = [];
  for (const subject of cohort) {
    const c = subject.pools.get(pool.id);
    if (!c) continue;
    counts.considered++;
    counts[c.verdict]++;
    candidates.push({ ...c, id: subject.id });
  }
  const units = toUnits(pool);
  const eligible = candidates.filter((c) => c.verdict === 'eligible').sort((a, b) => compareText(a.id, b.id));
  const status: PoolSummary['status'] =
    eligible.length === 0
      ? 'no-eligible'
      : eligible.length * units.floor > units.pool
        ? 'floors-exceed-pool'
        : units.cap !== undefined && eligible.length * units.cap < units.pool
          ? 'capped'
          : 'allocated';
  const shared =
    status === 'allocated'
      ? share(eligible, units)
      : status === 'capped'
        ? atCap(eligible, units.cap as number)
        : new Map<string, Share>();
  const allocations = candidates.map((c) => {
    const s = shared.get(c.id);
    const amount = s ? fromUnits(s.units, pool.unit) : 0;
    // the share computation in the pool's currency, as a reader checks it
    const inCurrency = s && { ...s.reason, shared: s.reason.shared * pool.unit, exact: s.reason.exact * pool.unit };
    const reasons = inCurrency ? [...c.reasons, inCurrency] : c.reasons;
    return {
      id: c.id,
      allocation: {
        pool: pool.id,
        eligible: c.verdict === 'eligible',
        amount,
        share: pool.pool > 0 ? amount / pool.pool : 0,
        reasons,
      },
    };
  });
  const totalUnits = [...shared.values()].reduce((sum, s) => sum + s.units, 0);
  const opt = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
  const summary: PoolSummary = {
    id: pool.id,
    pool: pool.pool,
    unit: pool.unit,
    ...opt('tracks', pool.tracks),
    measure: `${pool.by.operator} ${pool.by.node}`,
    ...opt('threshold', pool.threshold),
    floor: pool.floor,
    ...opt('cap', pool.cap),
    rounding: 'largest remainder, ties by subject id',
    status,
    ...counts,
    total: fromUnits(totalUnits, pool.unit),
    undistributed: fromUnits(units.pool - totalUnits, pool.unit),
  };
  return { allocations, summary };
}

/** The eligibility conditions in order (all are traced, so the reasons show every one), then the threshold. */
function screen(policy: Policy, pool: AllocationPool, profile: Profile): Omit<PoolCandidate, 'id'> {
  const data = { profile };
  const reasons: AllocationReason[] = policy.eligibility.map((e) => ({
    kind: 'eligibility',
    id: e.id,
    ...traceCondition(policy.engine, e.when, data),
  }));
  if (reasons.some((r) => r.kind === 'eligibility' && !r.holds)) return { reasons, value: null, verdict: 'ineligible' };
  const read = policy.engine.run({ [pool.by.operator]: pool.by.node }, data);
  const value = typeof read === 'number' && Number.isFinite(read) ? read : null;
  const threshold = pool.threshold ?? null;
  const holds = value !== null && (threshold === null || value >= threshold);
  reasons.push({ kind: 'threshold', holds, measure: `${pool.by.operator} ${pool.by.node}`, value, threshold });
  return { reasons, value, verdict: holds ? 'eligible' : value === null ? 'unscored' : 'belowThreshold' };
}

type Units = { pool: number; floor: number; cap?: number };
type Share = { units: number; reason: Extract<AllocationReason, { kind: 'share' }> };

/** Amounts in whole units of the pool's currency: integers, so sums are exact. */
function toUnits(pool: AllocationPool): Units {
  const u = (amount: number) => Math.round(amount / pool.unit);
  return { pool: u(pool.pool), floor: u(pool.floor), ...(pool.cap === undefined ? {} : { cap: u(pool.cap) }) };
}

/** Units back to the currency, without binary fractions (0.1 + 0.2): rounded to the unit's decimals. */
function fromUnits(units: number, unit: number): number {
  const decimals = Math.max(0, Math.ceil(-Math.log10(unit) - 1e-9));
  return Number((units * unit).toFixed(decimals));
}

/**
 * Water-filling: exact (real) shares ∝ value within [floor, cap], then largest-remainder rounding to units.
 * Proportional shares of the free subjects overshoot the cap by `excess` and fall short of the floor by
 * `deficit`; the larger side is fixed (if the caps overshoot more, the solution's factor is larger than now,
 * so those subjects stay capped; and conversely), the rest is shared again. A weight is the value, or 0 when
 * negative; when all free weights are 0 they share equally.
 */
function share(eligible: readonly PoolCandidate[], units: Units): Map<string, Share> {
  const fixed = new Map<string, { exact: number; rule: 'floor' | 'cap' }>();
  const weight = (c: PoolCandidate) => Math.max(0, c.value ?? 0);
  let exact = new Map<string, number>();
  let free: PoolCandidate[] = [...eligible];
  let total = 0;
  let rest = units.pool;
  for (;;) {
    rest = units.pool - [...fixed.values()].reduce((s, f) => s + f.exact, 0);
    total = free.reduce((s, c) => s + weight(c), 0);
    exact = new Map(free.map((c) => [c.id, total > 0 ? (rest * weight(c)) / total : rest / free.length]));
    const over = free.filter((c) => units.cap !== undefined && (exact.get(c.id) as number) > units.cap);
    const under = free.filter((c) => (exact.get(c.id) as number) < units.floor);
    if (!over.length && !under.length) break;
    const excess = over.reduce((s, c) => s + (exact.get(c.id) as number) - (units.cap as number), 0);
    const deficit = under.reduce((s, c) => s + units.floor - (exact.get(c.id) as number), 0);
    if (excess >= deficit) for (const c of over) fixed.set(c.id, { exact: units.cap as number, rule: 'cap' });
    if (deficit >= excess) for (const c of under) fixed.set(c.id, { exact: units.floor, rule: 'floor' });
    free = free.filter((c) => !fixed.has(c.id));
    if (!free.length) break;
  }
  const exacts = eligible.map((c) => ({ c, x: snap(fixed.get(c.id)?.exact ?? (exact.get(c.id) as number)) }));
  const floors = exacts.map(({ x }) => Math.floor(x));
  const left = units.pool - floors.reduce((s, f) => s + f, 0);
  // largest remainder; eligible is sorted by id and the sort is stable, so equal remainders go by subject id
  const order = exacts.map((e, i) => ({ i, r: e.x - (floors[i] as number) })).sort((a, b) => b.r - a.r);
  const up = new Set(order.slice(0, left).map(({ i }) => i));
  return new Map(
    exacts.map(({ c, x }, i) => {
      const rule = fixed.get(c.id)?.rule ?? 'proportional';
      const reason = { kind: 'share', rule, value: c.value ?? 0, total, shared: rest, exact: x, roundedUp: up.has(i) } as const;
      return [c.id, { units: (floors[i] as number) + (up.has(i) ? 1 : 0), reason }];
    }),
  );
}

/** When the pool covers every cap, each eligible subject gets its cap and the rest stays undistributed. */
function atCap(eligible: readonly PoolCandidate[], cap: number): Map<string, Share> {
  const total = eligible.reduce((s, c) => s + Math.max(0, c.value ?? 0), 0);
  return new Map(
    eligible.map((c) => [
      c.id,
      { units: cap, reason: { kind: 'share', rule: 'cap', value: c.value ?? 0, total, shared: 0, exact: cap, roundedUp: false } },
    ]),
  );
}

/**
 * The cohort's recommendations with their allocations attached, and the pools' summaries: what `mahvan
 * recommend` writes. Without pools in the policy, the recommendations come back as they are.
 */
export function withAllocations<R extends Pick<Recommendation, 'subject' | 'primary' | 'allocations'>>(
  policy: Policy,
  cohort: readonly { profile: Profile; recommendation: R }[],
): { recommendations: R[]; pools: PoolSummary[] } {
  if (!policy.allocations.length) return { recommendations: cohort.map((c) => c.recommendation), pools: [] };
  const { bySubject, pools } = allocate(policy, cohort);
  const recommendations = cohort.map(({ recommendation: r }) => ({ ...r, allocations: bySubject.get(r.subject.id) ?? [] }));
  return { recommendations, pools };
}

/** A share a hair off a whole unit by binary arithmetic is that unit (else it would lose a remainder race). */
const snap = (x: number) => (Math.abs(x - Math.round(x)) < 1e-9 ? Math.round(x) : x);
