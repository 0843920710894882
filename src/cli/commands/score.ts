import { resolve } from 'node:path';
import { validateAssessment } from '../../assessment/json-schema.js';
import type { Assessment } from '../../assessment/model.js';
import { summarizeCohort } from '../../cohort/summarize.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { formatDiagnostic } from '../../diagnostics/format.js';
import type { Encoding } from '../../exports/decode.js';
import { defaultMapping, loadMapping, type Mapping } from '../../exports/mapping.js';
import type { Preset } from '../../exports/mapping-schema.js';
import { loadRubricFile, readExportFile, readTextFile, writeFileAtomic } from '../../node/index.js';
import type { CompiledRubric } from '../../rubric/compile.js';
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
  const assessments: Assessment[] = [];
  let rejected = 0;
  let failed = false;
  for (const file of files) {
    let reading: Awaited<ReturnType<typeof readExportFile>>;
    try {
      reading = await readExportFile(resolve(io.cwd, file), rubric, mapping, {
        file,
        ...(options.encoding ? { encoding: options.encoding } : {}),
        ...(options.sheet ? { sheet: options.sheet } : {}),
        ...(options.headerRows ? { headerRows: options.headerRows } : {}),
        ...(options.duplicates ? { duplicates: options.duplicates } : {}),
        ...(options.invalid ? { invalid: options.invalid } : {}),
      });
    } catch (error) {
      io.stderr(`mahvan: cannot read ${file}: ${ioMessage(error)}\n`);
      return EXIT.usage;
    }
    for (const d of reading.diagnostics)
      io.stderr(`${formatDiagnostic(d, { hints: d.severity === 'error' && !d.code.startsWith('row-') })}\n`);
    const a = reading.account;
    const encoding = reading.decoded ? ` (${reading.decoded.encoding})` : '';
    io.stderr(`${file}: ${a.rows} rows: ${a.scored} scored, ${a.rejected} rejected, ${a.skipped} skipped${encoding}\n`);
    if (!reading.ok) failed = true;
    rejected += a.rejected;
    assessments.push(...reading.assessments);
  }
  return { assessments, rejected, failed };
}

const isJson = (file: string) => file.toLowerCase().endsWith('.json');

/** `mahvan score --rubric R inputs...`: scores survey exports and assessment JSON files, writing profiles as JSON. */
export async function scoreCommand(files: readonly string[], options: ScoreCommandOptions, io: CliIo): Promise<number> {
  const rubric = await rubricFor(options.rubric, io);
  if (typeof rubric === 'number') return rubric;
  const read = await readAssessments(rubric, files.filter(isJson), io);
  if (typeof read === 'number') return read;
  for (const d of read.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  const exportFiles = files.filter((f) => !isJson(f));
  const exported = exportFiles.length
    ? await readExports(rubric, exportFiles, options, io)
    : { assessments: [], rejected: 0, failed: false };
  if (typeof exported === 'number') return exported;
  const profiles: Profile[] = [...read.assessments, ...exported.assessments].map((a) => scoreAssessment(rubric, a));
  const json = `${JSON.stringify(profiles, null, 2)}\n`;
  if (options.output) {
    if (!(await writeOutput(options.output, json, io))) return EXIT.usage;
  } else io.stdout(json);
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
  io.stderr(`${profiles.length} profiles written${options.output ? ` to ${options.output}` : ''}\n`);
  if (exported.failed) return EXIT.errors;
  if (read.rejected > 0) return EXIT.errors;
  return options.strict && exported.rejected > 0 ? EXIT.errors : EXIT.ok;
}
