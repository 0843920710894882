import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { NodeResult, Profile } from './profile.js';
import { OVERALL } from './tables.js';

/** How a node moved between two waves. */
export type Trend = 'improved' | 'declined' | 'stable' | 'new' | 'no-score';

/** One node compared across waves. */
export interface NodeChange {
  id: string;
  /** The earlier wave's node ids it was compared with (itself, or what it replaces). */
  from: string[];
  previous: number | null;
  current: number | null;
  delta: number | null;
  trend: Trend;
  /** (current − previous) / (target − previous): the share of the way to target covered since the earlier wave. */
  progress?: number | null;
}

/** Two profiles of one subject, compared node by node. */
export interface Comparison {
  subject: string;
  from?: string;
  to?: string;
  overall: NodeChange;
  nodes: Record<string, NodeChange>;
  diagnostics: Diagnostic[];
}

/**
 * Compares an earlier profile with a later one of the same subject. Nodes match by id, or through the later
 * rubric's `replaces` (renamed: one old id; merged: several, whose mean is compared; split: several new nodes
 * replacing one old). Changes smaller than `threshold` (in the node's units; default 0.25) are 'stable'.
 * When the rubric changed and a node has no counterpart, it is reported and compared no further.
 */
export function compareProfiles(
  compiled: CompiledRubric,
  previous: Profile,
  current: Profile,
  options: { threshold?: number } = {},
): Comparison {
  const threshold = options.threshold ?? 0.25;
  const diagnostics: Diagnostic[] = [];
  const changed = previous.rubric.id !== current.rubric.id || previous.rubric.version !== current.rubric.version;
  const nodes: Record<string, NodeChange> = {};
  for (const [id, node] of Object.entries(current.nodes)) {
    const sources = counterparts(compiled, previous, id);
    if (sources.length === 0) {
      if (changed) {
        diagnostics.push(
          createDiagnostic('compare-unmatched', { id, version: previous.rubric.version }, { path: ['nodes', id] }),
        );
      }
      nodes[id] = { id, from: [], previous: null, current: node.score, delta: null, trend: 'new' };
      continue;
    }
    nodes[id] = change(
      id,
      sources.map((s) => previous.nodes[s] as NodeResult),
      node,
      threshold,
      sources,
    );
  }
  return {
    subject: current.subject.id,
    ...(previous.wave === undefined ? {} : { from: previous.wave }),
    ...(current.wave === undefined ? {} : { to: current.wave }),
    overall: change(OVERALL, [previous.overall], current.overall, threshold, [OVERALL]),
    nodes,
    diagnostics,
  };
}

function counterparts(compiled: CompiledRubric, previous: Profile, id: string): string[] {
  const replaces = compiled.byId.get(id)?.replaces ?? [];
  const named = replaces.filter((old) => previous.nodes[old]);
  if (named.length > 0) return named;
  return previous.nodes[id] ? [id] : [];
}

function change(id: string, before: readonly NodeResult[], after: NodeResult, threshold: number, from: string[]): NodeChange {
  const scores = before.map((b) => b.score);
  const previous = scores.some((s) => s === null) ? null : (scores as number[]).reduce((a, b) => a + b, 0) / scores.length;
  const current = after.score;
  if (previous === null || current === null) return { id, from, previous, current, delta: null, trend: 'no-score' };
  const delta = current - previous;
  const trend: Trend = delta >= threshold ? 'improved' : delta <= -threshold ? 'declined' : 'stable';
  const target = after.target;
  const progress =
    target !== undefined && target > previous ? delta / (target - previous) : target !== undefined ? null : undefined;
  return { id, from, previous, current, delta, trend, ...(progress === undefined ? {} : { progress }) };
}
