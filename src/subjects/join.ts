import type { AnswerInput, Assessment, Subject } from '../assessment/model.js';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { AttributeValue } from '../exports/attribute-values.js';
import type { ExportData, ExportSubject } from '../exports/collect.js';
import type { CompiledRubric } from '../rubric/compile.js';
import { missingFacts, registerRow } from '../score/score-assessment.js';
import { NO_FACTS, type RegisterFacts, registerFacts } from './facts.js';
import { joinKey, type SubjectRecord, type SubjectsData } from './read.js';

/** How many ids a diagnostic lists before it says "and N more". */
const LISTED = 20;

/** A subject as the register completes it: attributes (the register's win), a name, and its facts. */
export interface JoinedSubject {
  subject: Subject;
  register: RegisterFacts;
  record?: SubjectRecord;
  diagnostics: Diagnostic[];
}

/**
 * Joins one assessed subject to its row of the subjects file: the register's values over the respondents'
 * (a conflict is reported, naming both), its name where the survey has none, and the answers of its facts.
 */
export function joinSubject(compiled: CompiledRubric, subjects: SubjectsData, subject: Subject, wave?: string): JoinedSubject {
  const record = subjects.records.get(joinKey(subject.id, subjects.period?.kind === 'wave' ? wave : undefined));
  const register = hasFacts(compiled) ? registerFacts(compiled, record, subjects.file) : NO_FACTS;
  const diagnostics = record ? missingFacts(subject.id, register) : [];
  if (!record) return { subject, register, diagnostics };
  const attributes: Record<string, AttributeValue> = {};
  for (const id of attributeOrder(compiled, subject, record)) {
    const survey = subject.attributes?.[id];
    const value = record.values[id] ?? survey;
    if (survey !== undefined && value !== survey)
      diagnostics.push(conflict(subject.id, id, survey, value as AttributeValue, record, subjects.file));
    if (value !== undefined) attributes[id] = value;
  }
  const name = subject.name ?? record.name;
  const joined: Subject = {
    id: subject.id,
    ...(name === undefined ? {} : { name }),
    ...(Object.keys(attributes).length ? { attributes } : {}),
  };
  return { subject: joined, register, record, diagnostics };
}

/** The attributes of a joined subject in the rubric's order, then any the rubric does not declare. */
const attributeOrder = (compiled: CompiledRubric, subject: Subject, record: SubjectRecord) => [
  ...new Set([
    ...compiled.rubric.attributes.map((a) => a.id),
    ...Object.keys(subject.attributes ?? {}),
    ...Object.keys(record.values),
  ]),
];

const hasFacts = (compiled: CompiledRubric) => compiled.indicators.some((i) => i.fact !== undefined);

function conflict(
  subject: string,
  attribute: string,
  survey: AttributeValue,
  register: AttributeValue,
  record: SubjectRecord,
  file?: string,
): Diagnostic {
  const { cell } = record.cells[attribute] as { cell: string };
  const params = {
    subject,
    attribute,
    survey: String(survey),
    register: String(register),
    cell: file ? `${file} ${cell}` : cell,
  };
  return createDiagnostic('subjects-conflict', params, { path: ['subjects', subject, attribute], ...(file ? { file } : {}) });
}

/** The join's account: who is assessed but not in the file, who is in the file but never assessed. */
export function joinAccount(subjects: SubjectsData, joined: Iterable<{ id: string; wave?: string }>): Diagnostic[] {
  const byWave = subjects.period?.kind === 'wave';
  const seen = new Set<string>();
  const missing: string[] = [];
  for (const { id, wave } of joined) {
    const key = joinKey(id, byWave ? wave : undefined);
    if (subjects.records.has(key)) seen.add(key);
    else missing.push(wave !== undefined && byWave ? `${id} (${wave})` : id);
  }
  const never = [...subjects.records.entries()]
    .filter(([key]) => !seen.has(key))
    .map(([, r]) => (r.period && byWave ? `${r.id} (${r.period})` : r.id));
  const place = { path: [], ...(subjects.file ? { file: subjects.file } : {}) };
  const listed = (ids: string[]) => ids.slice(0, LISTED);
  return [
    ...(missing.length ? [createDiagnostic('subjects-not-in-file', { count: missing.length, ids: listed(missing) }, place)] : []),
    ...(never.length
      ? [createDiagnostic('subjects-not-assessed', { count: never.length, ids: listed(never.sort()) }, place)]
      : []),
  ];
}

