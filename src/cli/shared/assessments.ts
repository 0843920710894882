import { resolve } from 'node:path';
import { type InvalidAnswerPolicy, validateAssessment } from '../../assessment/json-schema.js';
import type { Assessment } from '../../assessment/model.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { type DocumentItems, readDocumentItems } from '../../node/read-documents.js';
import type { CompiledRubric } from '../../rubric/compile.js';
import { type CliIo, EXIT } from '../io.js';
import { ioMessage } from './io-message.js';

/**
 * Reads assessment files (each one assessment, a list, or one per line), validating each against the rubric
 * with the `--invalid` policy (reject-row by default, as for exports). Diagnostics come at their line and column.
 */
export async function readAssessments(
  rubric: CompiledRubric,
  files: readonly string[],
  io: CliIo,
  options: { invalid?: InvalidAnswerPolicy } = {},
): Promise<{ assessments: Assessment[]; rejected: number; diagnostics: Diagnostic[] } | number> {
  const assessments: Assessment[] = [];
  const diagnostics: Diagnostic[] = [];
  let rejected = 0;
  for (const file of files) {
    let read: DocumentItems;
    try {
      read = await readDocumentItems(resolve(io.cwd, file));
    } catch (error) {
      io.stderr(
        `mahvan: cannot read ${file}: ${error instanceof SyntaxError ? `not valid JSON (${error.message})` : ioMessage(error)}\n`,
      );
      return EXIT.usage;
    }
    read.items.forEach((item, i) => {
      const result = validateAssessment(rubric, item, { file, ...options });
      if (result.ok) assessments.push(result.assessment);
      else rejected++;
      diagnostics.push(...result.diagnostics.map((d) => read.locate({ ...d, path: [i, ...d.path] })));
    });
  }
  return { assessments, rejected, diagnostics };
}
