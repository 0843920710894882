import { resolve } from 'node:path';
import type { Assessment } from '../../../assessment/model.js';
import { summarizeCohort } from '../../../cohort/summarize.js';
import { formatDiagnostic } from '../../../diagnostics/format.js';
import type { Encoding } from '../../../exports/decode.js';
import type { Mapping } from '../../../exports/mapping.js';
import type { Preset } from '../../../exports/mapping-schema.js';
import { exportProfile, scoreExport } from '../../../exports/score-export.js';
import type { ExportFileData } from '../../../node/read-export-file.js';
import type { CompiledRubric } from '../../../rubric/compile.js';
import type { Profile } from '../../../score/profile.js';
import { scoreAssessment } from '../../../score/score-assessment.js';
import { NO_FACTS } from '../../../subjects/facts.js';
import { joinAccount, joinAssessments, joinExport } from '../../../subjects/join.js';
import { type CliIo, EXIT } from '../../io.js';
import { readAssessments } from '../../shared/assessments.js';
import { type YamlLimitOptions, yamlLimits } from '../../shared/command.js';
import { outputClash, writeOutput } from '../../shared/outputs.js';
import { rubricFor } from '../../shared/rubric.js';
import { readExports } from './read-exports.js';
import { readSubjectsFor } from './read-subjects.js';
import { writeJsonProfiles, writeTable } from './write-profiles.js';

/** Options of `mahvan score`. */
export interface ScoreCommandOptions extends YamlLimitOptions {
  rubric: string;
  output?: string;
  mapping?: string;
  preset?: Preset;
  encoding?: Encoding;
  sheet?: string;
  headerRows?: number;
  duplicates?: Mapping['policies']['duplicates'];
  invalid?: Mapping['policies']['invalid'];
  strict?: boolean;
  cohort?: string;
  format?: 'json' | 'ndjson' | 'csv';
  trace?: boolean;
  maxRows?: number;
  maxRowBytes?: number;
  maxXlsxBytes?: number;
  /** The largest assessment JSON file, in bytes. */
  maxBytes?: number;
  subjects?: string;
  subjectsKey?: string;
  subjectsYear?: string;
}

const isJson = (file: string) => file.toLowerCase().endsWith('.json');

/**
 * `mahvan score --rubric R inputs...`: scores survey exports and assessment JSON files into profiles.
 *
 * ```
 * inputs ──check──────▶ outputs that name an input, an input given twice              → exit 2
 *        ──read───────▶ assessment files (validated); exports (each row accounted for) → diagnostics, row account
 *        ──score──────▶ the engine, subject by subject                                 (scoreExport, scoreAssessment)
 *        ──write──────▶ JSON or NDJSON profiles, or a CSV table, as each is scored; a cohort summary
 * ```
 */
