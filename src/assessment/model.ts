/** What a respondent can answer: a scale value, yes/no, the ids of checked options, or nothing. */
export type AnswerValue = number | boolean | string | readonly string[];

/** One answer with its context. A bare value is shorthand for `{ value }`. */
export interface AnswerInput {
  value?: AnswerValue | null;
  /** The respondent marked the indicator "not applicable". */
  na?: boolean;
  /** References to supporting documents (plans, reports, data sets). */
  evidence?: readonly string[];
  comment?: string;
}

export type Answer = AnswerValue | null | AnswerInput;

/** One person who answered, with their role and answers by indicator id. */
export interface Respondent {
  id: string;
  role?: string;
  answers: Readonly<Record<string, Answer>>;
}

/** The subject assessed: a local authority, a team, an organisation. */
export interface Subject {
  id: string;
  name?: string;
  /** Facts used for peer groups and rules: type, socio-economic cluster, sector, regional cluster… */
  attributes?: Readonly<Record<string, string | number | boolean>>;
}

/** One self-assessment of one subject in one wave. */
export interface Assessment {
  subject: Subject;
  /** The period or wave, e.g. "2026". */
  wave?: string;
  /** Targets for this subject, overriding the rubric's: a score or a profile-level id, by node id. */
  targets?: Readonly<Record<string, number | string>>;
  respondents: readonly Respondent[];
}

/** An answer in its long form. */
export function answerOf(answer: Answer | undefined): AnswerInput {
  if (answer === undefined || answer === null) return {};
  if (typeof answer === 'object' && !Array.isArray(answer)) return answer as AnswerInput;
  return { value: answer as AnswerValue };
}
