import type { AggregateChild, Aggregation } from '../../../src/aggregate/types.js';
import { type Answer, type AnswerValue, type Assessment, answerOf } from '../../../src/assessment/model.js';
import { createDiagnostic } from '../../../src/diagnostics/create.js';
import { type Diagnostic, sortDiagnostics } from '../../../src/diagnostics/diagnostic.js';
import type { CompiledRubric } from '../../../src/rubric/compile.js';
import type { IndicatorNode } from '../../../src/rubric/model.js';
import { answerPoints, NO_NOT_APPLICABLE } from './answer-points.js';
import { combinePoints } from './combine.js';
import { levelOf, percentOf, targetScore } from './levels.js';
import { type PlanStep, planScoring, type ScoringPlan } from './plan.js';
import type { Contribution, Flag, NodeResult, NodeStatus, Priority, Profile, RespondentAnswer } from './profile.js';

/** Options for scoring. */
export interface ScoreOptions {
  /** Targets by node id (a score or a profile-level id), over the rubric's and the assessment's. */
  targets?: Readonly<Record<string, number | string>>;
  /** The register's answers to fact-fed indicators (only `answers` is read). */
  register?: { answers: Readonly<Record<string, AnswerValue>> };
}

const EPSILON = 1e-9;

/**
 * Scores one self-assessment into a capability profile. Pure and deterministic: the same rubric and answers
 * give the same profile, whatever the order of respondents or answers.
 *
 * ```
 * answers ──per respondent──▶ points (scale, reverse keying, evidence cap)   invalid → flagged, not counted
 *         ──per indicator───▶ combined points (roles that answer it; mean/median/min/max/role weights)
 *         ──per group───────▶ aggregated score (method, N/A and missing policy, coverage, critical caps)
 *         ──per node────────▶ level, target, gap; priorities from the weighted gaps
 * ```
 */