export async function scoreCommand(files: readonly string[], options: ScoreCommandOptions, io: CliIo): Promise<number> {
  const clash = outputClash(io.cwd, { '-o': options.output, '--cohort': options.cohort }, [
    options.rubric,
    options.mapping,
    options.subjects,
    ...files,
  ]);
  if (clash) {
    io.stderr(`mahvan: ${clash}\n`);
    return EXIT.usage;
  }
  // the same file twice would score every row of it twice
  const twice = files.find((f, i) => files.findIndex((g) => resolve(io.cwd, g) === resolve(io.cwd, f)) !== i);
  if (twice !== undefined) {
    io.stderr(`mahvan: ${twice} is given twice; give each input once\n`);
    return EXIT.usage;
  }
  if (options.trace && options.format === 'csv') {
    io.stderr('mahvan: --trace adds explanations to profiles: use it with --format json or ndjson\n');
    return EXIT.usage;
  }
  const rubric = await rubricFor(options.rubric, io, yamlLimits(options));
  if (typeof rubric === 'number') return rubric;
  const invalid = options.invalid ? { invalid: options.invalid } : {};
  const bound = options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes };
  const read = await readAssessments(rubric, files.filter(isJson), io, { ...invalid, ...bound });
  if (typeof read === 'number') return read;
  for (const d of read.diagnostics) io.stderr(`${formatDiagnostic(d, { hints: true })}\n`);
  const exports = files.filter((f) => !isJson(f));
  const exported = exports.length
    ? await readExports(rubric, exports, options, io)
    : { readings: [], rejected: 0, failed: false };
  if (typeof exported === 'number') return exported;
  // an input not read whole leaves the outputs of an earlier run as they were
  if (exported.failed) {
    const outputs = [options.output, options.cohort].filter((o) => o !== undefined);
    io.stderr(
      `mahvan: no profiles written: an export could not be read whole (above)${outputs.length ? `; ${outputs.join(' and ')} left as they were` : ''}\n`,
    );
    return EXIT.errors;
  }

  // rows read but none scored: no profiles to act on, and no output replaced by an empty one
  const scored = read.assessments.length + exported.readings.reduce((n, r) => n + r.account.scored, 0);
  const rows = read.rejected + exported.readings.reduce((n, r) => n + r.account.rows, 0);
  if (scored === 0 && rows > 0) {
    io.stderr(
      `mahvan: nothing scored: every one of ${rows} rows or documents was rejected or skipped (above); no profiles written\n`,
    );
    return EXIT.errors;
  }

  const joined = await joinSubjects(rubric, read.assessments, exported.readings, options, io);
  if (typeof joined === 'number') return joined;
  const written = await writeProfiles(rubric, joined, options, io);
  if (typeof written === 'number') return written;
  const count = written.written;
  if (options.cohort) {
    const profiles = [...joined.assessments.map(joined.score), ...joined.readings.flatMap(allProfiles)];
    const summary = summarizeCohort(rubric, profiles);
    if (!(await writeOutput(options.cohort, `${JSON.stringify(summary, null, 2)}\n`, io))) return EXIT.usage;
    io.stderr(`cohort summary of ${summary.subjects} subjects written to ${options.cohort}\n`);
  }
  if (read.rejected > 0 || files.some(isJson)) {
    io.stderr(
      `${read.assessments.length + read.rejected} assessments: ${read.assessments.length} scored, ${read.rejected} rejected\n`,
    );
  }
  io.stderr(`${count} profiles written${options.output ? ` to ${options.output}` : ''}\n`);
  if (exported.failed || read.rejected > 0) return EXIT.errors;
  return options.strict && exported.rejected > 0 ? EXIT.errors : EXIT.ok;
}

/** What is scored: assessments (each scored with its register's facts) and exports, joined to the subjects file. */
export interface ScoreInputs {
  assessments: readonly Assessment[];
  score: (assessment: Assessment) => Profile;
  readings: readonly ExportFileData[];
}

/**
 * The inputs joined to the subjects file of `--subjects` (read and accounted for first), with the join's
 * account printed: who is assessed but not in the file, who is in it but never assessed, conflicts.
 */
async function joinSubjects(
  rubric: CompiledRubric,
  assessments: readonly Assessment[],
  readings: readonly ExportFileData[],
  options: ScoreCommandOptions,
  io: CliIo,
): Promise<ScoreInputs | number> {
  if (!options.subjects) return { assessments, score: (a) => scoreAssessment(rubric, a), readings };
  const subjects = await readSubjectsFor(rubric, options.subjects, options, io);
  if (typeof subjects === 'number') return subjects;
  const documents = joinAssessments(rubric, assessments, subjects);
  const exports = readings.map((data) => joinExport(data, subjects));
  const diagnostics = [...documents.diagnostics, ...exports.flatMap((e) => e.diagnostics)];
  const seen = [
    ...documents.assessments.map((a) => ({ id: a.subject.id, ...(a.wave ? { wave: a.wave } : {}) })),
    ...exports.flatMap((e) => e.data.subjects),
  ];
  diagnostics.push(...joinAccount(subjects, seen));
  for (const d of diagnostics)
    io.stderr(`${formatDiagnostic(d, { hints: false })}
`);
  return {
    assessments: documents.assessments,
    score: (a) => scoreAssessment(rubric, a, { register: documents.registers.get(a) ?? NO_FACTS }),
    readings: exports.map((e) => e.data),
  };
}

/** Writes every profile in the format asked for; returns how many, or the exit code to stop with. */
function writeProfiles(
  rubric: CompiledRubric,
  inputs: ScoreInputs,
  options: ScoreCommandOptions,
  io: CliIo,
): Promise<{ written: number } | number> {
  if (options.format === 'csv') return writeTable(rubric, inputs, options.output, io);
  return writeJsonProfiles(
    rubric,
    inputs,
    { format: options.format ?? 'json', trace: options.trace ?? false },
    options.output,
    io,
  );
}

/** Every subject's profile of a read export (for a cohort summary). */
function allProfiles(data: ExportFileData): Profile[] {
  const profiles: Profile[] = [];
  scoreExport(data, (subject, out, at) => profiles.push(exportProfile(data, subject, out, at)));
  return profiles;
}
