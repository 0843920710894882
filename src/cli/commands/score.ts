import { resolve } from 'node:path';
import { validateAssessment } from '../../assessment/json-schema.js';
import type { Assessment } from '../../assessment/model.js';
import { BatchCapacityError } from '../../batch/scorer.js';
import { summarizeCohort } from '../../cohort/summarize.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { formatDiagnostic } from '../../diagnostics/format.js';
import type { Encoding } from '../../exports/decode.js';
import { defaultMapping, loadMapping, type Mapping } from '../../exports/mapping.js';
import type { Preset } from '../../exports/mapping-schema.js';
import type { RowAccount } from '../../exports/read-export.js';
import {
  loadRubricFile,
  type ReadExportFileOptions,
  readExportFile,
  readExportFileBatch,
  readTextFile,
  writeFileAtomic,
  writeFileInPieces,
} from '../../node/index.js';
import { CsvBytes } from '../../report/csv-numbers.js';
import { batchColumns, batchTable, csvLine, profileTable, type Table, tableCsv } from '../../report/tables.js';
import type { CompiledRubric } from '../../rubric/compile.js';
import { planScoring } from '../../score/plan.js';
import type { Profile } from '../../score/profile.js';
import { scoreAssessment } from '../../score/score-assessment.js';
import { type CliIo, EXIT } from '../io.js';
import { ioMessage } from './validate.js';

/** A rubric loaded for a command, or the exit code to stop with. */
export async function rubricFor(file: string, io: CliIo): Promise<CompiledRubric | number> {
  try {
    const result = await loadRubricFile(resolve(io.cwd, file), { file });
    for (const d of result.diagnostics) io.stderr(`${formatDiagnostic(d, { hints: true })}\n`);
    return result.ok ? result.rubric : EXIT.errors;
  } catch (error) {
    io.stderr(`mahvan: cannot read ${file}: ${ioMessage(error)}\n`);
    return EXIT.usage;
  }
}

/**
 * The locale of a command's output: the one asked for when the rubric has texts in it (or declares fallbacks
 * for it), its default when none is asked for, or the exit code to stop with. Any other tag would silently show
 * the default language.
 */
export function localeFor(asked: string | undefined, rubric: CompiledRubric, io: CliIo): string | number {
  const { locales, defaultLocale, fallbacks } = rubric.rubric;
  if (asked === undefined) return defaultLocale;
  if (locales.includes(asked) || Object.hasOwn(fallbacks, asked)) return asked;
  io.stderr(
    `mahvan: --locale ${asked}: the rubric's texts are in ${locales.join(', ')}; use one of them, or declare fallbacks for '${asked}' in the rubric\n`,
  );
  return EXIT.usage;
}

/** Reads assessment files (each one assessment or a list), validating each against the rubric. */
export async function readAssessments(
  rubric: CompiledRubric,
  files: readonly string[],
  io: CliIo,
): Promise<{ assessments: Assessment[]; rejected: number; diagnostics: Diagnostic[] } | number> {
  const assessments: Assessment[] = [];
  const diagnostics: Diagnostic[] = [];
  let rejected = 0;
  for (const file of files) {
    let data: unknown;
    try {
      data = JSON.parse(await readTextFile(resolve(io.cwd, file)));
    } catch (error) {
      io.stderr(
        `mahvan: cannot read ${file}: ${error instanceof SyntaxError ? `not valid JSON (${error.message})` : ioMessage(error)}\n`,
      );
      return EXIT.usage;
    }
    const items = Array.isArray(data) ? data : [data];
    items.forEach((item, i) => {
      const result = validateAssessment(rubric, item, { file });
      if (result.ok) assessments.push(result.assessment);
      else {
        rejected++;
        const prefix = Array.isArray(data) ? [i] : [];
        diagnostics.push(...result.diagnostics.map((d) => ({ ...d, path: [...prefix, ...d.path] })));
      }
    });
  }
  return { assessments, rejected, diagnostics };
}

/** Options of `mahvan score`. */
export interface ScoreCommandOptions {
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
  format?: 'json' | 'csv';
  maxRows?: number;
}

