import type { ScoreRange } from '../../aggregate/types.js';
import { suggest } from '../../diagnostics/messages.js';
import { aggregationRef, computeRanges } from '../ranges.js';
import { normalizeScale } from '../scales.js';
import type { NodeInput, ProfileLevelInput, ScaleInput } from '../schema.js';
import type { CheckContext } from './context.js';
import { checkProfileLevels } from './scales.js';
import { tierIds, type VisitedNode } from './walk.js';

/** The largest weight: weights are relative, and sums of weights near 1e308 overflow to Infinity. */
const MAX_WEIGHT = 1_000_000;

const GROUP_ONLY = ['aggregation', 'minCoverage'] as const;
const INDICATOR_ONLY = ['code', 'question', 'scale', 'descriptors', 'reverse', 'critical', 'fact'] as const;

/** The tree must follow the tiers: groups above the last tier, indicators on it, each key where it means something. */
export function checkTiers(ctx: CheckContext): void {
  const tiers = tierIds(ctx.rubric);
  const last = tiers.length - 1;
  for (const { node, path, depth } of ctx.nodes) {
    const tier = tiers[depth];
    if (depth < last) {
      if (!node.children) {
        ctx.report(
          'tier-mismatch',
          { detail: `'${node.id}' is a ${tier} but has no children; ${tier} nodes hold ${tiers[depth + 1]} nodes.`, tiers },
          [...path, 'id'],
        );
        continue;
      }
      for (const key of INDICATOR_ONLY) {
        if (node[key] !== undefined) ctx.report('misplaced-key', { key, kind: 'group' }, [...path, key], { key: true });
      }
    } else if (node.children) {
      ctx.report(
        'tier-mismatch',
        { detail: `'${node.id}' is on the last tier (${tiers[last]}) and cannot have children.`, tiers },
        [...path, 'children'],
        { key: true },
      );
    } else {
      if (node.scale === undefined) {
        ctx.report('tier-mismatch', { detail: `The ${tier} '${node.id}' needs a scale.`, tiers }, [...path, 'id']);
      }
      for (const key of GROUP_ONLY) {
        if (node[key] !== undefined) ctx.report('misplaced-key', { key, kind: 'indicator' }, [...path, key], { key: true });
      }
    }
  }
}

