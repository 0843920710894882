import { resolve } from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { formatDiagnostic } from '../../diagnostics/format.js';
import { locateDocumentDiagnostics, type ReadDocumentsOptions, readDocumentItems } from '../../node/read-documents.js';
import { readRecommendations } from '../../policy/document.js';
import type { Recommendation } from '../../policy/model.js';
import type { CompiledRubric } from '../../rubric/compile.js';
import type { DocumentReading } from '../../schema/documents.js';
import type { Profile } from '../../score/profile.js';
import { profileReader } from '../../score/read-profiles.js';
import { type CliIo, EXIT } from '../io.js';
import { ioMessage } from './io-message.js';

/** What cannot be read in a document file, in words: not JSON (and where), or the file system's or the limit's reason. */
export const unreadable = (error: unknown): string =>
  error instanceof SyntaxError ? `not JSON (${error.message})` : ioMessage(error);

/**
 * Feeds each item of a JSON (or NDJSON) file to `add` as it is read (waiting when it returns a promise); false,
 * with the reason printed, when the file could not be read or is not JSON.
 */
export async function eachItem(
  file: string,
  io: CliIo,
  options: ReadDocumentsOptions,
  add: (item: unknown) => void | Promise<void>,
): Promise<boolean> {
  try {
    for await (const item of readDocumentItems(resolve(io.cwd, file), options)) {
      const waiting = add(item);
      if (waiting) await waiting;
    }
    return true;
  } catch (error) {
    io.stderr(`mahvan: cannot read ${file}: ${unreadable(error)}\n`);
    return false;
  }
}

/** Prints diagnostics about a file's items, each at its line and column. */
export async function printLocated(file: string, diagnostics: readonly Diagnostic[], io: CliIo, options: ReadDocumentsOptions) {
  for (const d of await locateDocumentDiagnostics(resolve(io.cwd, file), diagnostics, options))
    io.stderr(`${formatDiagnostic(d, { hints: true })}\n`);
}

/** What a reading's problems mean for a command: each printed at its line and column; any error stops it (exit 1). */
async function settle<T>(file: string, reading: DocumentReading<T>, io: CliIo, options: ReadDocumentsOptions) {
  await printLocated(file, reading.diagnostics, io, options);
  return reading.ok ? reading.items : EXIT.errors;
}

/**
 * Profiles read back from a file `mahvan score` wrote, checked against the rubric (an earlier wave's may come
 * from another version of it: `anyVersion`); or the exit code to stop with. Read item by item: memory holds
 * the profiles, never the file's text.
 */
export async function profilesFor(
  file: string,
  rubric: CompiledRubric,
  io: CliIo,
  options: { anyVersion?: boolean } & ReadDocumentsOptions = {},
): Promise<Profile[] | number> {
  const profiles: Profile[] = [];
  const code = await eachProfile(file, rubric, io, options, (profile) => {
    profiles.push(profile);
  });
  return code === EXIT.ok ? profiles : code;
}

/**
 * profilesFor without holding them: each valid profile goes to `take` as it is read (the next waits for the
 * promise it may return), then the file's diagnostics are printed. EXIT.ok, or the exit code to stop with: a
 * profile that fails has its diagnostic but `take` may have had the ones before and after it.
 */
export async function eachProfile(
  file: string,
  rubric: CompiledRubric,
  io: CliIo,
  options: { anyVersion?: boolean } & ReadDocumentsOptions,
  take: (profile: Profile) => void | Promise<void>,
): Promise<number> {
  const { maxBytes, ...rest } = options;
  const bound = maxBytes === undefined ? {} : { maxBytes };
  let read: Profile | undefined;
  const reader = profileReader(rubric, { file, ...rest }, (profile) => {
    read = profile;
  });
  const add = (item: unknown) => {
    reader.add(item);
    if (read === undefined) return undefined;
    const profile = read;
    read = undefined;
    return take(profile);
  };
  if (!(await eachItem(file, io, bound, add))) return EXIT.usage;
  const reading = reader.finish();
  await printLocated(file, reading.diagnostics, io, bound);
  return reading.ok ? EXIT.ok : EXIT.errors;
}

/** Recommendations read back from a file `mahvan recommend` wrote, for the policy given; or the exit code. */
export async function recommendationsFor(
  file: string,
  policy: { id: string } | undefined,
  io: CliIo,
  options: ReadDocumentsOptions = {},
): Promise<Recommendation[] | number> {
  const items: unknown[] = [];
  if (!(await eachItem(file, io, options, (item) => void items.push(item)))) return EXIT.usage;
  return settle(file, readRecommendations(items, policy, { file }), io, options);
}
