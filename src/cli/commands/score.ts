import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { validateAssessment } from '../../assessment/json-schema.js';
import type { Assessment } from '../../assessment/model.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { formatDiagnostic } from '../../diagnostics/format.js';
import { loadRubricFile, readTextFile } from '../../node/index.js';
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

/** `mahvan score --rubric R assessment.json...`: writes the profiles as JSON. */
export async function scoreCommand(
  files: readonly string[],
  options: { rubric: string; output?: string },
  io: CliIo,
): Promise<number> {
  const rubric = await rubricFor(options.rubric, io);
  if (typeof rubric === 'number') return rubric;
  const read = await readAssessments(rubric, files, io);
  if (typeof read === 'number') return read;
  for (const d of read.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  const profiles: Profile[] = read.assessments.map((a) => scoreAssessment(rubric, a));
  const json = `${JSON.stringify(profiles, null, 2)}\n`;
  if (options.output) {
    try {
      await writeFile(resolve(io.cwd, options.output), json);
    } catch (error) {
      io.stderr(`mahvan: cannot write ${options.output}: ${ioMessage(error)}\n`);
      return EXIT.usage;
    }
  } else io.stdout(json);
  io.stderr(`${profiles.length + read.rejected} assessments: ${profiles.length} scored, ${read.rejected} rejected\n`);
  return read.rejected > 0 ? EXIT.errors : EXIT.ok;
}
