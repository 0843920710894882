import type { CompiledRubric } from '../rubric/compile.js';
import { nodeResult, priorities } from './build-profile.js';
import type { NodeResult, Profile } from './profile.js';
import { Counted, F, type NodeArrays, S, scoreGroup } from './rules.js';
import { KIND, OVERALL, type ScoringTables, scoringTables } from './tables.js';
import { profileArrays } from './trace.js';

/**
 * Scores a profile again with some indicators' combined points replaced (what-if analysis). Only the changed
 * indicators and the groups above them are recomputed, by the group rule that scored them; every other node
 * keeps its result, and every node keeps its target.
 */
export function rescoreProfile(
  compiled: CompiledRubric,
  profile: Profile,
  points: Readonly<Record<string, number>>,
  /** The profile's results as arrays (profileArrays), for a caller that rescores one profile many times. */
  arrays?: NodeArrays,
): Profile {
  const t = scoringTables(compiled);
  const out = arrays ? copyOf(arrays) : profileArrays(t, profile);
  const dirty = new Uint8Array(t.ids.length);
  dirty[t.ids.length - 1] = 1;
  for (const [id, value] of Object.entries(points)) {
    const i = t.stepOf.get(id);
    if (i === undefined) continue;
    const min = t.min[i] as number;
    const max = t.max[i] as number;
    out.score[i] = value < min ? min : value > max ? max : value;
    // an indicator given points is answered: its confidence stays what its answers gave, or 1
    if (out.status[i] !== S.scored) out.confidence[i] = 1;
    out.status[i] = S.scored;
    out.coverage[i] = 1;
    for (let at: string | undefined = id; at !== undefined; at = compiled.parentOf.get(at)) dirty[t.stepOf.get(at) as number] = 1;
  }
  const counted = countedFor(t);
  const results: NodeResult[] = t.ids.map((id, i) => {
    const before = (id === OVERALL ? profile.overall : profile.nodes[id]) as NodeResult;
    if (dirty[i] === 0) return before;
    if (t.kind[i] !== KIND.indicator) scoreGroup(t, out, 0, i, counted);
    return nodeResult(t, out, 0, i, before.target, kept(before));
  });
  const nodes: Record<string, NodeResult> = {};
  for (const node of compiled.nodes) nodes[node.id] = results[t.stepOf.get(node.id) as number] as NodeResult;
  return {
    ...profile,
    overall: results[results.length - 1] as NodeResult,
    nodes,
    priorities: priorities(t, (i) => results[i]?.gap),
  };
}

/** What-if points leave the answers as they were, and with them their agreement: its flag stays. */
const kept = (before: NodeResult) => (before.flags.includes('needs-consensus') ? F.needsConsensus : 0);

const copyOf = (a: NodeArrays): NodeArrays => ({
  score: a.score.slice(),
  coverage: a.coverage.slice(),
  confidence: a.confidence.slice(),
  status: a.status.slice(),
  flags: a.flags.slice(),
});

/** One scratch space per rubric's tables: rescoring is synchronous, so its calls never share it at once. */
const scratch = new WeakMap<ScoringTables, Counted>();
function countedFor(t: ScoringTables): Counted {
  let counted = scratch.get(t);
  if (!counted) {
    counted = new Counted(t.widestGroup);
    scratch.set(t, counted);
  }
  return counted;
}

/**
 * rescoreProfile of one indicator at a time, many times over one profile (what levers ask): only the path from
 * the indicator up to overall is worked out, in a scratch copy of the profile's arrays that is put back before
 * the next call. The profile given is the same object each time, valid until the next call; its results are
 * rescoreProfile's, its priorities the profile's own (not worked out again: levers read levels and tracks).
 */
export function indicatorRescorer(compiled: CompiledRubric, profile: Profile): (indicator: string, points: number) => Profile {
  const t = scoringTables(compiled);
  const base = profileArrays(t, profile);
  const out = copyOf(base);
  const counted = countedFor(t);
  const after: Profile = { ...profile, nodes: { ...profile.nodes } };
  let path: number[] = [];
  const known = pathsOf(t);
  const resultOf = (i: number) => (i === t.ids.length - 1 ? profile.overall : profile.nodes[t.ids[i] as string]) as NodeResult;
  const put = (i: number, result: NodeResult) => {
    if (i === t.ids.length - 1) after.overall = result;
    else after.nodes[t.ids[i] as string] = result;
  };
  return (indicator, value) => {
    for (const i of path) {
      out.score[i] = base.score[i] as number;
      out.coverage[i] = base.coverage[i] as number;
      out.confidence[i] = base.confidence[i] as number;
      out.status[i] = base.status[i] as number;
      out.flags[i] = base.flags[i] as number;
      put(i, resultOf(i));
    }
    let found = known.get(indicator);
    if (!found) {
      found = pathOf(compiled, t, indicator);
      known.set(indicator, found);
    }
    path = found;
    const i = path[0] as number;
    const min = t.min[i] as number;
    const max = t.max[i] as number;
    out.score[i] = value < min ? min : value > max ? max : value;
    if (out.status[i] !== S.scored) out.confidence[i] = 1;
    out.status[i] = S.scored;
    out.coverage[i] = 1;
    for (const j of path) {
      if (t.kind[j] !== KIND.indicator) scoreGroup(t, out, 0, j, counted);
      put(j, nodeResult(t, out, 0, j, resultOf(j).target, kept(resultOf(j))));
    }
    return after;
  };
}

/** Each rubric's paths from an indicator up to overall: found once, asked for once per lever. */
const paths = new WeakMap<ScoringTables, Map<string, number[]>>();

function pathsOf(t: ScoringTables): Map<string, number[]> {
  let known = paths.get(t);
  if (!known) {
    known = new Map();
    paths.set(t, known);
  }
  return known;
}

/** The steps from an indicator up to overall, in the order rescoreProfile works them out (children first). */
function pathOf(compiled: CompiledRubric, t: ScoringTables, indicator: string): number[] {
  const steps = new Set<number>([t.ids.length - 1]);
  for (let at: string | undefined = indicator; at !== undefined; at = compiled.parentOf.get(at))
    steps.add(t.stepOf.get(at) as number);
  return [...steps].sort((a, b) => a - b);
}