/** Assessments joined to the subjects file, each with its register's facts for scoring. */
export function joinAssessments(
  compiled: CompiledRubric,
  assessments: readonly Assessment[],
  subjects: SubjectsData,
): { assessments: Assessment[]; registers: Map<Assessment, RegisterFacts>; diagnostics: Diagnostic[] } {
  const registers = new Map<Assessment, RegisterFacts>();
  const diagnostics: Diagnostic[] = [];
  const out = assessments.map((a) => {
    const joined = joinSubject(compiled, subjects, a.subject, a.wave);
    diagnostics.push(...joined.diagnostics);
    const assessment = { ...a, subject: joined.subject };
    registers.set(assessment, joined.register);
    return assessment;
  });
  return { assessments: out, registers, diagnostics };
}

/**
 * An export joined to the subjects file: each subject completed by its row, and its facts added as one more row
 * of the store (the register's), which only fact-fed indicators read. Everything else is the export's. The
 * join's account (joinAccount) is the caller's: it covers every input of a run.
 */
export function joinExport(data: ExportData, subjects: SubjectsData): { data: ExportData; diagnostics: Diagnostic[] } {
  const compiled = data.tables.compiled;
  const diagnostics: Diagnostic[] = [];
  const codes = new Uint8Array(data.tables.indicators.count);
  const values = new Float64Array(data.store.directs);
  const made: ExportSubject[] = [];
  for (let i = 0; i < data.count; i++) {
    const subject = data.subject(i);
    const joined = joinSubject(
      compiled,
      subjects,
      { id: subject.id, ...(subject.name ? { name: subject.name } : {}), attributes: subject.attributes },
      subject.wave,
    );
    diagnostics.push(...joined.diagnostics);
    const register = Object.keys(joined.register.answers).length
      ? registerRow(data.tables, data.store, subject.index, joined.register, codes, values)
      : undefined;
    made.push({
      ...subject,
      ...(joined.subject.name === undefined ? {} : { name: joined.subject.name }),
      attributes: (joined.subject.attributes ?? {}) as Record<string, AttributeValue>,
      ...(register === undefined ? {} : { register, facts: joined.register.facts }),
    });
  }
  const keys = [
    ...new Set([
      ...data.attributeKeys,
      ...compiled.rubric.attributes.map((a) => a.id).filter((id) => made.some((s) => id in s.attributes)),
    ]),
  ];
  return { data: new JoinedExport(data, made, keys), diagnostics };
}

/** An export whose subjects come completed by the register (see joinExport). */
class JoinedExport implements ExportData {
  constructor(
    private readonly base: ExportData,
    readonly subjects: readonly ExportSubject[],
    readonly attributeKeys: readonly string[],
  ) {}
  get tables() {
    return this.base.tables;
  }
  get store() {
    return this.base.store;
  }
  get count() {
    return this.base.count;
  }
  get account() {
    return this.base.account;
  }
  get diagnostics() {
    return this.base.diagnostics;
  }
  get ok() {
    return this.base.ok;
  }
  subject(i: number): ExportSubject {
    return this.subjects[i] as ExportSubject;
  }
  respondent(row: number): string {
    return this.base.respondent(row);
  }
  role(row: number): string | undefined {
    return this.base.role(row);
  }
  answers(row: number): Record<string, AnswerInput> | undefined {
    return this.base.answers(row);
  }
  byRespondent(subject: ExportSubject): Int32Array {
    return this.base.byRespondent(subject);
  }
}
