import type { AggregateChild, ScoreRange } from '../aggregate/types.js';
import { type CompiledRubric, compileRubric } from '../rubric/compile.js';
import type { AggregationRef, Rubric, RubricNode } from '../rubric/model.js';
import { buildProfile } from '../score/build-profile.js';
import { createEngine, nodeArrays } from '../score/engine.js';
import type { Profile } from '../score/profile.js';
import { RowStore } from '../score/rows.js';
import { registerRow, roleIndex } from '../score/score-assessment.js';
import { CODE, codeOfPoints, scoringTables } from '../score/tables.js';
import { splitValidators } from '../score/validation.js';
import type { Alternative } from './alternatives.js';
import type { Policy } from './model.js';
import { recommend } from './recommend.js';

/** One subject's decisions under the declared method and how many alternatives keep them. */
export interface SubjectRobustness {
  subject: string;
  track: string | null;
  level: string | null;
  /** Alternatives giving the same primary track, and the same overall level. */
  sameTrack: number;
  sameLevel: number;
  /** Each alternative that changes a decision, with what it gives instead. */
  flips: { alternative: string; track: string | null; level: string | null }[];
}

/** The cohort's robustness: per subject, and the share of decisions that no alternative changes. */
export interface Robustness {
  alternatives: string[];
  subjects: number;
  /** Subjects whose track (level) is the same under every alternative, and that count over `subjects`. */
  stableTrack: number;
  stableLevel: number;
  trackShare: number | null;
  levelShare: number | null;
  bySubject: SubjectRobustness[];
}

/**
 * Rescores and re-decides every profile under each alternative. A decision is stable when every alternative
 * gives the same one; share = stable subjects / subjects. Validators stay apart, as in scoring.
 */
export function robustness(
  rubric: CompiledRubric,
  policy: Policy,
  profiles: readonly Profile[],
  alternatives: readonly Alternative[],
): Robustness {
  const variants = alternatives.map((a) => ({ id: a.id, rubric: alternativeRubric(rubric, a) }));
  const bySubject = profiles.map((profile): SubjectRobustness => {
    const track = recommend(profile, policy).primary;
    const level = profile.overall.level;
    const flips: SubjectRobustness['flips'] = [];
    let sameTrack = 0;
    let sameLevel = 0;
    for (const v of variants) {
      const again = replayProfile(v.rubric, profile);
      const t = recommend(again, policy).primary;
      const l = again.overall.level;
      if (t === track) sameTrack++;
      if (l === level) sameLevel++;
      if (t !== track || l !== level) flips.push({ alternative: v.id, track: t, level: l });
    }
    return { subject: profile.subject.id, track, level, sameTrack, sameLevel, flips };
  });
  const n = bySubject.length;
  const stableTrack = bySubject.filter((s) => s.sameTrack === variants.length).length;
  const stableLevel = bySubject.filter((s) => s.sameLevel === variants.length).length;
  return {
    alternatives: variants.map((v) => v.id),
    subjects: n,
    stableTrack,
    stableLevel,
    trackShare: n === 0 ? null : stableTrack / n,
    levelShare: n === 0 ? null : stableLevel / n,
    bySubject,
  };
}

/** The rubric as an alternative scores it: the declared one with one scoring choice changed. */
export function alternativeRubric(compiled: CompiledRubric, alternative: Alternative): CompiledRubric {
  const r = compiled.rubric;
  let rubric: Rubric;
  if ('weights' in alternative) rubric = { ...r, nodes: r.nodes.map((n) => mapNodes(n, (m) => ({ ...m, weight: 1 }))) };
  else if ('aggregation' in alternative) {
    const aggregation: AggregationRef = { method: alternative.aggregation, options: {} };
    rubric = {
      ...r,
      overall: { ...r.overall, aggregation },
      nodes: r.nodes.map((n) => mapNodes(n, (m) => (m.kind === 'group' ? { ...m, aggregation } : m))),
    };
  } else if ('missing' in alternative) rubric = { ...r, scoring: { ...r.scoring, missing: alternative.missing } };
  else rubric = { ...r, scoring: { ...r.scoring, respondents: { ...r.scoring.respondents, combine: alternative.combine } } };
  return compileRubric(withRanges(rubric, compiled), compiled.aggregations);
}

