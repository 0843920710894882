import type { Profile } from '../score/profile.js';
import { type ConditionData, conditionHolds, traceCondition } from './logic.js';
import type { Policy, PolicyRule, Reason, Recommendation } from './model.js';

/** The previous wave of the same subject: its profile (for `change`) and its recommendation (for the waves guard). */
export interface RecommendOptions {
  previous?: { profile?: Profile; recommendation?: Recommendation };
}

/**
 * Turns a capability profile into an engagement recommendation, with a reason for every rule and guard.
 *
 * ```
 * guards (deny) ──▶ tracks that cannot be primary now
 * rules ──────────▶ which hold; the primary track: the first that holds (or the highest priority), not denied;
 *                   else the default
 * waves guard ────▶ a move to another track waits until enough consecutive waves qualify for it
 * the rest ───────▶ secondary tracks and measures of the rules that hold and agree with the primary; focus
 * ```
 */
export function recommend(profile: Profile, policy: Policy, options: RecommendOptions = {}): Recommendation {
  const data = conditionData(profile, options);
  const { guards, denied, traced, decider, fallback, qualified, unguarded } = qualify(policy, (logic) =>
    traceCondition(policy.engine, logic, data),
  );
  const reasons: Reason[] = guards.map(({ guard, holds, facts }) => ({
    kind: 'guard',
    id: guard.id,
    holds,
    effect: holds ? `denies ${guard.deny.join(', ')}` : 'none',
    facts,
  }));

  // The waves guard: a move away from last wave's track needs `consecutiveWaves` waves in a row that qualify.
  const before = options.previous?.recommendation;
  const streak = before && before.qualified === qualified ? before.streak + 1 : 1;
  let primary = qualified;
  let held: Reason | undefined;
  for (const guard of policy.guards) {
    if (guard.kind !== 'waves' || !before || before.primary === null || qualified === null || before.primary === qualified)
      continue;
    if (guard.tracks && !guard.tracks.includes(qualified)) continue;
    const waiting = streak < guard.consecutiveWaves;
    if (waiting) primary = before.primary;
    held = {
      kind: 'waves',
      id: guard.id,
      holds: waiting,
      effect: waiting
        ? `keeps ${before.primary}: ${qualified} qualified ${streak} of ${guard.consecutiveWaves} consecutive waves`
        : `moves ${before.primary} → ${qualified} after ${streak} consecutive waves`,
      facts: [],
    };
  }

  const secondary: string[] = [];
  const measures: string[] = [];
  const add = (list: string[], ids: readonly string[]) => {
    for (const id of ids) if (!list.includes(id)) list.push(id);
  };
  for (const t of traced) {
    const agrees = t.rule.primary === undefined || t.rule.primary === primary;
    const role =
      t === decider
        ? `primary ${t.rule.primary}`
        : t.holds && t.rule.primary !== undefined && denied.has(t.rule.primary)
          ? `${t.rule.primary} denied by a guard`
          : t.holds && !agrees
            ? `${t.rule.primary} not chosen`
            : undefined;
    if (t.holds && agrees) {
      add(secondary, t.rule.secondary);
      add(measures, t.rule.measures);
    }
    const extras =
      t.holds && agrees ? [...t.rule.secondary.map((s) => `secondary ${s}`), ...t.rule.measures.map((m) => `measure ${m}`)] : [];
    const effect = [role, ...extras].filter(Boolean).join('; ') || 'none';
    reasons.push({ kind: 'rule', id: t.rule.id, holds: t.holds, effect, facts: t.facts });
  }
  if (fallback) {
    add(secondary, fallback.secondary);
    add(measures, fallback.measures);
    reasons.push({
      kind: 'default',
      id: 'default',
      holds: true,
      effect: `primary ${fallback.primary} (no rule gave a primary track)`,
      facts: [],
    });
  }
  if (held) reasons.push(held);

  const focus = focusOf(profile, policy, decider?.rule.focus);
  const government = governmentGaps(profile, policy);

  return {
    policy: { id: policy.id, version: policy.version },
    subject: profile.subject,
    ...(profile.wave === undefined ? {} : { wave: profile.wave }),
    primary,
    secondary: secondary.filter((s) => s !== primary && !denied.has(s)),
    measures,
    focus,
    ...(government.length ? { government } : {}),
    qualified,
    unguarded,
    streak,
    decidedBy: decider ? decider.rule.id : fallback ? 'default' : null,
    reasons,
  };
}

