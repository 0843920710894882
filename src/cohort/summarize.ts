import groupBy from 'lodash/groupBy.js';
import type { PoolSummary } from '../policy/allocate.js';
import type { Policy, Recommendation } from '../policy/model.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { Attribute } from '../rubric/model.js';
import { nodeOf } from '../score/build-profile.js';
import type { NodeResult, Profile } from '../score/profile.js';
import { OVERALL } from '../score/tables.js';
import { traceNode } from '../score/trace.js';
import { bySubjectId, compareText } from '../text/order.js';
import { ownValue } from '../text/own.js';
import { cronbach, mean, percentRank, quantile, variance } from './stats.js';

/** What a cohort summary reads of a recommendation: whose it is, the track given and the one qualified for. */
export type CohortRecommendation = Pick<Recommendation, 'subject' | 'primary' | 'unguarded'>;

/** Options for a cohort summary. */
export interface CohortOptions {
  /** Subject attributes that define peer groups (default: every attribute the rubric declares). */
  groupBy?: readonly string[];
  /** Recommendations for the same subjects (with their policy), for counts per track and the equity check. */
  recommendations?: readonly CohortRecommendation[];
  policy?: Policy;
  /** The equity check flags a group whose rate of getting a track it qualifies for is this much below the rest's (default 0.2)… */
  equityGap?: number;
  /** …when both the group and the rest have at least this many qualifying subjects (default 5). */
  minGroupSize?: number;
  /** An indicator is "nearly uniform" when this share of subjects give it the same score (default 0.9). */
  uniformShare?: number;
}

export interface Distribution {
  id: string;
  /** Subjects with a score, and without one. */
  n: number;
  missing: number;
  mean: number | null;
  sd: number | null;
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
}

export interface GroupSummary {
  attribute: string;
  /** The attribute's value; null for subjects without one. */
  value: string | null;
  n: number;
  /** Per summarized node (overall and the top tier): mean and median score of the group. */
  nodes: { id: string; n: number; mean: number | null; median: number | null }[];
}

/** A cohort of profiles summarized: distributions, peer groups, percentiles, tracks, equity, rubric quality. */
export interface CohortSummary {
  rubric: { id: string; version: string };
  subjects: number;
  /** Every node, overall first then in rubric order. */
  distributions: Distribution[];
  groups: GroupSummary[];
  /** Per attribute and node: how far apart the group means are (largest minus smallest). */
  differences: { attribute: string; node: string; spread: number; lowest: string | null; highest: string | null }[];
  /** Each subject's percentile rank in the cohort and within each peer group, for overall and the top tier. */
  percentiles: {
    subject: string;
    cohort: Record<string, number | null>;
    peers: Record<string, { value: string | null; n: number; nodes: Record<string, number | null> }>;
  }[];
  tracks?: {
    counts: { track: string; n: number }[];
    byGroup: { attribute: string; value: string | null; track: string; n: number }[];
  };
  /** Groups that get a track less often than the rest do, among subjects whose capabilities qualify for it. */
  equity?: {
    attribute: string;
    value: string | null;
    track: string;
    qualified: number;
    granted: number;
    rate: number;
    restQualified: number;
    restRate: number | null;
    flagged: boolean;
  }[];
  quality: RubricQuality;
  /** Per allocation pool of the policy: what was shared, among how many, by which rule (withAllocations). */
  allocations?: PoolSummary[];
}

/** Is the rubric itself sound? What rubric authors read to revise it. */
export interface RubricQuality {
  /** Internal consistency of each group over its children's scores, on the subjects that scored every child. */
  reliability: { id: string; items: number; n: number; alpha: number | null; itemTotal: { id: string; r: number | null }[] }[];
  /** Indicators that nearly every subject scores the same. */
  uniform: { id: string; score: number; share: number; n: number }[];
  /** Indicators on which respondents of the same subject disagree, most often first. */
  disagreement: { id: string; share: number; meanSpread: number; n: number }[];
}

const NONE = '\u0000none';

/**
 * Whether peers are grouped by an attribute by default: a category, a yes/no, or a whole number on a short scale
 * (a cluster 1–10); not an amount, a percentage or a date, whose every subject would be a group of its own.
 */
const formsGroups = (a: Attribute) =>
  a.type === 'category' ||
  a.type === 'boolean' ||
  (a.type === 'integer' && a.min !== undefined && a.max !== undefined && a.max - a.min <= 20);
const attributeOf = (p: Profile, attribute: string): string | null => {
  const v = ownValue(p.subject.attributes, attribute);
  return v === undefined || v === null || v === '' ? null : String(v);
};
const scoresOf = (results: readonly (NodeResult | undefined)[]) =>
  results.map((r) => r?.score).filter((s): s is number => typeof s === 'number');

/**
 * Summarizes the profiles of a cohort (one wave of an export). Pure and deterministic: groups and rows come in
 * sorted order, whatever the order of the profiles.
 */
