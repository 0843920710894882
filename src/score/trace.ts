import type { ScoreRange } from '../aggregate/types.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { FactProvenance } from '../subjects/facts.js';
import { nodeOf } from './build-profile.js';
import { nodeArrays } from './engine.js';
import type { NodeResult, Profile } from './profile.js';
import { Counted, FLAG_BITS, type NodeArrays, S, scoreGroup } from './rules.js';
import { roleIndex } from './score-assessment.js';
import { answerContribution, answerFlags, BIT, KIND, OVERALL, ROLE, type ScoringTables, scoringTables } from './tables.js';

/** How one respondent's answer to an indicator was read. */
export interface RespondentAnswer {
  respondent: string;
  role?: string;
  /**
   * answered; not-applicable; missing; invalid (not a value of the scale); not-assigned (role does not answer it);
   * validator (a validator's rating: shown in the validation, not counted in the self-assessment).
   */
  status: 'answered' | 'not-applicable' | 'missing' | 'invalid' | 'not-assigned' | 'validator';
  /** Points as answered, before reverse keying and evidence caps. */
  raw?: number;
  /** Points used when combining respondents. */
  points?: number;
  evidence: boolean;
  /** Why points differ from raw, or why the answer does not count. */
  note?: string;
}

/** A child's part in its parent's score. */
export interface Contribution {
  id: string;
  score: number | null;
  weight: number;
  /** counted: in the score; zero: counted as the lowest score by policy; excluded: left out (with reason). */
  use: 'counted' | 'zero' | 'excluded';
  reason?: string;
}

/** Everything that explains one node's result: the rubric's facts about it and how its inputs counted. */
export interface NodeTrace {
  id: string;
  kind: 'group' | 'indicator' | 'overall';
  tier: string;
  range: ScoreRange;
  weight: number;
  result: NodeResult;
  /** Groups: the method, how each child counted, and the critical children that capped the score. */
  method?: string;
  children?: Contribution[];
  caps?: { by: string; from: number; to: number }[];
  /** Indicators: each respondent's answer, how they were combined, and the spread of their raw points. */
  respondents?: RespondentAnswer[];
  combine?: string;
  spread?: number;
  /** Fact-fed indicators: the subjects file's answer, with the row and cells it came from. */
  fact?: FactProvenance;
}

const KINDS = ['indicator', 'group', 'overall'] as const;

/**
 * How a node of a profile was computed, worked out from the profile and its rubric by the same rules that scored
 * it: a group's children as its rule counted them (and the caps), an indicator's answers as each counted.
 * Undefined for an id the rubric does not have.
 */
export function traceNode(compiled: CompiledRubric, profile: Profile, id: string): NodeTrace | undefined {
  const t = scoringTables(compiled);
  const i = t.stepOf.get(id);
  const result = nodeOf(profile, id);
  if (i === undefined || !result) return undefined;
  const base = {
    id,
    kind: KINDS[t.kind[i] as number] ?? 'group',
    tier: t.tier[i] as string,
    range: [t.min[i] as number, t.max[i] as number] as const,
    weight: t.weight[i] as number,
    result,
  };
  if (t.kind[i] === KIND.indicator) return { ...base, ...indicatorTrace(t, profile, t.indicators.step.indexOf(i)) };
  return { ...base, ...groupTrace(t, profile, i) };
}

/** The arrays of a profile's results, as the engine left them. */
export function profileArrays(t: ScoringTables, profile: Profile): NodeArrays {
  const out = nodeArrays(t);
  t.ids.forEach((id, i) => {
    const r = id === OVERALL ? profile.overall : profile.nodes[id];
    out.score[i] = r?.score ?? Number.NaN;
    out.status[i] = r ? statusIndex(r.status) : S.missing;
    out.coverage[i] = r?.coverage ?? 0;
    out.confidence[i] = r?.confidence ?? 0;
    out.flags[i] = (r?.flags ?? []).reduce((bits, f) => bits | (1 << FLAG_BITS.indexOf(f)), 0);
  });
  return out;
}

const statusIndex = (status: NodeResult['status']) =>
  status === 'scored'
    ? S.scored
    : status === 'not-applicable'
      ? S.notApplicable
      : status === 'insufficient-coverage'
        ? S.insufficient
        : S.missing;

/** A group's children as the group rule counts them, replayed on the profile's results. */
function groupTrace(t: ScoringTables, profile: Profile, i: number): Pick<NodeTrace, 'method' | 'children' | 'caps'> {
  const out = profileArrays(t, profile);
  const children: Contribution[] = [];
  const caps: NonNullable<NodeTrace['caps']> = [];
  const { notApplicableZero } = t.policy;
  scoreGroup(t, out, 0, i, new Counted(t.widestGroup), {
    child(c, use, score) {
      const id = t.ids[c] as string;
      const child = nodeOf(profile, id);
      const na = out.status[c] === S.notApplicable;
      const why = child?.reason ?? 'missing';
      const reason =
        use === 'counted'
          ? undefined
          : use === 'zero'
            ? na && notApplicableZero
              ? 'not applicable counts as the lowest score'
              : `${why}; missing counts as the lowest score`
            : na
              ? 'not applicable'
              : why;
      const contribution: Contribution = { id, score: use === 'excluded' ? null : score, weight: t.weight[c] as number, use };
      children.push(reason === undefined ? contribution : { ...contribution, reason });
    },
    cap(c, from, to) {
      caps.push({ by: t.ids[c] as string, from, to });
    },
  });
  return { method: t.method[i]?.id ?? '', children, ...(caps.length ? { caps } : {}) };
}

