import type { CompiledRubric } from '../rubric/compile.js';
import type { Scale } from '../rubric/model.js';
import type { Profile } from '../score/profile.js';
import { indicatorRescorer } from '../score/rescore.js';
import { OVERALL, scoringTables } from '../score/tables.js';
import type { Policy, Recommendation } from './model.js';
import { qualifiedTrack, type RecommendOptions, recommend } from './recommend.js';

/** An indicator whose smallest improvement changes something that matters. */
export interface Lever {
  indicator: string;
  /** Combined points now, and after the smallest improvement its scale allows. */
  from: number;
  to: number;
  /** Ancestors whose profile level would rise, nearest first. */
  raises: { id: string; from: string | null; to: string | null }[];
  /** The primary track the rules would give instead (before the waves guard), when it changes. */
  track?: { from: string | null; to: string | null };
}

/** A scale's points in rising order, per scale: asked for once per indicator of every profile. */
const sorted = new WeakMap<Scale, number[]>();
function sortedPoints(scale: Scale): number[] {
  let values = sorted.get(scale);
  if (!values) {
    values = scale.levels.map((l) => l.points).sort((a, b) => a - b);
    sorted.set(scale, values);
  }
  return values;
}

/** The next points above `points` an answer on this indicator's scale can give, or undefined at the top. */
function nextPoints(scale: Scale, points: number): number | undefined {
  if (scale.type === 'checklist') {
    // one more option checked
    const [min, max] = scale.range;
    const next = points + (max - min) / Math.max(1, scale.levels.length);
    return next <= max + 1e-9 ? next : undefined;
  }
  if (scale.type === 'numeric' && !scale.numeric?.bands) return points + 1 <= scale.range[1] ? points + 1 : undefined;
  const values = sortedPoints(scale);
  // reverse-keyed indicators score min + max − answer: their points still rise by one level at a time
  return values.find((v) => v > points + 1e-9);
}

/**
 * What would change the decision: for each answered indicator, the smallest improvement its scale allows (one
 * level up, one more checklist option), rescored, keeping those that raise the level of a node above it or,
 * with a policy, move the subject to another track. Track changes first, then the most levels raised.
 */
export function findLevers(
  compiled: CompiledRubric,
  profile: Profile,
  options: { policy?: Policy; recommendation?: Recommendation; recommend?: RecommendOptions } = {},
): Lever[] {
  const { indicators } = scoringTables(compiled);
  const baseline = options.policy ? (options.recommendation ?? recommend(profile, options.policy, options.recommend)) : undefined;
  const levers: Lever[] = [];
  const rescore = indicatorRescorer(compiled, profile);
  indicators.ids.forEach((indicator, k) => {
    const now = profile.nodes[indicator];
    if (now?.status !== 'scored' || now.score === null) return;
    const to = nextPoints(indicators.scale[k] as Scale, now.score);
    if (to === undefined) return;
    const after = rescore(indicator, to);
    const raises: Lever['raises'] = [];
    for (let id = compiled.parentOf.get(indicator); id !== undefined; id = compiled.parentOf.get(id)) {
      const [a, b] = [profile.nodes[id], after.nodes[id]];
      if (a && b && a.level !== b.level) raises.push({ id, from: a.level, to: b.level });
    }
    if (profile.overall.level !== after.overall.level)
      raises.push({ id: OVERALL, from: profile.overall.level, to: after.overall.level });
    let track: Lever['track'];
    if (options.policy && baseline) {
      const moved = qualifiedTrack(after, options.policy, options.recommend);
      if (moved !== baseline.qualified) track = { from: baseline.qualified, to: moved };
    }
    if (raises.length || track) levers.push({ indicator, from: now.score, to, raises, ...(track ? { track } : {}) });
  });
  return levers.sort((a, b) => Number(Boolean(b.track)) - Number(Boolean(a.track)) || b.raises.length - a.raises.length);
}

/** A recommendation with its levers: what `mahvan recommend` writes and the reports show. */
export function recommendWithLevers(
  compiled: CompiledRubric,
  profile: Profile,
  policy: Policy,
  options: RecommendOptions = {},
): Recommendation {
  const recommendation = recommend(profile, policy, options);
  return { ...recommendation, levers: findLevers(compiled, profile, { policy, recommendation, recommend: options }) };
}
