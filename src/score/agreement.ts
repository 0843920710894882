import type { Scale } from '../rubric/model.js';
import type { AnswerPoints, Profile, RespondentPoints } from './profile.js';
import type { RowStore } from './rows.js';
import { answerContribution, CODE, KIND, OVERALL, ROLE, type ScoringTables } from './tables.js';

/**
 * Whether several respondents' answers about one subject agree enough to be averaged (James, Demaree & Wolf
 * 1984; LeBreton & Senter 2008; Brown & Hauenstein 2005), and across a cohort how much of the answers' variance
 * lies between subjects (Bliese 2000). The points are those the respondents combined (after reverse keying and
 * the evidence cap); validators and the subjects file's row are not respondents. See docs/decisions.md.
 */

/** One node's agreement: rwg (rwg(J) for a group), awg for an indicator, and how many respondents it read. */
export interface NodeAgreement {
  rwg: number;
  /** Indicators only; absent when the mean lies at an end of the scale (awg is undefined there). */
  awg?: number;
  /** Respondents counted (a group: the most on any one of its indicators). */
  n: number;
  /** Groups: how many of their indicators had an rwg (J). */
  items?: number;
}

/** A profile's agreement: only the nodes where it could be computed. */
export interface ProfileAgreement {
  nodes: Record<string, NodeAgreement>;
}

/** What agreement is computed from, per indicator k: the answers counted, their mean and sum of squared deviations. */
export class AgreementStats {
  readonly n: Int32Array;
  readonly mean: Float64Array;
  readonly m2: Float64Array;
  constructor(count: number) {
    this.n = new Int32Array(count);
    this.mean = new Float64Array(count);
    this.m2 = new Float64Array(count);
  }
  /** Adds one answer's points to indicator k (Welford's update: no cancellation however many answers). */
  add(k: number, points: number): void {
    const n = (this.n[k] as number) + 1;
    const delta = points - (this.mean[k] as number);
    this.n[k] = n;
    this.mean[k] = (this.mean[k] as number) + delta / n;
    this.m2[k] = (this.m2[k] as number) + delta * (points - (this.mean[k] as number));
  }
  /** The sample variance (n − 1) of indicator k's points; NaN below two answers. */
  variance(k: number): number {
    const n = this.n[k] as number;
    return n < 2 ? Number.NaN : (this.m2[k] as number) / (n - 1);
  }
}

/** rwg = 1 − s²/σ²_EU, truncated to 0 when the answers vary more than uniform random answers would. */
export function rwg(variance: number, nullVariance: number): number {
  return Math.min(1, Math.max(0, 1 - variance / nullVariance));
}

/**
 * rwg(J) over J items (Spearman-Brown form): J(1 − r)/(J(1 − r) + r) with r the mean of the items' s²/σ²_EU
 * (s̄²/σ²_EU when they share a scale); 0 when r ≥ 1, as a negative or inflated value means no agreement.
 */
export function rwgJ(ratios: readonly number[]): number {
  const j = ratios.length;
  const r = ratios.reduce((a, b) => a + b, 0) / j;
  if (r >= 1) return 0;
  return (j * (1 - r)) / (j * (1 - r) + r);
}

/**
 * awg = 1 − 2s² / ([(H + L)M − M² − HL] · k/(k − 1)): the variance against the largest possible at this mean
 * M on a scale from L to H, for k answers. Undefined (NaN) when M is at an end of the scale.
 */
export function awg(variance: number, mean: number, low: number, high: number, k: number): number {
  const most = ((high + low) * mean - mean * mean - high * low) * (k / (k - 1));
  // within [−1, 1] by construction; the clamp only takes off rounding (−1.0000000000000002 at the most spread)
  return most <= EPSILON ? Number.NaN : Math.min(1, Math.max(-1, 1 - (2 * variance) / most));
}

