import { resolve } from 'node:path';
import { type InvalidAnswerPolicy, validateAssessment } from '../../assessment/json-schema.js';
import type { Assessment } from '../../assessment/model.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { locateDocumentDiagnostics, type ReadDocumentsOptions } from '../../node/read-documents.js';
import type { CompiledRubric } from '../../rubric/compile.js';
import { type CliIo, EXIT } from '../io.js';
import { eachItem } from './documents.js';

/**
 * Reads assessment files (each one assessment, a list, or one per line) item by item, validating each against
 * the rubric with the `--invalid` policy (reject-row by default, as for exports). Diagnostics come at their
 * line and column.
 */
export async function readAssessments(
  rubric: CompiledRubric,
  files: readonly string[],
  io: CliIo,
  options: { invalid?: InvalidAnswerPolicy } & ReadDocumentsOptions = {},
): Promise<{ assessments: Assessment[]; rejected: number; diagnostics: Diagnostic[] } | number> {
  const { maxBytes, ...policy } = options;
  const bound = maxBytes === undefined ? {} : { maxBytes };
  const assessments: Assessment[] = [];
  const diagnostics: Diagnostic[] = [];
  let rejected = 0;
  for (const file of files) {
    const found: Diagnostic[] = [];
    let i = 0;
    const read = await eachItem(file, io, bound, (item) => {
      const result = validateAssessment(rubric, item, { file, ...policy });
      if (result.ok) assessments.push(result.assessment);
      else rejected++;
      const index = i++;
      found.push(...result.diagnostics.map((d) => ({ ...d, path: [index, ...d.path] })));
    });
    if (!read) return EXIT.usage;
    diagnostics.push(...(await locateDocumentDiagnostics(resolve(io.cwd, file), found, bound)));
  }
  return { assessments, rejected, diagnostics };
}