/**
 * Says why the outputs cannot be written as named: one names an input (it would be replaced before or while
 * it is read) or both outputs name one file (the second would replace the first). Paths are compared
 * resolved, as written: a link to an input is not followed.
 */
export function outputClash(
  cwd: string,
  outputs: Readonly<Record<string, string | undefined>>,
  inputs: readonly (string | undefined)[],
): string | undefined {
  const named = Object.entries(outputs).filter((e): e is [string, string] => e[1] !== undefined);
  for (const [option, file] of named) {
    const input = inputs.find((i) => i !== undefined && resolve(cwd, i) === resolve(cwd, file));
    if (input !== undefined) return `${option} ${file} is also an input; write the output to another file`;
  }
  for (let i = 1; i < named.length; i++) {
    const [option, file] = named[i] as [string, string];
    const earlier = named.slice(0, i).find(([, f]) => resolve(cwd, f) === resolve(cwd, file));
    if (earlier) return `${earlier[0]} and ${option} both name ${file}; give each output its own file`;
  }
  return undefined;
}

/** Writes `text` to `file` (atomically), or reports why not; true when written. */
export async function writeOutput(file: string, text: string, io: CliIo): Promise<boolean> {
  try {
    await writeFileAtomic(resolve(io.cwd, file), text);
    return true;
  } catch (error) {
    io.stderr(`mahvan: cannot write ${file}: ${ioMessage(error)}\n`);
    return false;
  }
}

/** Reads survey exports (CSV or XLSX) into assessments through a mapping, printing each file's row account. */
export async function readExports(
  rubric: CompiledRubric,
  files: readonly string[],
  options: ScoreCommandOptions,
  io: CliIo,
): Promise<{ assessments: Assessment[]; rejected: number; failed: boolean } | number> {
  const read = await readEach(rubric, files, options, io, readExportFile);
  if (typeof read === 'number') return read;
  return { assessments: read.readings.flatMap((r) => r.assessments), rejected: read.rejected, failed: read.failed };
}

/** The mapping of a score command: the file given, or the preset's defaults. */
async function mappingFor(options: ScoreCommandOptions, io: CliIo): Promise<Mapping | number> {
  let mapping: Mapping = defaultMapping(options.preset);
  if (options.mapping) {
    let text: string;
    try {
      text = await readTextFile(resolve(io.cwd, options.mapping));
    } catch (error) {
      io.stderr(`mahvan: cannot read ${options.mapping}: ${ioMessage(error)}\n`);
      return EXIT.usage;
    }
    const loaded = loadMapping(text, { file: options.mapping });
    for (const d of loaded.diagnostics) io.stderr(`${formatDiagnostic(d, { hints: true })}\n`);
    if (!loaded.ok) return EXIT.errors;
    mapping = options.preset ? { ...loaded.mapping, preset: options.preset } : loaded.mapping;
  }
  return mapping;
}

/** Reads each export with `reader`, printing its diagnostics and row account. */
async function readEach<
  R extends { diagnostics: Diagnostic[]; account: RowAccount; ok: boolean; decoded?: { encoding: string } },
