import type { Subject } from '../assessment/model.js';
import { buildProfile } from '../score/build-profile.js';
import { createEngine, nodeArrays } from '../score/engine.js';
import type { Profile } from '../score/profile.js';
import { respondentPoints } from '../score/respondent-points.js';
import type { NodeArrays } from '../score/rules.js';
import { scoreValidation, splitValidators } from '../score/validation.js';
import type { ExportData, ExportSubject, SubjectDetail } from './collect.js';

/**
 * Scores every subject of a read export in order, handing each over as soon as it is scored: its nodes at
 * [at + step] of `out`. With `keep`, every subject has its own place in one set of arrays (`at` = its index ×
 * steps), for a caller that keeps them all; without it, one subject's arrays are reused for the next, so memory
 * does not grow with subjects.
 */
export function scoreExport(
  data: ExportData,
  each: (subject: ExportSubject, out: NodeArrays, at: number) => void,
  options: { keep?: boolean } = {},
): NodeArrays {
  const scorer = exportScorer(data, options);
  for (let i = 0; i < data.count; i++) each(scorer.score(i), scorer.out, scorer.at(i));
  return scorer.out;
}

/** Scores a read export's subjects one at a time, as asked: for a loop that may pause between them. */
export interface ExportScorer {
  /** The arrays subjects are scored into (see scoreExport). */
  readonly out: NodeArrays;
  /** Where subject i's nodes start in `out`. */
  at(i: number): number;
  /** Scores subject i (in the export's order) into `out`, and gives it. */
  score(i: number): ExportSubject;
}

export function exportScorer(data: ExportData, options: { keep?: boolean } = {}): ExportScorer {
  const engine = createEngine(data.tables);
  const steps = data.tables.ids.length;
  const out = nodeArrays(data.tables, options.keep ? data.count : 1);
  const scratch = data.tables.policy.validators ? nodeArrays(data.tables) : undefined;
  const at = (i: number) => (options.keep ? i * steps : 0);
  return {
    out,
    at,
    score(i) {
      const subject = data.subject(i);
      if (!scratch) {
        engine.score(data.store, scoredRows(subject, subject.rows), out, at(i));
        return subject;
      }
      // validators' rows are scored apart, before the self-assessment's take the engine's arrays
      const { self, validators } = splitValidators(data.tables, data.store, subject.rows);
      const validation = validators ? scoreValidation(engine, data.store, validators, scratch) : undefined;
      engine.score(data.store, scoredRows(subject, self), out, at(i));
      return validation ? { ...subject, validation } : subject;
    },
  };
}

/** A subject's self-assessment rows and, when the register gives it facts, the register's row. */
function scoredRows(subject: ExportSubject, self: Int32Array): Int32Array {
  if (subject.register === undefined) return self;
  const rows = new Int32Array(self.length + 1);
  rows.set(self);
  rows[self.length] = subject.register;
  return rows;
}

/** How many respondents a scored subject's self-assessment has (its validators apart). */
export const respondentsOf = (subject: ExportSubject) => subject.rows.length - (subject.validation?.respondents ?? 0);

/** Who a subject is, as its profile says: its id, and its name and attributes when it has them. */
export function subjectOf(subject: SubjectDetail): Subject {
  return {
    id: subject.id,
    ...(subject.name ? { name: subject.name } : {}),
    ...(Object.keys(subject.attributes).length ? { attributes: subject.attributes } : {}),
  };
}

/** A subject's profile, from its scores: its respondents' answers listed in the order of their ids. */
export function exportProfile(data: ExportData, subject: ExportSubject, out: NodeArrays, at: number): Profile {
  const answers = Array.from(data.byRespondent(subject), (row) =>
    respondentPoints(data.tables, data.store, row, data.respondent(row), data.role(row)),
  );
  return buildProfile(data.tables, out, at, {
    subject: subjectOf(subject),
    ...(subject.wave === undefined ? {} : { wave: subject.wave }),
    respondents: respondentsOf(subject),
    answers,
    diagnostics: [],
    ...(subject.facts ? { facts: subject.facts } : {}),
    ...(subject.validation ? { validation: subject.validation } : {}),
  });
}

/** Every subject's profile. */
export function exportProfiles(data: ExportData): Profile[] {
  const profiles: Profile[] = [];
  scoreExport(data, (subject, out, at) => profiles.push(exportProfile(data, subject, out, at)));
  return profiles;
}