/**
 * σ²_EU, the variance of answers chosen uniformly at random among a scale's options: the options' points'
 * population variance ((A² − 1)/12 for A options one point apart). NaN for a scale agreement does not read: one
 * option, a checklist (a count of ticks, not one choice among options) or a free number (no options).
 */
export function nullVariance(scale: Scale): number {
  if (scale.type === 'checklist' || (scale.type === 'numeric' && !scale.numeric?.bands)) return Number.NaN;
  const points = [...new Set(scale.levels.map((l) => l.points))];
  if (points.length < 2) return Number.NaN;
  const mean = points.reduce((a, b) => a + b, 0) / points.length;
  return points.reduce((a, p) => a + (p - mean) ** 2, 0) / points.length;
}

/** Whether respondent `role` is counted on indicator k: not a validator, not the register, assigned to it. */
export function countsOn(t: ScoringTables, k: number, role: number): boolean {
  const ind = t.indicators;
  if (ind.fact[k] === 1 || t.policy.validators?.[role] === 1) return false;
  return ind.anyRole[k] === 1 || role === ROLE.none || ind.roleMask[k * 256 + role] === 1;
}

/** Adds one respondent's answers (raw points, as a profile keeps them) to `stats`. */
export function addRespondent(t: ScoringTables, stats: AgreementStats, answer: RespondentPoints): void {
  const role = roleOf(t, answer.role);
  const evidence = new Set(answer.evidence);
  for (let k = 0; k < t.indicators.count; k++) {
    const given: AnswerPoints = answer.points[k] ?? null;
    if (typeof given !== 'number' || !countsOn(t, k, role)) continue;
    stats.add(k, answerContribution(t.indicators, k, given, evidence.has(t.indicators.ids[k] as string)));
  }
}

/**
 * Adds one row of a row store to `stats`, read as respondentPoints reads it (a value code's raw points, or a
 * direct indicator's kept points, with the row's evidence bit) but with no object made: the fast JSON writer's
 * way, for a subject of a million rows. The writer's property test holds the two equal.
 */
export function addRow(t: ScoringTables, stats: AgreementStats, store: RowStore, row: number, roleId: string | undefined): void {
  const ind = t.indicators;
  const role = roleOf(t, roleId);
  for (let k = 0; k < ind.count; k++) {
    const code = store.code(row, k);
    const v = code & 0x7f;
    if (v < CODE.value || !countsOn(t, k, role)) continue;
    const raw = ind.direct[k] === 1 ? store.value(row, k) : ((ind.values[k] as Float64Array)[v - CODE.value] as number);
    stats.add(k, answerContribution(ind, k, raw, (code & CODE.evidence) !== 0));
  }
}

/** A role's index in the rubric, or the byte for none or an unknown one (as scoring reads it). */
function roleOf(t: ScoringTables, role: string | undefined): number {
  if (role === undefined) return ROLE.none;
  const r = t.policy.roles.indexOf(role);
  return r < 0 ? ROLE.unknown : r;
}

/** The agreement of a subject's answers, per indicator and group (and the overall), where computable. */
export function agreementOf(t: ScoringTables, stats: AgreementStats): ProfileAgreement {
  const nodes: Record<string, NodeAgreement> = {};
  const plan = agreementPlan(t);
  const ratio = new Float64Array(t.indicators.count).fill(Number.NaN);
  for (let k = 0; k < t.indicators.count; k++) {
    const s2 = stats.variance(k);
    const sigma = plan.sigma[k] as number;
    if (Number.isNaN(s2) || Number.isNaN(sigma)) continue;
    ratio[k] = s2 / sigma;
    const n = stats.n[k] as number;
    const a = awg(s2, stats.mean[k] as number, t.indicators.low[k] as number, t.indicators.high[k] as number, n);
    nodes[t.indicators.ids[k] as string] = { rwg: rwg(s2, sigma), ...(Number.isNaN(a) ? {} : { awg: a }), n };
  }
  for (const [id, ks] of plan.groups) {
    const items = ks.filter((k) => !Number.isNaN(ratio[k] as number));
    if (items.length === 0) continue;
    const n = Math.max(...items.map((k) => stats.n[k] as number));
    nodes[id] = { rwg: rwgJ(items.map((k) => ratio[k] as number)), n, items: items.length };
  }
  return { nodes };
}