>(
  rubric: CompiledRubric,
  files: readonly string[],
  options: ScoreCommandOptions,
  io: CliIo,
  reader: (path: string, rubric: CompiledRubric, mapping: Mapping, options: ReadExportFileOptions) => Promise<R>,
): Promise<{ readings: R[]; rejected: number; failed: boolean } | number> {
  const mapping = await mappingFor(options, io);
  if (typeof mapping === 'number') return mapping;
  const readings: R[] = [];
  let rejected = 0;
  let failed = false;
  for (const file of files) {
    let reading: R;
    try {
      reading = await reader(resolve(io.cwd, file), rubric, mapping, {
        file,
        ...(options.encoding ? { encoding: options.encoding } : {}),
        ...(options.sheet ? { sheet: options.sheet } : {}),
        ...(options.headerRows ? { headerRows: options.headerRows } : {}),
        ...(options.duplicates ? { duplicates: options.duplicates } : {}),
        ...(options.invalid ? { invalid: options.invalid } : {}),
        ...(options.maxRows ? { maxRows: options.maxRows } : {}),
      });
    } catch (error) {
      // the batch path's limit: the caller scores one subject at a time instead
      if (error instanceof BatchCapacityError) throw error;
      io.stderr(`mahvan: cannot read ${file}: ${ioMessage(error)}\n`);
      return EXIT.usage;
    }
    for (const d of reading.diagnostics)
      io.stderr(`${formatDiagnostic(d, { hints: d.severity === 'error' && !d.code.startsWith('row-') })}\n`);
    const a = reading.account;
    const encoding = reading.decoded ? ` (${reading.decoded.encoding})` : '';
    io.stderr(`${file}: ${a.rows} rows: ${a.scored} scored, ${a.rejected} rejected, ${a.skipped} skipped${encoding}\n`);
    // a file cut off, or longer than the row limit, was not read whole: like an unreadable one, an error
    if (!reading.ok || reading.diagnostics.some((d) => d.code === 'export-truncated' || d.code === 'export-too-many-rows'))
      failed = true;
    rejected += a.rejected;
    readings.push(reading);
  }
  return { readings, rejected, failed };
}

/**
 * `score --format csv` on exports only: rows go straight into the batch scorer, a few bytes each, and the
 * profiles come out as one table row per subject; large exports score in seconds and constant memory per row.
 */
async function scoreExportsToTable(
  rubric: CompiledRubric,
  files: readonly string[],
  options: ScoreCommandOptions,
  io: CliIo,
): Promise<number> {
  if (files.length === 1 && options.output) return streamExportToTable(rubric, files[0] as string, options.output, options, io);
  const read = await readEach(rubric, files, options, io, readExportFileBatch);
  if (typeof read === 'number') return read;
  const tables = read.readings.map((r) => batchTable(rubric, r));
  const table = mergeTables(tables);
  const text = tableCsv(table);
  if (options.output) {
    if (!(await writeOutput(options.output, text, io))) return EXIT.usage;
  } else io.stdout(text);
  io.stderr(`${table.rows.length} profiles written${options.output ? ` to ${options.output}` : ''}\n`);
  if (read.failed) return EXIT.errors;
  return options.strict && read.rejected > 0 ? EXIT.errors : EXIT.ok;
}

const isJson = (file: string) => file.toLowerCase().endsWith('.json');