export function summarizeCohort(
  compiled: CompiledRubric,
  profiles: readonly Profile[],
  options: CohortOptions = {},
): CohortSummary {
  const { rubric } = compiled;
  const sorted = bySubjectId(profiles);
  const attributes = options.groupBy ?? rubric.attributes.filter(formsGroups).map((a) => a.id);
  const allIds = [OVERALL, ...compiled.nodes.map((n) => n.id)];
  const keyIds = [OVERALL, ...rubric.nodes.map((n) => n.id)];

  const distributions = allIds.map((id) =>
    distribution(
      id,
      sorted.map((p) => nodeOf(p, id)),
    ),
  );

  const groups: GroupSummary[] = [];
  const differences: CohortSummary['differences'] = [];
  const grouped = new Map<string, Record<string, Profile[]>>();
  for (const attribute of attributes) {
    const byValue = groupBy(sorted, (p) => attributeOf(p, attribute) ?? NONE);
    grouped.set(attribute, byValue);
    const values = Object.keys(byValue).sort(compareText);
    for (const value of values) {
      const members = byValue[value] as Profile[];
      groups.push({
        attribute,
        value: value === NONE ? null : value,
        n: members.length,
        nodes: keyIds.map((id) => {
          const d = distribution(
            id,
            members.map((p) => nodeOf(p, id)),
          );
          return { id, n: d.n, mean: d.mean, median: d.median };
        }),
      });
    }
    for (const id of keyIds) {
      const means = values
        .filter((v) => v !== NONE)
        .map((v) => ({
          value: v,
          mean: distribution(
            id,
            (byValue[v] as Profile[]).map((p) => nodeOf(p, id)),
          ).mean,
        }))
        .filter((m): m is { value: string; mean: number } => m.mean !== null);
      if (means.length < 2) continue;
      const lowest = means.reduce((a, b) => (b.mean < a.mean ? b : a));
      const highest = means.reduce((a, b) => (b.mean > a.mean ? b : a));
      differences.push({ attribute, node: id, spread: highest.mean - lowest.mean, lowest: lowest.value, highest: highest.value });
    }
  }

  const percentiles = percentileRanks(sorted, attributes, grouped, keyIds);

  return {
    rubric: { id: rubric.id, version: rubric.version },
    subjects: sorted.length,
    distributions,
    groups,
    differences,
    percentiles,
    ...(options.recommendations ? trackSummaries(sorted, options.recommendations, attributes, options) : {}),
    quality: rubricQuality(compiled, sorted, options.uniformShare ?? 0.9),
  };
}

/**
 * Each subject's percentile rank in the cohort and in each of its peer groups. Each pool of scores is gathered
 * and sorted once, and a rank is two binary searches: the cohort's ranks in O(n log n), not O(n²).
 */
function percentileRanks(
  sorted: readonly Profile[],
  attributes: readonly string[],
  grouped: ReadonlyMap<string, Record<string, Profile[]>>,
  keyIds: readonly string[],
): CohortSummary['percentiles'] {
  const poolsOf = (members: readonly Profile[]) =>
    new Map(keyIds.map((id) => [id, scoresOf(members.map((m) => nodeOf(m, id))).sort((a, b) => a - b)] as const));
  const cohort = poolsOf(sorted);
  const peerPools = new Map(
    attributes.map((a) => [a, new Map(Object.entries(grouped.get(a) ?? {}).map(([v, members]) => [v, poolsOf(members)]))]),
  );
  return sorted.map((p) => {
    const ranks = (pools: ReadonlyMap<string, number[]>) =>
      Object.fromEntries(
        keyIds.map((id) => {
          const s = nodeOf(p, id)?.score;
          const pool = pools.get(id) as number[];
          return [id, typeof s === 'number' && pool.length ? percentRank(pool, s) : null];
        }),
      );
    // fromEntries: an attribute may be named like a member of Object.prototype
    const peers: CohortSummary['percentiles'][number]['peers'] = Object.fromEntries(
      attributes.map((attribute) => {
        const value = attributeOf(p, attribute);
        const key = value ?? NONE;
        const n = (ownValue(grouped.get(attribute), key) as Profile[]).length;
        return [attribute, { value, n, nodes: ranks(peerPools.get(attribute)?.get(key) as Map<string, number[]>) }];
      }),
    );
    return { subject: p.subject.id, cohort: ranks(cohort), peers };
  });
}

function distribution(id: string, results: readonly (NodeResult | undefined)[]): Distribution {
  const xs = scoresOf(results).sort((a, b) => a - b);
  if (xs.length === 0)
    return { id, n: 0, missing: results.length, mean: null, sd: null, min: null, q1: null, median: null, q3: null, max: null };
  return {
    id,
    n: xs.length,
    missing: results.length - xs.length,
    mean: mean(xs),
    sd: xs.length > 1 ? Math.sqrt(variance(xs)) : null,
    min: xs[0] as number,
    q1: quantile(xs, 0.25),
    median: quantile(xs, 0.5),
    q3: quantile(xs, 0.75),
    max: xs[xs.length - 1] as number,
  };
}

