import groupBy from 'lodash/groupBy.js';
import type { PoolSummary } from '../policy/allocate.js';
import type { Policy, Recommendation } from '../policy/model.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { Attribute } from '../rubric/model.js';
import { type CohortNodeAgreement, type CohortStats, cohortAgreementOf, cohortStats } from '../score/agreement.js';
import { nodeOf } from '../score/build-profile.js';
import type { Profile } from '../score/profile.js';
import { OVERALL, scoringTables } from '../score/tables.js';
import { answeredSpread } from '../score/trace.js';
import { bySubjectId, compareText } from '../text/order.js';
import { ownValue } from '../text/own.js';
import { blockingOf, type Fairness, type FairnessRecord, fairness } from './fairness.js';
import { cronbach, mean, percentRank, quantile, variance } from './stats.js';

/** What a cohort summary reads of a recommendation: whose it is, the track given and the one qualified for. */
export type CohortRecommendation = Pick<Recommendation, 'subject' | 'primary' | 'unguarded'> &
  Partial<Pick<Recommendation, 'qualified' | 'reasons'>> & {
    /** What kept it from each track it did not get (blockingOf), when its reasons are not kept. */
    blocked?: Readonly<Record<string, readonly string[]>>;
  };

/** Options for a cohort summary. */
export interface CohortOptions {
  /** Subject attributes that define peer groups (default: every attribute the rubric declares). */
  groupBy?: readonly string[];
  /** The fairness check: groups smaller than minGroup suppressed (default 5); differences from gap reported (0.2). */
  fairness?: { minGroup?: number; gap?: number };
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
  /**
   * Agreement across the cohort: ICC(1) and ICC(2) of respondents within subjects, the overall first then per
   * indicator (only where computable), and how many subjects need a consensus on each node (most first).
   */
  agreement: { icc: CohortNodeAgreement[]; needsConsensus: { id: string; subjects: number }[] };
  /** With recommendations: each track's share by group within the same capability band (see Fairness). */
  fairness?: Fairness;
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
 * What a summary reads of one profile, kept in its place: a cohort of tens of thousands of profiles held whole
 * takes gigabytes (their answers most of it), and the collector's time with them. Scores by node, and per
 * indicator what the rubric-quality check reads of the answers, worked out as each profile comes.
 */
export interface CohortMember {
  subject: Profile['subject'];
  /** Each node's score, overall first then in rubric order (cohortNodes().ids); NaN for none. */
  scores: Float64Array;
  /** Per indicator (cohortNodes().indicators): the spread of its respondents' raw points when more than one answered, else NaN. */
  spread: Float64Array;
  /** Per indicator: 1 when more than one answered and it is flagged for disagreement. */
  disagreement: Uint8Array;
  /** Per node (as `scores`): 1 when it needs a consensus (respondents' agreement below the rubric's minimum). */
  consensus: Uint8Array;
  /** What the cohort's ICCs read of its answers. */
  agreement: CohortStats;
  /** Fact-fed indicators' numeric answers (register facts), for outcomes by group. */
  facts: Record<string, number>;
}

/** The nodes a summary reads, by their place in a member's arrays: found once per rubric. */
interface CohortNodes {
  ids: readonly string[];
  at: ReadonlyMap<string, number>;
  indicators: readonly string[];
}
const nodesOf = new WeakMap<CompiledRubric, CohortNodes>();
function cohortNodes(compiled: CompiledRubric): CohortNodes {
  let known = nodesOf.get(compiled);
  if (!known) {
    const ids = [OVERALL, ...compiled.nodes.map((n) => n.id)];
    const indicators = compiled.nodes.filter((n) => n.kind === 'indicator').map((n) => n.id);
    known = { ids, at: new Map(ids.map((id, i) => [id, i])), indicators };
    nodesOf.set(compiled, known);
  }
  return known;
}

/** A profile as a summary reads it (summarizeMembers): what the CLI keeps of each profile for `--cohort`. */
export function cohortMember(compiled: CompiledRubric, profile: Profile): CohortMember {
  const { ids, indicators } = cohortNodes(compiled);
  const scores = new Float64Array(ids.length);
  ids.forEach((id, i) => {
    const score = nodeOf(profile, id)?.score;
    scores[i] = typeof score === 'number' ? score : Number.NaN;
  });
  const spread = new Float64Array(indicators.length).fill(Number.NaN);
  const disagreement = new Uint8Array(indicators.length);
  indicators.forEach((id, k) => {
    // the subjects where more than one respondent answered it, and how far apart their raw points were
    const result = profile.nodes[id];
    if (!result || result.score === null) return;
    const answers = answeredSpread(compiled, profile, id);
    if (answers.answered <= 1) return;
    spread[k] = answers.spread;
    disagreement[k] = result.flags.includes('disagreement') ? 1 : 0;
  });
  const consensus = Uint8Array.from(ids, (id) => (nodeOf(profile, id)?.flags.includes('needs-consensus') ? 1 : 0));
  const agreement = cohortStats(scoringTables(compiled), profile);
  const facts: Record<string, number> = {};
  for (const [id, fact] of Object.entries(profile.facts ?? {})) if (typeof fact.answer === 'number') facts[id] = fact.answer;
  return { subject: profile.subject, scores, spread, disagreement, consensus, agreement, facts };
}

/**
 * Whether peers are grouped by an attribute by default: a category, a yes/no, or a whole number on a short scale
 * (a cluster 1–10); not an amount, a percentage or a date, whose every subject would be a group of its own.
 */
const formsGroups = (a: Attribute) =>
  a.type === 'category' ||
  a.type === 'boolean' ||
  (a.type === 'integer' && a.min !== undefined && a.max !== undefined && a.max - a.min <= 20);
const attributeOf = (p: CohortMember, attribute: string): string | null => {
  const v = ownValue(p.subject.attributes, attribute);
  return v === undefined || v === null || v === '' ? null : String(v);
};
const scoresOf = (values: readonly number[]) => values.filter((s) => !Number.isNaN(s));

/**
 * Summarizes the profiles of a cohort (one wave of an export). Pure and deterministic: groups and rows come in
 * sorted order, whatever the order of the profiles.
 */
export function summarizeCohort(
  compiled: CompiledRubric,
  profiles: readonly Profile[],
  options: CohortOptions = {},
): CohortSummary {
  return summarizeMembers(
    compiled,
    profiles.map((p) => cohortMember(compiled, p)),
    options,
  );
}

/** summarizeCohort of what it reads of each profile (cohortMember), gathered as the profiles were read. */
export function summarizeMembers(
  compiled: CompiledRubric,
  members: readonly CohortMember[],
  options: CohortOptions = {},
): CohortSummary {
  const { rubric } = compiled;
  const sorted = bySubjectId(members);
  const attributes = options.groupBy ?? rubric.attributes.filter(formsGroups).map((a) => a.id);
  const { ids: allIds, at } = cohortNodes(compiled);
  const keyIds = [OVERALL, ...rubric.nodes.map((n) => n.id)];
  const scoresAt = (list: readonly CohortMember[], id: string) => {
    const i = at.get(id) as number;
    return list.map((m) => m.scores[i] as number);
  };

  const distributions = allIds.map((id) => distribution(id, scoresAt(sorted, id)));

  const groups: GroupSummary[] = [];
  const differences: CohortSummary['differences'] = [];
  const grouped = new Map<string, Record<string, CohortMember[]>>();
  for (const attribute of attributes) {
    const byValue = groupBy(sorted, (p) => attributeOf(p, attribute) ?? NONE);
    grouped.set(attribute, byValue);
    const values = Object.keys(byValue).sort(compareText);
    for (const value of values) {
      const members = byValue[value] as CohortMember[];
      groups.push({
        attribute,
        value: value === NONE ? null : value,
        n: members.length,
        nodes: keyIds.map((id) => {
          const d = distribution(id, scoresAt(members, id));
          return { id, n: d.n, mean: d.mean, median: d.median };
        }),
      });
    }
    for (const id of keyIds) {
      const means = values
        .filter((v) => v !== NONE)
        .map((v) => ({
          value: v,
          mean: distribution(id, scoresAt(byValue[v] as CohortMember[], id)).mean,
        }))
        .filter((m): m is { value: string; mean: number } => m.mean !== null);
      if (means.length < 2) continue;
      const lowest = means.reduce((a, b) => (b.mean < a.mean ? b : a));
      const highest = means.reduce((a, b) => (b.mean > a.mean ? b : a));
      differences.push({ attribute, node: id, spread: highest.mean - lowest.mean, lowest: lowest.value, highest: highest.value });
    }
  }

  const percentiles = percentileRanks(sorted, attributes, grouped, keyIds, at);

  return {
    rubric: { id: rubric.id, version: rubric.version },
    subjects: sorted.length,
    distributions,
    groups,
    differences,
    percentiles,
    ...(options.recommendations ? trackSummaries(sorted, options.recommendations, attributes, options) : {}),
    quality: rubricQuality(compiled, sorted, options.uniformShare ?? 0.9),
    agreement: {
      icc: cohortAgreementOf(
        scoringTables(compiled),
        sorted.map((m) => m.agreement),
      ),
      needsConsensus: consensusCounts(sorted, allIds),
    },
    ...(options.recommendations ? { fairness: fairnessOf(compiled, sorted, options.recommendations, attributes, options) } : {}),
  };
}

/** The fairness check over the members and their recommendations (matched by subject id). */
function fairnessOf(
  compiled: CompiledRubric,
  sorted: readonly CohortMember[],
  recommendations: readonly CohortRecommendation[],
  attributes: readonly string[],
  options: CohortOptions,
): Fairness {
  const byId = new Map(recommendations.map((r) => [r.subject.id, r]));
  // an attribute the policy's rules read is treated differently by design: checking it would only find the rule
  const read = options.policy ? attributesRead(options.policy) : new Set<string>();
  const checked = attributes.filter((a) => !read.has(a));
  const records = sorted.map((m): FairnessRecord => {
    const r = byId.get(m.subject.id);
    return {
      subject: m.subject,
      overall: m.scores[0] as number,
      primary: r?.primary ?? null,
      qualified: r?.qualified ?? r?.primary ?? null,
      unguarded: r?.unguarded ?? r?.primary ?? null,
      facts: m.facts,
      ...blockedOf(r, options.policy),
    };
  });
  return {
    ...fairness(records, { attributes: checked, levels: compiled.rubric.levels, ...options.fairness }),
    readByPolicy: attributes.filter((a) => read.has(a)),
  };
}

/** What kept a recommendation from each track: as kept, or worked out from its reasons. */
function blockedOf(r: CohortRecommendation | undefined, policy: Policy | undefined): Pick<FairnessRecord, 'blocked'> {
  if (r?.blocked) return { blocked: r.blocked };
  return r?.reasons && policy ? { blocked: blockingOf({ primary: r.primary, reasons: r.reasons }, policy) } : {};
}

/** The subject attributes a policy's conditions read (rules, guards, eligibility). */
function attributesRead(policy: Policy): Set<string> {
  const found = new Set<string>();
  const walk = (logic: unknown): void => {
    if (Array.isArray(logic)) logic.forEach(walk);
    else if (logic !== null && typeof logic === 'object')
      for (const [key, value] of Object.entries(logic)) {
        if (key === 'attribute' && typeof value === 'string') found.add(value);
        else walk(value);
      }
  };
  for (const rule of policy.rules) walk(rule.when);
  for (const guard of policy.guards) if (guard.kind === 'deny') walk(guard.when);
  for (const condition of policy.eligibility) walk(condition.when);
  return found;
}

/** How many subjects are flagged needs-consensus on each node, most first (then in rubric order); none left out. */
function consensusCounts(sorted: readonly CohortMember[], ids: readonly string[]): { id: string; subjects: number }[] {
  return ids
    .map((id, i) => ({ id, subjects: sorted.filter((m) => m.consensus[i] === 1).length }))
    .filter((c) => c.subjects > 0)
    .sort((a, b) => b.subjects - a.subjects);
}

/**
 * Each subject's percentile rank in the cohort and in each of its peer groups. Each pool of scores is gathered
 * and sorted once, and a rank is two binary searches: the cohort's ranks in O(n log n), not O(n²).
 */
function percentileRanks(
  sorted: readonly CohortMember[],
  attributes: readonly string[],
  grouped: ReadonlyMap<string, Record<string, CohortMember[]>>,
  keyIds: readonly string[],
  at: ReadonlyMap<string, number>,
): CohortSummary['percentiles'] {
  const places = keyIds.map((id) => at.get(id) as number);
  const poolsOf = (members: readonly CohortMember[]) =>
    new Map(
      keyIds.map(
        (id, k) => [id, scoresOf(members.map((m) => m.scores[places[k] as number] as number)).sort((a, b) => a - b)] as const,
      ),
    );
  const cohort = poolsOf(sorted);
  const peerPools = new Map(
    attributes.map((a) => [a, new Map(Object.entries(grouped.get(a) ?? {}).map(([v, members]) => [v, poolsOf(members)]))]),
  );
  return sorted.map((p) => {
    const ranks = (pools: ReadonlyMap<string, number[]>) =>
      Object.fromEntries(
        keyIds.map((id, k) => {
          const s = p.scores[places[k] as number] as number;
          const pool = pools.get(id) as number[];
          return [id, !Number.isNaN(s) && pool.length ? percentRank(pool, s) : null];
        }),
      );
    // fromEntries: an attribute may be named like a member of Object.prototype
    const peers: CohortSummary['percentiles'][number]['peers'] = Object.fromEntries(
      attributes.map((attribute) => {
        const value = attributeOf(p, attribute);
        const key = value ?? NONE;
        const n = (ownValue(grouped.get(attribute), key) as CohortMember[]).length;
        return [attribute, { value, n, nodes: ranks(peerPools.get(attribute)?.get(key) as Map<string, number[]>) }];
      }),
    );
    return { subject: p.subject.id, cohort: ranks(cohort), peers };
  });
}

function distribution(id: string, results: readonly number[]): Distribution {
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
  profiles: readonly CohortMember[],
  recommendations: readonly CohortRecommendation[],
  attributes: readonly string[],
  options: CohortOptions,
): Pick<CohortSummary, 'tracks' | 'equity'> {
  const recOf = new Map(recommendations.map((r) => [r.subject.id, r] as const));
  const trackIds = options.policy
    ? options.policy.tracks.map((t) => t.id)
    : [...new Set(recommendations.map((r) => r.primary).filter((t): t is string => t !== null))].sort(compareText);
  const primaryOf = (p: CohortMember) => recOf.get(p.subject.id)?.primary ?? null;
  const count = (members: readonly CohortMember[], track: string) => members.filter((p) => primaryOf(p) === track).length;
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
      const members = byValue[value] as CohortMember[];
      const label = value === NONE ? null : value;
      for (const track of trackIds) byGroup.push({ attribute, value: label, track, n: count(members, track) });
      for (const track of withheld) {
        const rate = (set: readonly CohortMember[]) => {
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

function rubricQuality(compiled: CompiledRubric, profiles: readonly CohortMember[], uniformShare: number): RubricQuality {
  const { at, indicators } = cohortNodes(compiled);
  const reliability: RubricQuality['reliability'] = [];
  const groups = [{ id: OVERALL, children: compiled.rubric.nodes }, ...compiled.nodes.filter((n) => n.kind === 'group')];
  for (const g of groups) {
    const children = 'children' in g ? g.children.map((c) => c.id) : [];
    if (children.length < 2) continue;
    const places = children.map((c) => at.get(c) as number);
    const rows = profiles.map((p) => places.map((i) => p.scores[i] as number)).filter((r) => r.every((s) => !Number.isNaN(s)));
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
  indicators.forEach((id, k) => {
    const i = at.get(id) as number;
    const scored = scoresOf(profiles.map((p) => p.scores[i] as number));
    if (scored.length === 0) return;
    const tally = new Map<number, number>();
    for (const score of scored) tally.set(score, (tally.get(score) ?? 0) + 1);
    const [score, top] = [...tally.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] as [number, number];
    if (top / scored.length >= uniformShare) uniform.push({ id, score, share: top / scored.length, n: scored.length });
    const multi = profiles.filter((p) => !Number.isNaN(p.spread[k] as number));
    const flagged = multi.filter((p) => p.disagreement[k] === 1).length;
    if (multi.length && flagged)
      disagreement.push({
        id,
        share: flagged / multi.length,
        meanSpread: mean(multi.map((p) => p.spread[k] as number)),
        n: multi.length,
      });
  });
  disagreement.sort((a, b) => b.share - a.share || compareText(a.id, b.id));
  return { reliability, uniform, disagreement };
}