/** The track the rules qualify a profile for, before the waves guard: what `recommend` gives as `qualified`. */
export function qualifiedTrack(profile: Profile, policy: Policy, options: RecommendOptions = {}): string | null {
  const data = conditionData(profile, options);
  const holds = (logic: unknown) => conditionHolds(policy.engine, logic, data);
  if (policy.selection === 'priority') return qualify(policy, (logic) => ({ holds: holds(logic) })).qualified;
  // first match: the rules after the first that gives a track not denied cannot change it (levers ask this often)
  let denied: readonly string[] = [];
  for (const guard of policy.guards) if (guard.kind === 'deny' && holds(guard.when)) denied = [...denied, ...guard.deny];
  const allowed = (track: string) => !denied.includes(track);
  for (const rule of policy.rules)
    if (rule.primary !== undefined && allowed(rule.primary) && holds(rule.when)) return rule.primary;
  return policy.default && allowed(policy.default.primary) ? policy.default.primary : null;
}

const conditionData = (profile: Profile, options: RecommendOptions): ConditionData => ({
  profile,
  ...(options.previous?.profile ? { previous: options.previous.profile } : {}),
});

/**
 * Which track qualifies: deny guards take tracks out; the first rule that holds (or the highest priority, by the
 * policy's selection) whose track is not denied gives it, else the default. `evaluate` says whether a condition
 * holds, and may say why (recommend) or not (levers, which only need the track).
 */
function qualify<T extends { holds: boolean }>(policy: Policy, evaluate: (logic: unknown) => T) {
  const guards = policy.guards.flatMap((guard) => (guard.kind === 'deny' ? [{ guard, ...evaluate(guard.when) }] : []));
  const denied = new Set(guards.flatMap(({ guard, holds }) => (holds ? guard.deny : [])));
  const traced = policy.rules.map((rule) => ({ rule, ...evaluate(rule.when) }));
  const holding = traced.filter((t) => t.holds && t.rule.primary !== undefined);
  const priority = (id: string | undefined) => policy.tracks.find((t) => t.id === id)?.priority ?? 0;
  const choose = (candidates: typeof holding) =>
    policy.selection === 'priority'
      ? candidates.reduce<(typeof holding)[number] | undefined>(
          (best, t) => (best === undefined || priority(t.rule.primary) > priority(best.rule.primary) ? t : best),
          undefined,
        )
      : candidates[0];
  const decider = choose(holding.filter((t) => !denied.has(t.rule.primary as string)));
  const fallback = decider === undefined && policy.default && !denied.has(policy.default.primary) ? policy.default : undefined;
  const qualified = decider?.rule.primary ?? fallback?.primary ?? null;
  const unguarded = choose(holding)?.rule.primary ?? policy.default?.primary ?? null;
  return { guards, denied, traced, decider, fallback, qualified, unguarded };
}

/**
 * What to work on first: the priorities of the policy's focus tier with the largest weighted gaps; when the
 * deciding rule names where (its nodes, or the nodes of a tier below a score: what triggered it), only those
 * under them, unless none of them has a gap.
 */
function focusOf(profile: Profile, policy: Policy, within: PolicyRule['focus']): Recommendation['focus'] {
  const compiled = policy.engine.compiled;
  // what central government controls (transfers, approvals) is not the subject's to fix: see governmentGaps
  const inTier = profile.priorities.filter(
    (p) =>
      (policy.focus.tier === undefined || compiled.byId.get(p.id)?.tier === policy.focus.tier) &&
      compiled.byId.get(p.id)?.control !== 'government',
  );
  const roots = within === undefined ? undefined : focusRoots(profile, policy, within);
  const under = (id: string) => {
    for (let at: string | undefined = id; at !== undefined; at = compiled.parentOf.get(at)) if (roots?.has(at)) return true;
    return false;
  };
  const chosen = roots ? inTier.filter((p) => under(p.id)) : inTier;
  return (chosen.length ? chosen : inTier)
    .slice(0, policy.focus.count)
    .map((p) => ({ id: p.id, gap: p.gap, weightedGap: p.weightedGap }));
}

/** The gaps of the focus tier in what central government controls, largest first: shown apart from the focus. */
function governmentGaps(profile: Profile, policy: Policy): NonNullable<Recommendation['government']> {
  const compiled = policy.engine.compiled;
  return profile.priorities
    .filter((p) => compiled.byId.get(p.id)?.control === 'government')
    .filter((p) => policy.focus.tier === undefined || compiled.byId.get(p.id)?.tier === policy.focus.tier)
    .map((p) => ({ id: p.id, gap: p.gap, weightedGap: p.weightedGap }));
}

/** The nodes a rule's focus names: as listed, or the nodes of a tier whose score is below a value. */
function focusRoots(profile: Profile, policy: Policy, within: NonNullable<PolicyRule['focus']>): Set<string> {
  if (Array.isArray(within)) return new Set(within as readonly string[]);
  const { tier, below } = within as { tier: string; below: number };
  const ids = policy.engine.compiled.nodes.filter((n) => n.tier === tier).map((n) => n.id);
  return new Set(
    ids.filter((id) => {
      const score = profile.nodes[id]?.score;
      return score !== null && score !== undefined && score < below;
    }),
  );
}