/** The nodes whose agreement is below their rubric's minimum (`agreement: {min}`): they need a consensus. */
export function needsConsensus(t: ScoringTables, agreement: ProfileAgreement): Set<string> {
  const plan = agreementPlan(t);
  const out = new Set<string>();
  for (const [id, a] of Object.entries(agreement.nodes)) {
    const min = plan.min.get(id);
    if (min !== undefined && a.rwg < min - EPSILON) out.add(id);
  }
  return out;
}

/** A profile's agreement, from its answers. */
export const profileAgreement = (t: ScoringTables, profile: Pick<Profile, 'answers'>): ProfileAgreement =>
  agreementOf(t, answerStats(t, profile.answers));

/** The stats of a list of respondents' answers. */
export function answerStats(t: ScoringTables, answers: readonly RespondentPoints[]): AgreementStats {
  const stats = new AgreementStats(t.indicators.count);
  for (const answer of answers) addRespondent(t, stats, answer);
  return stats;
}

const EPSILON = 1e-9;

/** Per rubric: σ²_EU per indicator, each group's indicators (the overall's: all), and each node's minimum. */
interface AgreementPlan {
  sigma: Float64Array;
  groups: [string, number[]][];
  min: Map<string, number>;
}

const plans = new WeakMap<ScoringTables, AgreementPlan>();

function agreementPlan(t: ScoringTables): AgreementPlan {
  const known = plans.get(t);
  if (known) return known;
  const ind = t.indicators;
  const sigma = Float64Array.from(ind.scale, (scale, k) => (ind.fact[k] === 1 ? Number.NaN : nullVariance(scale)));
  const kOf = new Map(ind.ids.map((id, k) => [id, k] as const));
  const { compiled } = t;
  const groups: [string, number[]][] = [];
  const min = new Map<string, number>();
  const below = (id: string): number[] => {
    const node = compiled.byId.get(id);
    if (!node) return [];
    return node.kind === 'indicator' ? [kOf.get(id) as number] : node.children.flatMap((c) => below(c.id));
  };
  t.ids.forEach((id, i) => {
    if (t.kind[i] === KIND.group) groups.push([id, below(id)]);
    const limit = id === OVERALL ? compiled.rubric.scoring.agreement?.min : compiled.byId.get(id)?.agreement?.min;
    if (limit !== undefined) min.set(id, limit);
  });
  groups.push([OVERALL, ind.ids.map((_, k) => k)]);
  const plan = { sigma, groups, min };
  plans.set(t, plan);
  return plan;
}

/** ICC(1) and ICC(2) of one node across a cohort, and what they were computed from. */
export interface CohortNodeAgreement {
  id: string;
  icc1: number;
  icc2: number;
  /** Subjects with at least one answer, respondents counted, and k₀, the adjusted mean group size. */
  subjects: number;
  respondents: number;
  k0: number;
}

/**
 * ICC(1) = (MSB − MSW)/(MSB + (k₀ − 1)MSW) and ICC(2) = (MSB − MSW)/MSB from a one-way ANOVA of respondents
 * within subjects, with k₀ = (N − Σnⱼ²/N)/(G − 1) for unequal group sizes (Bliese 2000). Undefined (null)
 * with fewer than two subjects, no respondent beside another in a subject (no within-subject variance to
 * compare with), or no variance between subjects at all.
 */
export function icc(groups: readonly (readonly number[])[]): Omit<CohortNodeAgreement, 'id'> | null {
  return iccOf(groups.map(groupStat));
}