export function scoreAssessment(compiled: CompiledRubric, assessment: Assessment, options: ScoreOptions = {}): Profile {
  const plan = planScoring(compiled);
  const { rubric } = compiled;
  const diagnostics: Diagnostic[] = [];
  const results: NodeResult[] = new Array(plan.steps.length);
  const knownRoles = new Set(rubric.roles.map((r) => r.id));
  const roleWeight = new Map(rubric.roles.map((r) => [r.id, r.weight] as const));
  // respondents in a canonical order, so permuting them cannot change a median's tie or a trace's order
  const respondents = [...assessment.respondents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  for (const r of respondents) {
    if (r.role !== undefined && knownRoles.size > 0 && !knownRoles.has(r.role)) {
      diagnostics.push(
        createDiagnostic('assessment-unknown-role', { role: r.role, respondent: r.id }, { path: ['respondents', r.id, 'role'] }),
      );
    }
    for (const id of Object.keys(r.answers)) {
      const step = plan.steps[plan.indexOf.get(id) ?? -1];
      if (step?.kind !== 'indicator') {
        diagnostics.push(
          createDiagnostic(
            'assessment-unknown-indicator',
            { id, respondent: r.id },
            { path: ['respondents', r.id, 'answers', id] },
          ),
        );
      }
    }
  }

  // a fact-fed indicator is answered by the register alone, as one respondent whose answers carry evidence
  const isFact = (id: string) => {
    const node = plan.steps[plan.indexOf.get(id) ?? -1]?.node;
    return node?.kind === 'indicator' && node.fact !== undefined;
  };
  const answers: Record<string, Answer> = {};
  for (const [id, value] of Object.entries(options.register?.answers ?? {})) answers[id] = { value, evidence: ['subjects file'] };
  const register = options.register ? [{ id: 'subjects file', answers }] : [];
  for (const r of respondents)
    for (const [id, answer] of Object.entries(r.answers)) {
      const given = answerOf(answer).value;
      if (isFact(id) && given !== undefined && given !== null && given !== '')
        diagnostics.push(
          createDiagnostic('assessment-fact-answered', { id, respondent: r.id }, { path: ['respondents', r.id, 'answers', id] }),
        );
    }
  // validators rate apart: the self-assessment is scored without them
  const validators = new Set(rubric.roles.filter((r) => r.validator).map((r) => r.id));
  const self = respondents.filter((r) => r.role === undefined || !validators.has(r.role));
  // their answers are still read, and an invalid one reported, as any respondent's
  const outside = respondents.filter((r) => r.role !== undefined && validators.has(r.role));
  for (const step of plan.steps)
    if (step.kind === 'indicator' && (step.node as IndicatorNode).fact === undefined && outside.length)
      scoreIndicator(step as PlanStep & { node: IndicatorNode }, outside, rubric.scoring, roleWeight, diagnostics);
  for (const step of plan.steps) {
    const fact = step.kind === 'indicator' && (step.node as IndicatorNode).fact !== undefined;
    results[step.index] =
      step.kind === 'indicator'
        ? scoreIndicator(
            step as PlanStep & { node: IndicatorNode },
            fact ? register : self,
            rubric.scoring,
            roleWeight,
            diagnostics,
          )
        : scoreGroup(step, plan.steps, results, rubric.scoring);
  }

  const targets = { ...assessment.targets, ...options.targets };
  for (const step of plan.steps) applyTarget(step, results[step.index] as NodeResult, targets, rubric.overall.target);

  const nodes: Record<string, NodeResult> = {};
  for (const node of compiled.nodes) nodes[node.id] = results[plan.indexOf.get(node.id) as number] as NodeResult;
  return {
    rubric: { id: rubric.id, version: rubric.version },
    subject: assessment.subject,
    ...(assessment.wave === undefined ? {} : { wave: assessment.wave }),
    respondents: self.length,
    overall: results[plan.steps.length - 1] as NodeResult,
    nodes,
    priorities: priorities(plan, results),
    diagnostics: sortDiagnostics(diagnostics),
  };
}

/**
 * Scores a profile again with some indicators' combined points replaced (what-if analysis). Only the changed
 * indicators and the groups above them are recomputed, the same way as in scoreAssessment; every other node keeps
 * its result, and every node keeps its target.
 */
export function rescoreProfile(compiled: CompiledRubric, profile: Profile, points: Readonly<Record<string, number>>): Profile {
  const plan = planScoring(compiled);
  const dirty = new Set<string>(['overall']);
  for (const id of Object.keys(points)) {
    for (let at: string | undefined = id; at !== undefined; at = compiled.parentOf.get(at)) dirty.add(at);
  }
  const results: NodeResult[] = new Array(plan.steps.length);
  for (const step of plan.steps) {
    const before = (step.kind === 'overall' ? profile.overall : profile.nodes[step.id]) as NodeResult;
    if (!dirty.has(step.id)) {
      results[step.index] = before;
      continue;
    }
    const changed = points[step.id];
    let result: NodeResult;
    if (step.kind !== 'indicator') result = scoreGroup(step, plan.steps, results, compiled.rubric.scoring);
    else if (changed === undefined) result = { ...before };
    else {
      const { reason: _reason, ...kept } = before;
      result = {
        ...kept,
        status: 'scored',
        score: clamp(changed, step.range[0], step.range[1]),
        percent: percentOf(changed, step.range),
        level: levelOf(changed, step.levels),
        coverage: 1,
        confidence: before.status === 'scored' ? before.confidence : 1,
      };
    }
    if (before.target !== undefined) applyTarget(step, result, { [step.id]: before.target });
    results[step.index] = result;
  }
  const nodes: Record<string, NodeResult> = {};
  for (const node of compiled.nodes) nodes[node.id] = results[plan.indexOf.get(node.id) as number] as NodeResult;
  return { ...profile, overall: results[plan.steps.length - 1] as NodeResult, nodes, priorities: priorities(plan, results) };
}

function scoreIndicator(
  step: PlanStep & { node: IndicatorNode },
  respondents: Assessment['respondents'],
  scoring: CompiledRubric['rubric']['scoring'],
  roleWeight: ReadonlyMap<string, number>,
  diagnostics: Diagnostic[],
): NodeResult {
  const { node } = step;
  const scale = step.scale;
  const [min, max] = step.range;
  const flags = new Set<Flag>();
  const answers: RespondentAnswer[] = [];
  const points: number[] = [];
  const raws: number[] = [];
  const weights: number[] = [];

  for (const r of respondents) {
    const base = { respondent: r.id, ...(r.role === undefined ? {} : { role: r.role }) };
    const assigned = node.roles.length === 0 || r.role === undefined || node.roles.includes(r.role);
    const answer = answerOf(r.answers[node.id] as Answer | undefined);
    const evidence = answer.evidence?.length ?? 0;
    if (!assigned) {
      if (Object.hasOwn(r.answers, node.id))
        answers.push({ ...base, status: 'not-assigned', evidence, note: `role '${r.role}' does not answer this indicator` });
      continue;
    }
    if (answer.na) {
      if (!scale?.notApplicable) {
        flags.add('invalid-answer');
        diagnostics.push(
          createDiagnostic(
            'assessment-invalid-answer',
            { id: node.id, respondent: r.id, reason: NO_NOT_APPLICABLE },
            { path: ['respondents', r.id, 'answers', node.id] },
          ),
        );
        answers.push({ ...base, status: 'invalid', evidence, note: 'not applicable is not allowed here' });
        continue;
      }
      answers.push({ ...base, status: 'not-applicable', evidence });
      continue;
    }
    if (answer.value === undefined || answer.value === null || answer.value === '') {
      answers.push({ ...base, status: 'missing', evidence });
      continue;
    }
    const read = scale ? answerPoints(scale, answer.value) : { invalid: 'no scale' };
    if ('invalid' in read) {
      flags.add('invalid-answer');
      diagnostics.push(
        createDiagnostic(
          'assessment-invalid-answer',
          { id: node.id, respondent: r.id, reason: read.invalid },
          { path: ['respondents', r.id, 'answers', node.id] },
        ),
      );
      answers.push({ ...base, status: 'invalid', evidence, note: read.invalid });
      continue;
    }
    let value = read.points;
    const notes: string[] = [];
    // changed with the engine (issue 20): reverse keying first, then the evidence rule on the keyed points, so
    // that withholding evidence can never raise a reverse-keyed score
    if (node.reverse) {
      notes.push(`reverse-keyed: ${min} + ${max} − ${value}`);
      value = min + max - value;
    }
    if (node.evidence && value >= node.evidence.from - EPSILON && evidence === 0) {
      const claim = `${node.reverse ? 'a keyed score' : 'an answer'} of ${node.evidence.from} or more`;
      flags.add('missing-evidence');
      if (node.evidence.cap !== undefined && value > node.evidence.cap) {
        flags.add('evidence-cap');
        notes.push(`capped at ${node.evidence.cap}: no evidence for ${claim}`);
        value = node.evidence.cap;
      } else notes.push(`no evidence for ${claim}`);
    }
    raws.push(read.points);
    points.push(value);
    weights.push(r.role === undefined ? 1 : (roleWeight.get(r.role) ?? 1));
    answers.push({
      ...base,
      status: 'answered',
      raw: read.points,
      points: value,
      evidence,
      ...(notes.length ? { note: notes.join('; ') } : {}),
    });
  }

  const combine = scoring.respondents.combine;
  const spread = raws.length > 1 ? Math.max(...raws) - Math.min(...raws) : 0;
  if (raws.length > 1 && spread >= scoring.respondents.disagreement - EPSILON) flags.add('disagreement');

  const answered = points.length > 0;
  // no value, and someone who knows said N/A: the others' silence adds nothing
  const allNotApplicable = !answered && answers.some((a) => a.status === 'not-applicable');
  const score = answered ? clamp(combinePoints(combine, points, weights), min, max) : null;
  const status = answered ? 'scored' : allNotApplicable ? 'not-applicable' : 'missing';
  const flagged = flags.has('disagreement') || flags.has('missing-evidence');
  return {
    id: node.id,
    kind: 'indicator',
    tier: step.tier,
    status,
    score,
    percent: percentOf(score, step.range),
    range: step.range,
    level: levelOf(score, step.levels),
    coverage: answered ? 1 : 0,
    confidence: answered ? (flagged ? 0.5 : 1) : 0,
    weight: step.weight,
    flags: [...flags].sort(),
    ...(status === 'missing' ? { reason: answers.some((a) => a.status === 'invalid') ? 'no valid answer' : 'no answer' } : {}),
    ...(status === 'not-applicable' ? { reason: 'marked not applicable, and no respondent gave a value' } : {}),
    respondents: answers,
    combine,
    spread,
  };
}

function scoreGroup(
  step: PlanStep,
  steps: readonly PlanStep[],
  results: readonly NodeResult[],
  scoring: CompiledRubric['rubric']['scoring'],
): NodeResult {
  const [min, max] = step.range;
  const flags = new Set<Flag>();
  const contributions: Contribution[] = [];
  const counted: (AggregateChild & { score: number })[] = [];
  let coverWeight = 0;
  let covered = 0;
  let confident = 0;
  let totalWeight = 0;
  for (const c of step.children) totalWeight += (results[c] as NodeResult).weight;

  // N/A or missing under a 'zero' policy: the child counts as the lowest score of its range
  const countAsLowest = (child: NodeResult, entry: Omit<AggregateChild, 'score'>, reason: string) => {
    counted.push({ ...entry, score: child.range[0] });
    contributions.push({ id: child.id, score: child.range[0], weight: child.weight, use: 'zero', reason });
    flags.add('counted-as-zero');
  };

  for (const c of step.children) {
    const child = results[c] as NodeResult;
    const weight = totalWeight > 0 ? child.weight : 1;
    const childStage = steps[c]?.stage;
    const entry = { weight: child.weight, range: child.range, ...(childStage === undefined ? {} : { stage: childStage }) };
    if (child.status === 'not-applicable') {
      if (scoring.notApplicable === 'zero') {
        countAsLowest(child, entry, 'not applicable counts as the lowest score');
        coverWeight += weight;
        covered += weight;
        confident += weight;
      } else contributions.push({ id: child.id, score: null, weight: child.weight, use: 'excluded', reason: 'not applicable' });
      continue;
    }
    coverWeight += weight;
    covered += weight * child.coverage;
    confident += weight * child.confidence;
    if (child.score !== null) {
      counted.push({ ...entry, score: child.score });
      contributions.push({ id: child.id, score: child.score, weight: child.weight, use: 'counted' });
    } else if (scoring.missing === 'zero') {
      countAsLowest(child, entry, `${child.reason ?? 'missing'}; missing counts as the lowest score`);
    } else {
      contributions.push({ id: child.id, score: null, weight: child.weight, use: 'excluded', reason: child.reason ?? 'missing' });
    }
  }

  const base = {
    id: step.id,
    kind: step.kind as 'group' | 'overall',
    tier: step.tier,
    range: step.range,
    weight: step.weight,
    method: step.method?.id ?? '',
    children: contributions,
  };
  // a group without a score says why, never a silent 0
  const unscored = (status: NodeStatus, coverage: number, confidence: number, reason: string): NodeResult => ({
    ...base,
    status,
    score: null,
    percent: null,
    level: null,
    coverage,
    confidence,
    flags: [...flags].sort(),
    reason,
  });
  if (coverWeight === 0) return unscored('not-applicable', 1, 1, 'every part is not applicable');
  const coverage = covered / coverWeight;
  const confidence = confident / coverWeight;
  if (counted.length === 0) return unscored('missing', coverage, confidence, 'no part could be scored');
  if (coverage < step.minCoverage - EPSILON) {
    flags.add('insufficient-coverage');
    return unscored(
      'insufficient-coverage',
      coverage,
      confidence,
      `coverage ${round(coverage * 100)}% is below the minimum of ${round(step.minCoverage * 100)}%`,
    );
  }
  let score = clamp((step.method as Aggregation<unknown>).aggregate(counted, step.options, step.range), min, max);
  const caps: NodeResult['caps'] = [];
  for (const c of step.critical) {
    const child = results[c] as NodeResult;
    if (child.score !== null && child.score < score - EPSILON) {
      caps.push({ by: child.id, from: score, to: child.score });
      score = child.score;
      flags.add('critical-cap');
    }
  }
  return {
    ...base,
    status: 'scored',
    score,
    percent: percentOf(score, step.range),
    level: levelOf(score, step.levels),
    coverage,
    confidence,
    flags: [...flags].sort(),
    ...(caps.length ? { caps } : {}),
  };
}

function applyTarget(
  step: PlanStep,
  result: NodeResult,
  targets: Readonly<Record<string, number | string>>,
  overallTarget?: number,
): void {
  const written = targets[step.id];
  const target =
    written !== undefined ? targetScore(written, step.levels) : step.kind === 'overall' ? overallTarget : step.node?.target;
  if (target === undefined) return;
  result.target = target;
  if (result.score === null) {
    result.gap = null;
    result.percentOfTarget = null;
    return;
  }
  result.gap = Math.max(0, target - result.score);
  const [min] = step.range;
  result.percentOfTarget = target > min ? Math.min(1, Math.max(0, (result.score - min) / (target - min))) * 100 : 100;
}

function priorities(plan: ScoringPlan, results: readonly NodeResult[]): Priority[] {
  const out: Priority[] = [];
  for (const step of plan.steps) {
    if (step.tier !== plan.priorityTier || step.kind !== 'group') continue;
    const r = results[step.index] as NodeResult;
    if (!r.gap || r.gap <= EPSILON) continue;
    const width = step.range[1] - step.range[0] || 1;
    out.push({ id: step.id, gap: r.gap, weightedGap: (r.gap / width) * step.share * 100 });
  }
  return out.sort((a, b) => b.weightedGap - a.weightedGap || (a.id < b.id ? -1 : 1));
}

const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : Math.min(v, hi));
const round = (v: number) => Math.round(v * 10) / 10;