/** Scales, roles, aggregation methods and levels that nodes name must exist; weights must be usable. */
export function checkReferences(ctx: CheckContext): void {
  const { rubric } = ctx;
  const scaleNames = Object.keys(rubric.scales);
  const roleIds = (rubric.roles ?? []).map((r) => r.id);
  const methods = [...ctx.aggregations.keys()];

  const checkRoles = (roles: readonly string[] | undefined, path: readonly (string | number)[]) =>
    roles?.forEach((role, i) => {
      if (!roleIds.includes(role)) {
        const suggestion = suggest(role, roleIds);
        ctx.report('unknown-role', { name: role, known: roleIds, ...(suggestion ? { suggestion } : {}) }, [...path, 'roles', i]);
      }
    });
  // each scale's answer keys, worked out once rather than for every indicator that uses it
  const scaleKeys = new Map<string, string[]>();
  const keysOf = (name: string, scale: ScaleInput) => {
    let keys = scaleKeys.get(name);
    if (keys === undefined) {
      keys = normalizeScale(name, scale).levels.map((l) => l.key);
      scaleKeys.set(name, keys);
    }
    return keys;
  };

  rubric.roles?.forEach((role, i) => {
    if ((role.weight ?? 1) < 0) ctx.report('negative-weight', { weight: role.weight ?? 0 }, ['roles', i, 'weight']);
    if ((role.weight ?? 1) > MAX_WEIGHT)
      ctx.report('weight-too-large', { weight: role.weight ?? 0, max: MAX_WEIGHT }, ['roles', i, 'weight']);
  });

  const checkAggregation = (node: NodeInput | undefined, path: readonly (string | number)[]) => {
    const written = node ? node.aggregation : rubric.scoring?.aggregation;
    if (written === undefined) return;
    const ref = node ? aggregationRef(node, rubric) : aggregationRef({ id: '', aggregation: written }, rubric);
    const methodPath = typeof written === 'string' ? path : [...path, 'method'];
    const method = ctx.aggregations.get(ref.method);
    if (!method) {
      const suggestion = suggest(ref.method, methods);
      ctx.report('unknown-aggregation', { name: ref.method, known: methods, ...(suggestion ? { suggestion } : {}) }, methodPath);
      return;
    }
    const parsed = method.options.safeParse(ref.options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const key = issue?.path[0];
      const detail =
        issue?.code === 'unrecognized_keys'
          ? `unknown option '${issue.keys[0]}'.`
          : `${key === undefined ? '' : `'${String(key)}': `}${issue?.message ?? 'invalid'}.`;
      const optionPath =
        issue?.code === 'unrecognized_keys'
          ? [...path, issue.keys[0] as string]
          : key === undefined
            ? path
            : [...path, key as string];
      ctx.report('invalid-aggregation-options', { method: ref.method, detail }, optionPath, {
        key: issue?.code === 'unrecognized_keys',
      });
    }
  };
  checkAggregation(undefined, ['scoring', 'aggregation']);

  for (const { node, path } of ctx.nodes) {
    checkRoles(node.roles, path);
    if ((node.weight ?? 1) < 0) ctx.report('negative-weight', { weight: node.weight ?? 0 }, [...path, 'weight']);
    if ((node.weight ?? 1) > MAX_WEIGHT)
      ctx.report('weight-too-large', { weight: node.weight ?? 0, max: MAX_WEIGHT }, [...path, 'weight']);
    if (node.children) {
      checkAggregation(node, [...path, 'aggregation']);
      const counted = node.children.filter((c) => (c.weight ?? 1) >= 0);
      if (counted.length === node.children.length && counted.every((c) => (c.weight ?? 1) === 0)) {
        ctx.report('zero-weights', { group: node.id }, [...path, 'children'], { key: true });
      }
    }
    if (node.scale !== undefined && !node.children) {
      const scale = rubric.scales[node.scale];
      if (!scale || !Object.hasOwn(rubric.scales, node.scale)) {
        const suggestion = suggest(node.scale, scaleNames);
        ctx.report('unknown-scale', { name: node.scale, known: scaleNames, ...(suggestion ? { suggestion } : {}) }, [
          ...path,
          'scale',
        ]);
        continue;
      }
      if (!node.descriptors) continue;
      const keys = keysOf(node.scale, scale);
      for (const key of Object.keys(node.descriptors)) {
        if (!keys.includes(key)) {
          const suggestion = suggest(key, keys);
          ctx.report(
            'unknown-level',
            { name: key, where: `the scale '${node.scale}'`, known: keys, ...(suggestion ? { suggestion } : {}) },
            [...path, 'descriptors', key],
            { key: true },
          );
        }
      }
    }
  }
}

