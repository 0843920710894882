import { type Answer, type AnswerInput, type Assessment, answerOf, type Respondent } from '../assessment/model.js';
import { createDiagnostic } from '../diagnostics/create.js';
import { type Diagnostic, sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { RegisterFacts } from '../subjects/facts.js';
import { ownValue } from '../text/own.js';
import { answerPoints, NO_NOT_APPLICABLE } from './answer-points.js';
import { buildProfile } from './build-profile.js';
import { createEngine, nodeArrays } from './engine.js';
import type { Profile } from './profile.js';
import { respondentPoints } from './respondent-points.js';
import { RowStore } from './rows.js';
import { CODE, codeOfPoints, ROLE, type ScoringTables, scoringTables } from './tables.js';
import { scoreValidation, splitValidators } from './validation.js';

/** Options for scoring. */
export interface ScoreOptions {
  /** Targets by node id (a score or a profile-level id), over the rubric's and the assessment's. */
  targets?: Readonly<Record<string, number | string>>;
  /** The subject's facts from the subjects file: the only answers its fact-fed indicators take. */
  register?: RegisterFacts;
}

/**
 * Scores one self-assessment into a capability profile, with the engine every other path uses. Pure and
 * deterministic: the same rubric and answers give the same profile, whatever the order of respondents or answers.
 *
 * ```
 * answers ──codeAnswers──▶ a row of answer codes per respondent (ordered by id)   invalid → flagged, not counted
 *         ──engine───────▶ every node's score, status, coverage, confidence, flags
 *         ──buildProfile─▶ levels, targets, gaps, priorities; the answers that explain the scores
 * ```
 */
export function scoreAssessment(compiled: CompiledRubric, assessment: Assessment, options: ScoreOptions = {}): Profile {
  const t = scoringTables(compiled);
  const diagnostics: Diagnostic[] = [];
  // respondents in a canonical order, so permuting them cannot change a median's tie or a trace's order
  const respondents = [...assessment.respondents].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const store = new RowStore(t);
  const subject = store.addSubject();
  const codes = new Uint8Array(t.indicators.count);
  const values = new Float64Array(store.directs);
  const rows = respondents.map((r) => {
    checkRespondent(t, r, diagnostics);
    const role = roleIndex(t, r.role);
    codeAnswers(t, store, r, role, codes, values, diagnostics, false);
    return store.add(subject, role, codes, values);
  });
  const register = options.register;
  // validators' rows are scored apart, as a validation beside the profile; the register is one more row of the
  // self-assessment, the only one that answers fact-fed indicators (with its evidence: the file)
  const { self, validators } = splitValidators(t, store, Int32Array.from(rows));
  const scored = register ? Int32Array.from([...self, registerRow(t, store, subject, register, codes, values)]) : self;
  if (register) diagnostics.push(...missingFacts(assessment.subject.id, register));
  const engine = createEngine(t);
  const validation = validators ? scoreValidation(engine, store, validators, nodeArrays(t)) : undefined;
  const out = nodeArrays(t);
  engine.score(store, scored, out, 0);
  return buildProfile(t, out, 0, {
    ...(register && Object.keys(register.facts).length > 0 ? { facts: register.facts } : {}),
    ...(validation ? { validation } : {}),
    subject: assessment.subject,
    ...(assessment.wave === undefined ? {} : { wave: assessment.wave }),
    respondents: self.length,
    answers: respondents.map((r, i) => respondentPoints(t, store, rows[i] as number, r.id, r.role)),
    diagnostics: sortDiagnostics(diagnostics),
    targets: { ...assessment.targets, ...options.targets },
  });
}

/** A role's index in the rubric, or the byte for none or an unknown one. */
export function roleIndex(t: ScoringTables, role: string | undefined): number {
  if (role === undefined) return ROLE.none;
  const r = t.policy.roles.indexOf(role);
  return r < 0 ? ROLE.unknown : r;
}

/** Reports a respondent's role the rubric does not declare, and answers to ids that are no indicator. */
function checkRespondent(t: ScoringTables, r: Respondent, diagnostics: Diagnostic[]): void {
  const roles = t.policy.roles;
  if (r.role !== undefined && roles.length > 0 && !roles.includes(r.role)) {
    diagnostics.push(
      createDiagnostic('assessment-unknown-role', { role: r.role, respondent: r.id }, { path: ['respondents', r.id, 'role'] }),
    );
  }
  for (const id of Object.keys(r.answers)) {
    const step = t.stepOf.get(id);
    if (step === undefined || t.nodes[step]?.kind !== 'indicator') {
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

/**
 * One respondent's answers as codes (and the points of direct indicators). An invalid answer (not a value of
 * the scale, or N/A where the scale has none) is coded as such and reported, where the respondent's role
 * answers the indicator: an answer nobody asked for is not scored, so it is not judged.
 */
function codeAnswers(
  t: ScoringTables,
  store: RowStore,
  r: Respondent,
  role: number,
  codes: Uint8Array,
  values: Float64Array,
  diagnostics: Diagnostic[],
  register: boolean,
): void {
  const ind = t.indicators;
  const invalid = (k: number, reason: string) => {
    if (ind.anyRole[k] === 0 && role !== ROLE.none && ind.roleMask[k * 256 + role] === 0) return;
    const id = ind.ids[k] as string;
    diagnostics.push(
      createDiagnostic(
        'assessment-invalid-answer',
        { id, respondent: r.id, reason },
        { path: ['respondents', r.id, 'answers', id] },
      ),
    );
  };
  for (let k = 0; k < ind.count; k++) {
    const answer = answerOf(ownValue(r.answers, ind.ids[k] as string) as Answer | undefined);
    codes[k] = CODE.missing;
    if (ind.fact[k] === 1 && !register) {
      if (answer.value !== undefined && answer.value !== null && answer.value !== '')
        factAnswered(ind.ids[k] as string, r, diagnostics);
      continue;
    }
    const evidence = (answer.evidence?.length ?? 0) > 0 ? CODE.evidence : 0;
    let code: number = CODE.missing;
    if (answer.na) {
      code = CODE.notApplicable | evidence;
      if (ind.naAllowed[k] === 0) invalid(k, NO_NOT_APPLICABLE);
    } else if (answer.value !== undefined && answer.value !== null && answer.value !== '') {
      const read = answerPoints(ind.scale[k] as NonNullable<(typeof ind.scale)[number]>, answer.value);
      if ('invalid' in read) {
        code = CODE.invalid | evidence;
        invalid(k, read.invalid);
      } else if (ind.direct[k] === 1) {
        code = CODE.value | evidence;
        values[store.directColumn[k] as number] = read.points;
      } else code = codeOfPoints(t, k, read.points) | evidence;
    }
    codes[k] = code;
  }
}

/** The register's row: the facts as answers with evidence, the file they came from. */
export function registerRow(
  t: ScoringTables,
  store: RowStore,
  subject: number,
  register: RegisterFacts,
  codes: Uint8Array,
  values: Float64Array,
): number {
  const answers: Record<string, AnswerInput> = {};
  for (const [id, value] of Object.entries(register.answers)) answers[id] = { value, evidence: [REGISTER] };
  codeAnswers(t, store, { id: REGISTER, answers }, ROLE.none, codes, values, [], true);
  return store.add(subject, ROLE.none, codes, values);
}

const REGISTER = 'subjects file';

const factAnswered = (id: string, r: Respondent, diagnostics: Diagnostic[]) =>
  diagnostics.push(
    createDiagnostic('assessment-fact-answered', { id, respondent: r.id }, { path: ['respondents', r.id, 'answers', id] }),
  );

/** A warning for each fact the subject lacks: its indicator is missing, never zero. */
export const missingFacts = (subject: string, register: RegisterFacts): Diagnostic[] =>
  register.missing.map(({ indicator, reason }) =>
    createDiagnostic('fact-missing', { indicator, subject, reason }, { path: ['facts', indicator] }),
  );