/** A copy of a node and its descendants, each changed by `change` (children first). */
function mapNodes(node: RubricNode, change: (n: RubricNode) => RubricNode): RubricNode {
  return change(node.kind === 'group' ? { ...node, children: node.children.map((c) => mapNodes(c, change)) } : node);
}

/**
 * Groups' ranges worked out again by their (possibly changed) method and weights, as normalizing does; a range
 * the method cannot give keeps the declared one.
 */
function withRanges(rubric: Rubric, compiled: CompiledRubric): Rubric {
  const rangeOf = (ref: AggregationRef, kids: readonly RubricNode[], fallback: ScoreRange): ScoreRange => {
    const method = compiled.aggregations.get(ref.method);
    const options = method?.options.safeParse(ref.options);
    if (!method || !options?.success) return fallback;
    const children: AggregateChild[] = kids.map((c) => ({
      score: null,
      weight: c.weight,
      range: c.range,
      ...(c.stage === undefined ? {} : { stage: c.stage }),
    }));
    const range = method.range(children, options.data as never);
    return 'error' in range ? fallback : range;
  };
  const visit = (n: RubricNode): RubricNode => {
    if (n.kind !== 'group') return n;
    const children = n.children.map(visit);
    return { ...n, children, range: rangeOf(n.aggregation, children, n.range) };
  };
  const nodes = rubric.nodes.map(visit);
  return {
    ...rubric,
    nodes,
    overall: { ...rubric.overall, range: rangeOf(rubric.overall.aggregation, nodes, rubric.overall.range) },
  };
}

/**
 * A profile scored again from the answers it keeps (each respondent's raw points, validators apart, the
 * register's facts) by `compiled`: a rubric with the same indicators and scales as the one that scored it.
 */
export function replayProfile(compiled: CompiledRubric, profile: Profile): Profile {
  const t = scoringTables(compiled);
  const ind = t.indicators;
  const store = new RowStore(t);
  const subject = store.addSubject();
  const codes = new Uint8Array(ind.count);
  const values = new Float64Array(store.directs);
  const rows = profile.answers.map((a) => {
    for (let k = 0; k < ind.count; k++) {
      const p = a.points[k];
      const evidence = a.evidence?.includes(ind.ids[k] as string) ? CODE.evidence : 0;
      if (p === null || p === undefined) codes[k] = CODE.missing;
      else if (p === 'na') codes[k] = CODE.notApplicable | evidence;
      else if (p === 'invalid') codes[k] = CODE.invalid | evidence;
      else if (ind.direct[k] === 1) {
        codes[k] = CODE.value | evidence;
        values[store.directColumn[k] as number] = p;
      } else codes[k] = codeOfPoints(t, k, p) | evidence;
    }
    return store.add(subject, roleIndex(t, a.role), codes, values);
  });
  const { self } = splitValidators(t, store, Int32Array.from(rows));
  const facts = profile.facts ?? {};
  const answers = Object.fromEntries(Object.entries(facts).map(([id, f]) => [id, f.answer]));
  const register = { answers, facts, missing: [] };
  const scored =
    Object.keys(facts).length > 0 ? Int32Array.from([...self, registerRow(t, store, subject, register, codes, values)]) : self;
  const out = nodeArrays(t);
  createEngine(t).score(store, scored, out, 0);
  const targets: Record<string, number> = {};
  for (const [id, r] of Object.entries(profile.nodes)) if (r.target !== undefined) targets[id] = r.target;
  if (profile.overall.target !== undefined) targets.overall = profile.overall.target;
  return buildProfile(t, out, 0, {
    subject: profile.subject,
    respondents: profile.respondents,
    answers: profile.answers,
    diagnostics: [],
    targets,
  });
}
