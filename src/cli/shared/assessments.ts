import { resolve } from 'node:path';
import { validateAssessment } from '../../assessment/json-schema.js';
import type { Assessment } from '../../assessment/model.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { readTextFile } from '../../node/files.js';
import type { CompiledRubric } from '../../rubric/compile.js';
import { type CliIo, EXIT } from '../io.js';
import { ioMessage } from './io-message.js';

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