function trackSummaries(
  profiles: readonly Profile[],
  recommendations: readonly CohortRecommendation[],
  attributes: readonly string[],
  options: CohortOptions,
): Pick<CohortSummary, 'tracks' | 'equity'> {
  const recOf = new Map(recommendations.map((r) => [r.subject.id, r] as const));
  const trackIds = options.policy
    ? options.policy.tracks.map((t) => t.id)
    : [...new Set(recommendations.map((r) => r.primary).filter((t): t is string => t !== null))].sort(compareText);
  const primaryOf = (p: Profile) => recOf.get(p.subject.id)?.primary ?? null;
  const count = (members: readonly Profile[], track: string) => members.filter((p) => primaryOf(p) === track).length;
  const counts = trackIds.map((track) => ({ track, n: count(profiles, track) }));
  const none = profiles.filter((p) => primaryOf(p) === null).length;
  if (none) counts.push({ track: 'none', n: none });

  const byGroup: NonNullable<CohortSummary['tracks']>['byGroup'] = [];
  const equity: NonNullable<CohortSummary['equity']> = [];
  const gap = options.equityGap ?? 0.2;
  const minSize = options.minGroupSize ?? 5;
  // tracks some subject qualified for on capability but did not get
  const withheld = trackIds.filter((t) => profiles.some((p) => recOf.get(p.subject.id)?.unguarded === t && primaryOf(p) !== t));
  for (const attribute of attributes) {
    const byValue = groupBy(profiles, (p) => attributeOf(p, attribute) ?? NONE);
    for (const value of Object.keys(byValue).sort(compareText)) {
      const members = byValue[value] as Profile[];
      const label = value === NONE ? null : value;
      for (const track of trackIds) byGroup.push({ attribute, value: label, track, n: count(members, track) });
      for (const track of withheld) {
        const rate = (set: readonly Profile[]) => {
          const q = set.filter((p) => recOf.get(p.subject.id)?.unguarded === track);
          return { qualified: q.length, granted: count(q, track) };
        };
        const inGroup = rate(members);
        if (inGroup.qualified === 0) continue;
        const rest = rate(profiles.filter((p) => (attributeOf(p, attribute) ?? NONE) !== value));
        const groupRate = inGroup.granted / inGroup.qualified;
        const restRate = rest.qualified ? rest.granted / rest.qualified : null;
        equity.push({
          attribute,
          value: label,
          track,
          qualified: inGroup.qualified,
          granted: inGroup.granted,
          rate: groupRate,
          restQualified: rest.qualified,
          restRate,
          flagged: restRate !== null && inGroup.qualified >= minSize && rest.qualified >= minSize && groupRate < restRate - gap,
        });
      }
    }
  }
  return { tracks: { counts, byGroup }, equity };
}

function rubricQuality(compiled: CompiledRubric, profiles: readonly Profile[], uniformShare: number): RubricQuality {
  const reliability: RubricQuality['reliability'] = [];
  const groups = [{ id: OVERALL, children: compiled.rubric.nodes }, ...compiled.nodes.filter((n) => n.kind === 'group')];
  for (const g of groups) {
    const children = 'children' in g ? g.children.map((c) => c.id) : [];
    if (children.length < 2) continue;
    const rows = profiles
      .map((p) => children.map((c) => nodeOf(p, c)?.score))
      .filter((r): r is number[] => r.every((s) => typeof s === 'number'));
    const { alpha, itemTotal } = rows.length >= 3 ? cronbach(rows) : { alpha: null, itemTotal: children.map(() => null) };
    reliability.push({
      id: g.id,
      items: children.length,
      n: rows.length,
      alpha,
      itemTotal: children.map((id, i) => ({ id, r: itemTotal[i] ?? null })),
    });
  }

  const uniform: RubricQuality['uniform'] = [];
  const disagreement: RubricQuality['disagreement'] = [];
  for (const n of compiled.nodes) {
    if (n.kind !== 'indicator') continue;
    const scored = profiles.map((p) => p.nodes[n.id]).filter((r): r is NodeResult => r?.score !== null && r?.score !== undefined);
    if (scored.length === 0) continue;
    const tally = new Map<number, number>();
    for (const r of scored) tally.set(r.score as number, (tally.get(r.score as number) ?? 0) + 1);
    const [score, top] = [...tally.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] as [number, number];
    if (top / scored.length >= uniformShare) uniform.push({ id: n.id, score, share: top / scored.length, n: scored.length });
    // the subjects where more than one respondent answered it, and how far apart their raw points were
    const multi = profiles.flatMap((p) => {
      const trace = p.nodes[n.id]?.score === null ? undefined : traceNode(compiled, p, n.id);
      const answered = trace?.respondents?.filter((a) => a.status === 'answered').length ?? 0;
      return trace && answered > 1 ? [trace] : [];
    });
    const flagged = multi.filter((t) => t.result.flags.includes('disagreement')).length;
    if (multi.length && flagged)
      disagreement.push({
        id: n.id,
        share: flagged / multi.length,
        meanSpread: mean(multi.map((t) => t.spread ?? 0)),
        n: multi.length,
      });
  }
  disagreement.sort((a, b) => b.share - a.share || compareText(a.id, b.id));
  return { reliability, uniform, disagreement };
}