/** `mahvan score --rubric R inputs...`: scores survey exports and assessment JSON files, writing profiles as JSON. */
export async function scoreCommand(files: readonly string[], options: ScoreCommandOptions, io: CliIo): Promise<number> {
  const clash = outputClash(io.cwd, { '-o': options.output, '--cohort': options.cohort }, [
    options.rubric,
    options.mapping,
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
  const rubric = await rubricFor(options.rubric, io);
  if (typeof rubric === 'number') return rubric;
  if (options.format === 'csv' && !files.some(isJson) && !options.cohort) {
    try {
      return await scoreExportsToTable(rubric, files, options, io);
    } catch (error) {
      if (!(error instanceof BatchCapacityError)) throw error;
      io.stderr(`mahvan: ${error.message}; scoring one subject at a time instead\n`);
    }
  }
  const read = await readAssessments(rubric, files.filter(isJson), io);
  if (typeof read === 'number') return read;
  for (const d of read.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  const exportFiles = files.filter((f) => !isJson(f));
  const exported = exportFiles.length
    ? await readExports(rubric, exportFiles, options, io)
    : { assessments: [], rejected: 0, failed: false };
  if (typeof exported === 'number') return exported;
  const assessments = [...read.assessments, ...exported.assessments];
  // profiles are kept only for a table or a cohort summary; as JSON each is written as it is scored, since a
  // large export's profiles with their traces outgrow memory and the longest string a runtime can hold
  const profiles: Profile[] = [];
  const writeProfiles = (write: (text: string) => void) => {
    if (options.format === 'csv') {
      profiles.push(...assessments.map((a) => scoreAssessment(rubric, a)));
      return write(tableCsv(profileTable(rubric, profiles)));
    }
    assessments.forEach((a, i) => {
      const profile = scoreAssessment(rubric, a);
      if (options.cohort) profiles.push(profile);
      write(`${i === 0 ? '[\n' : ',\n'}${jsonElement(profile)}`);
    });
    write(assessments.length === 0 ? '[]\n' : '\n]\n');
  };
  if (options.output) {
    try {
      await writeFileInPieces(resolve(io.cwd, options.output), writeProfiles);
    } catch (error) {
      io.stderr(`mahvan: cannot write ${options.output}: ${ioMessage(error)}\n`);
      return EXIT.usage;
    }
  } else writeProfiles(io.stdout);
  if (options.cohort) {
    const summary = summarizeCohort(rubric, profiles);
    if (!(await writeOutput(options.cohort, `${JSON.stringify(summary, null, 2)}\n`, io))) return EXIT.usage;
    io.stderr(`cohort summary of ${summary.subjects} subjects written to ${options.cohort}\n`);
  }
  if (read.rejected > 0 || files.some(isJson)) {
    io.stderr(
      `${read.assessments.length + read.rejected} assessments: ${read.assessments.length} scored, ${read.rejected} rejected\n`,
    );
  }
  io.stderr(`${assessments.length} profiles written${options.output ? ` to ${options.output}` : ''}\n`);
  if (exported.failed) return EXIT.errors;
  if (read.rejected > 0) return EXIT.errors;
  return options.strict && exported.rejected > 0 ? EXIT.errors : EXIT.ok;
}

/** A value as an element of a list that `JSON.stringify(list, null, 2)` writes: its lines indented by two. */
const jsonElement = (value: unknown) => `  ${JSON.stringify(value, null, 2).replaceAll('\n', '\n  ')}`;

/** Tables with the union of their columns, rows sorted by subject (as profileTable sorts them). */
function mergeTables(tables: readonly Table[]): Table {
  if (tables.length === 1) return tables[0] as Table;
  const columns = [...new Set(tables.flatMap((t) => t.columns))];
  const rows = tables.flatMap((t) => t.rows.map((r) => columns.map((c) => r[t.columns.indexOf(c)] ?? null)));
  rows.sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0));
  return { columns, rows };
}

/**
 * One export to a CSV file, each subject's row written as soon as it is scored and then forgotten, through a
 * temporary file renamed at the end: memory holds the rows' answer codes, never the profiles.
 */
async function streamExportToTable(
  rubric: CompiledRubric,
  file: string,
  output: string,
  options: ScoreCommandOptions,
  io: CliIo,
): Promise<number> {
  const out = new CsvBytes();
  let written = 0;
  let writeLine: ReturnType<typeof batchColumns>['writeLine'] | undefined;
  try {
    const read = await writeFileInPieces(
      resolve(io.cwd, output),
      async (write) => {
        const flush = (force = false) => {
          if (force || out.length > 1 << 20) {
            write(out.bytes.subarray(0, out.length));
            out.clear();
          }
        };
        const read = await readEach(rubric, [file], options, io, (p, r, m, o) =>
          readExportFileBatch(p, r, m, {
            ...o,
            begin: ({ described }) => {
              const table = batchColumns(rubric, described, planNodes(rubric));
              writeLine = table.writeLine;
              out.text(`\ufeff${csvLine(table.columns)}`);
            },
            each: (subject, scores) => {
              (writeLine as NonNullable<typeof writeLine>)(out, subject, scores);
              written++;
              flush();
            },
          }),
        );
        flush(true);
        return read;
      },
      // an export that cannot be read leaves no table
      (read) => typeof read !== 'number',
    );
    if (typeof read === 'number') return read;
    io.stderr(`${written} profiles written to ${output}\n`);
    if (read.failed) return EXIT.errors;
    return options.strict && read.rejected > 0 ? EXIT.errors : EXIT.ok;
  } catch (error) {
    if (error instanceof BatchCapacityError) throw error;
    io.stderr(`mahvan: cannot write ${output}: ${ioMessage(error)}\n`);
    return EXIT.usage;
  }
}

/** Node ids in plan order, as batch scores list them. */
const planNodes = (rubric: CompiledRubric) => planScoring(rubric).steps.map((s) => s.id);
