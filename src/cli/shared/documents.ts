import { resolve } from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { formatDiagnostic } from '../../diagnostics/format.js';
import { type DocumentItems, readDocumentItems } from '../../node/read-documents.js';
import { readRecommendations } from '../../policy/document.js';
import type { Recommendation } from '../../policy/model.js';
import type { CompiledRubric } from '../../rubric/compile.js';
import type { DocumentReading } from '../../schema/documents.js';
import type { Profile } from '../../score/profile.js';
import { readProfiles } from '../../score/read-profiles.js';
import { type CliIo, EXIT } from '../io.js';
import { ioMessage } from './io-message.js';

/** The items of a JSON (or NDJSON) file, or the exit code to stop with (it could not be read, or is not JSON). */
async function itemsOf(file: string, io: CliIo): Promise<DocumentItems | number> {
  try {
    return await readDocumentItems(resolve(io.cwd, file));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `not JSON (${error.message})` : ioMessage(error);
    io.stderr(`mahvan: cannot read ${file}: ${reason}\n`);
    return EXIT.usage;
  }
}

/** What a reading's problems mean for a command: each printed at its line and column; any error stops it (exit 1). */
function settle<T>(reading: DocumentReading<T>, items: DocumentItems, io: CliIo): T[] | number {
  for (const d of reading.diagnostics as Diagnostic[]) io.stderr(`${formatDiagnostic(items.locate(d), { hints: true })}\n`);
  return reading.ok ? reading.items : EXIT.errors;
}

/**
 * Profiles read back from a file `mahvan score` wrote, checked against the rubric (an earlier wave's may come
 * from another version of it: `anyVersion`); or the exit code to stop with.
 */
export async function profilesFor(
  file: string,
  rubric: CompiledRubric,
  io: CliIo,
  options: { anyVersion?: boolean } = {},
): Promise<Profile[] | number> {
  const items = await itemsOf(file, io);
  return typeof items === 'number' ? items : settle(readProfiles(items.items, rubric, { file, ...options }), items, io);
}

/** Recommendations read back from a file `mahvan recommend` wrote, for the policy given; or the exit code. */
export async function recommendationsFor(
  file: string,
  policy: { id: string } | undefined,
  io: CliIo,
): Promise<Recommendation[] | number> {
  const items = await itemsOf(file, io);
  return typeof items === 'number' ? items : settle(readRecommendations(items.items, policy, { file }), items, io);
}