/** An indicator's answers as each counted: the per-answer rules replayed on the profile's raw points. */
function indicatorTrace(
  t: ScoringTables,
  profile: Profile,
  k: number,
): Pick<NodeTrace, 'respondents' | 'combine' | 'spread' | 'fact'> {
  const ind = t.indicators;
  const id = ind.ids[k] as string;
  // a fact's answer is the register's alone: respondents were not asked
  if (ind.fact[k] === 1) {
    const fact = profile.facts?.[id];
    return fact ? { fact } : {};
  }
  const from = ind.evidenceFrom[k] as number;
  const cap = ind.evidenceCap[k] as number;
  const raws: number[] = [];
  const respondents: RespondentAnswer[] = [];
  for (const answer of profile.answers) {
    const given = answer.points[k] ?? null;
    const evidence = answer.evidence?.includes(id) ?? false;
    const who = { respondent: answer.id, ...(answer.role === undefined ? {} : { role: answer.role }) };
    const counted = countedAnswer(t, k, answer.role);
    if (counted === 'validator') {
      if (given !== null)
        respondents.push({ ...who, status: 'validator', evidence, note: 'a validator: counted in the validation only' });
      continue;
    }
    if (counted === 'not-assigned') {
      if (given !== null)
        respondents.push({
          ...who,
          status: 'not-assigned',
          evidence,
          note: `role '${answer.role}' does not answer this indicator`,
        });
      continue;
    }
    if (given === null) respondents.push({ ...who, status: 'missing', evidence });
    else if (given === 'na')
      respondents.push(
        ind.naAllowed[k] === 1
          ? { ...who, status: 'not-applicable', evidence }
          : { ...who, status: 'invalid', evidence, note: 'not applicable is not allowed here' },
      );
    else if (given === 'invalid') respondents.push({ ...who, status: 'invalid', evidence, note: 'not a valid answer' });
    else {
      const points = answerContribution(ind, k, given, evidence);
      const flags = answerFlags(ind, k, given, evidence);
      // in the order they apply: keying, then the evidence rule on the keyed points
      const notes: string[] = [];
      const reversed = ind.reverse[k] === 1;
      if (reversed) notes.push(`reverse-keyed: ${ind.low[k]} + ${ind.high[k]} − ${given}`);
      const claim = `${reversed ? 'a keyed score' : 'an answer'} of ${from} or more`;
      if ((flags & BIT.capped) !== 0) notes.push(`capped at ${cap}: no evidence for ${claim}`);
      else if ((flags & BIT.unsupported) !== 0) notes.push(`no evidence for ${claim}`);
      raws.push(given);
      respondents.push({
        ...who,
        status: 'answered',
        raw: given,
        points,
        evidence,
        ...(notes.length ? { note: notes.join('; ') } : {}),
      });
    }
  }
  return { respondents, combine: t.policy.combine, spread: spreadOf(raws) };
}

const spreadOf = (raws: readonly number[]) =>
  raws.length > 1 ? raws.reduce((a, b) => Math.max(a, b)) - raws.reduce((a, b) => Math.min(a, b)) : 0;

/** Whether a respondent's answer to indicator k counts: a validator's does not, nor one of a role not asked it. */
function countedAnswer(t: ScoringTables, k: number, role: string | undefined): 'validator' | 'not-assigned' | 'counted' {
  const r = roleIndex(t, role);
  if (t.policy.validators?.[r] === 1) return 'validator';
  const ind = t.indicators;
  if (ind.anyRole[k] === 0 && r !== ROLE.none && ind.roleMask[k * 256 + r] === 0) return 'not-assigned';
  return 'counted';
}

/**
 * Of traceNode of an indicator, the respondents whose answer was counted ('answered') and the spread of their
 * raw points, without the rest of the trace: what a cohort summary reads of every indicator of every profile.
 */
export function answeredSpread(compiled: CompiledRubric, profile: Profile, id: string): { answered: number; spread: number } {
  const t = scoringTables(compiled);
  const k = t.indicators.step.indexOf(t.stepOf.get(id) as number);
  if (k < 0 || t.indicators.fact[k] === 1) return { answered: 0, spread: 0 };
  const raws: number[] = [];
  for (const answer of profile.answers) {
    const given = answer.points[k] ?? null;
    if (typeof given === 'number' && countedAnswer(t, k, answer.role) === 'counted') raws.push(given);
  }
  return { answered: raws.length, spread: spreadOf(raws) };
}