/** Ranges must combine, targets and evidence rules must fall inside them, and profile levels must cover them. */
export function checkRanges(ctx: CheckContext): void {
  const { rubric } = ctx;
  const scales = new Map(Object.entries(rubric.scales).map(([name, s]) => [name, normalizeScale(name, s)] as const));
  const { ranges, problems } = computeRanges(rubric, scales, ctx.aggregations);
  const visited = ctx.nodes;
  const pathOf = new Map(visited.map((v) => [v.node, v] as const));
  for (const problem of problems) {
    if (problem.node === null) {
      ctx.report('mixed-ranges', { group: 'the overall score', ranges: problem.detail }, ['nodes'], { key: true });
      continue;
    }
    const v = pathOf.get(problem.node) as VisitedNode;
    ctx.report('mixed-ranges', { group: problem.node.id, ranges: problem.detail }, [...v.path, 'children'], { key: true });
  }

  const globalLevels = rubric.levels ?? [];
  let globalOk = true;
  if (globalLevels.length > 0) {
    // the global levels apply to every node without its own; they must cover the lowest of those ranges
    const lows = visited.filter((v) => !v.node.levels && ranges.has(v.node)).map((v) => (ranges.get(v.node) as ScoreRange)[0]);
    const span: ScoreRange | undefined = lows.length > 0 ? [Math.min(...lows), Math.min(...lows)] : undefined;
    globalOk = checkProfileLevels(ctx, globalLevels, ['levels'], span);
  }

  const targetDefault = rubric.scoring?.target;
  if (targetDefault !== undefined && typeof targetDefault === 'string' && !globalLevels.some((l) => l.id === targetDefault)) {
    reportUnknownLevel(ctx, targetDefault, globalLevels, ['scoring', 'target']);
  }

  for (const { node, path } of visited) {
    const range = ranges.get(node);
    const levels = node.levels ?? globalLevels;
    if (node.levels) checkProfileLevels(ctx, node.levels, [...path, 'levels'], range);
    else if (!globalOk) continue;
    if (node.target !== undefined) {
      if (typeof node.target === 'string') {
        const level = levels.find((l) => l.id === node.target);
        if (!level) reportUnknownLevel(ctx, node.target, levels, [...path, 'target']);
        else if (range) inRange(ctx, level.from, range, [...path, 'target']);
      } else if (range) inRange(ctx, node.target, range, [...path, 'target']);
    }
    if (node.evidence && range) {
      inRange(ctx, node.evidence.from, range, [...path, 'evidence', 'from'], 'evidence threshold');
      if (node.evidence.cap !== undefined) inRange(ctx, node.evidence.cap, range, [...path, 'evidence', 'cap'], 'evidence cap');
    }
  }

  // the default evidence rule is every indicator's that neither it nor an ancestor overrides: its threshold and
  // cap must lie in each such indicator's range (each reported once, with the first indicator it misses)
  const evidenceDefault = rubric.scoring?.evidence;
  if (evidenceDefault) {
    const takers: NodeInput[] = [];
    const collect = (nodes: readonly NodeInput[]) => {
      for (const n of nodes) {
        if (n.evidence) continue;
        if (n.children) collect(n.children);
        else takers.push(n);
      }
    };
    collect(rubric.nodes);
    const rules = [
      ['from', evidenceDefault.from, 'evidence threshold'],
      ['cap', evidenceDefault.cap, 'evidence cap'],
    ] as const;
    for (const [key, value, what] of rules) {
      if (value === undefined) continue;
      const missed = takers.find((n) => {
        const range = ranges.get(n);
        return range !== undefined && (value < range[0] || value > range[1]);
      });
      const range = missed && ranges.get(missed);
      if (missed && range)
        ctx.report('target-out-of-range', { target: value, min: range[0], max: range[1], what, node: missed.id }, [
          'scoring',
          'evidence',
          key,
        ]);
    }
  }

  // the default target is every group's that sets none: it must lie in each such group's range (reported once)
  const fallback = typeof targetDefault === 'number' ? targetDefault : globalLevels.find((l) => l.id === targetDefault)?.from;
  if (fallback === undefined || !globalOk) return;
  for (const { node } of visited) {
    const range = ranges.get(node);
    if (!node.children || node.target !== undefined || node.levels || !range) continue;
    if (fallback < range[0] || fallback > range[1]) {
      ctx.report('target-out-of-range', { target: fallback, min: range[0], max: range[1], node: node.id }, ['scoring', 'target']);
      return;
    }
  }
}

function reportUnknownLevel(
  ctx: CheckContext,
  name: string,
  levels: readonly ProfileLevelInput[],
  path: readonly (string | number)[],
): void {
  const known = levels.map((l) => l.id);
  const suggestion = suggest(name, known);
  ctx.report('unknown-level', { name, where: 'the profile levels', known, ...(suggestion ? { suggestion } : {}) }, path);
}

function inRange(ctx: CheckContext, value: number, range: ScoreRange, path: readonly (string | number)[], what?: string): void {
  if (value < range[0] || value > range[1]) {
    ctx.report('target-out-of-range', { target: value, min: range[0], max: range[1], ...(what ? { what } : {}) }, path);
  }
}