/** One subject's respondents on one node, as the ANOVA reads them: how many, their mean, their sum of squares. */
export interface GroupStat {
  n: number;
  mean: number;
  ss: number;
}

/** A group's statistics from its values (Welford's pass: no value is kept). */
export function groupStat(values: readonly number[]): GroupStat {
  let n = 0;
  let mean = 0;
  let ss = 0;
  for (const v of values) {
    n++;
    const d = v - mean;
    mean += d / n;
    ss += d * (v - mean);
  }
  return { n, mean, ss };
}

/** ICC(1) and ICC(2) (see icc) from each subject's statistics. */
export function iccOf(stats: readonly GroupStat[]): Omit<CohortNodeAgreement, 'id'> | null {
  const used = stats.filter((x) => x.n > 0);
  const g = used.length;
  const n = used.reduce((a, x) => a + x.n, 0);
  if (g < 2 || n - g < 1) return null;
  const grand = used.reduce((a, x) => a + x.n * x.mean, 0) / n;
  let ssb = 0;
  let ssw = 0;
  for (const x of used) {
    ssb += x.n * (x.mean - grand) ** 2;
    ssw += x.ss;
  }
  const msb = ssb / (g - 1);
  const msw = ssw / (n - g);
  if (msb <= EPSILON) return null;
  const k0 = (n - used.reduce((a, x) => a + x.n ** 2, 0) / n) / (g - 1);
  return { icc1: (msb - msw) / (msb + (k0 - 1) * msw), icc2: (msb - msw) / msb, subjects: g, respondents: n, k0 };
}

/**
 * ICC(1) and ICC(2) across a cohort's profiles: per indicator (the points respondents combined), and for the
 * overall, each respondent's mean answer with every answer as a share of its scale's range (so scales of
 * different lengths weigh alike). Only the computable ones, the overall first.
 */
export function cohortAgreement(t: ScoringTables, profiles: readonly Pick<Profile, 'answers'>[]): CohortNodeAgreement[] {
  return cohortAgreementOf(
    t,
    profiles.map((p) => cohortStats(t, p)),
  );
}

/** What the cohort's ICCs read of one profile: per indicator, and for the overall, its respondents' statistics. */
export interface CohortStats {
  indicators: GroupStat[];
  overall: GroupStat;
}

/** One profile's agreement statistics (see cohortAgreement): kept instead of its answers. */
export function cohortStats(t: ScoringTables, profile: Pick<Profile, 'answers'>): CohortStats {
  const ind = t.indicators;
  const values: number[][] = ind.ids.map(() => []);
  const means: number[] = [];
  for (const answer of profile.answers) {
    const role = roleOf(t, answer.role);
    const evidence = new Set(answer.evidence);
    let share = 0;
    let count = 0;
    for (let k = 0; k < ind.count; k++) {
      const given = answer.points[k] ?? null;
      if (typeof given !== 'number' || !countsOn(t, k, role)) continue;
      const points = answerContribution(ind, k, given, evidence.has(ind.ids[k] as string));
      (values[k] as number[]).push(points);
      const low = ind.low[k] as number;
      const width = (ind.high[k] as number) - low;
      if (width <= 0) continue;
      share += (points - low) / width;
      count++;
    }
    if (count > 0) means.push(share / count);
  }
  return { indicators: values.map(groupStat), overall: groupStat(means) };
}

/** The cohort's ICCs from each profile's statistics: only the computable ones, the overall first. */
export function cohortAgreementOf(t: ScoringTables, stats: readonly CohortStats[]): CohortNodeAgreement[] {
  const ind = t.indicators;
  const out: CohortNodeAgreement[] = [];
  const whole = iccOf(stats.map((s) => s.overall));
  if (whole) out.push({ id: OVERALL, ...whole });
  ind.ids.forEach((id, k) => {
    const found = ind.fact[k] === 1 ? null : iccOf(stats.map((s) => s.indicators[k] as GroupStat));
    if (found) out.push({ id, ...found });
  });
  return out;
}
