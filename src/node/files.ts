import { readFile, stat } from 'node:fs/promises';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { decodeText } from '../exports/decode.js';
import { loadPolicy, type PolicyResult } from '../policy/load.js';
import type { CompiledRubric } from '../rubric/compile.js';
import { type LoadRubricOptions, loadRubric, type RubricResult } from '../rubric/load.js';
import { DEFAULT_LIMITS, type Limits } from '../yaml/limits.js';

/**
 * Reads a UTF-8 text file (or UTF-16 with its byte-order mark, as YAML allows), dropping the mark. Other
 * bytes (a file saved as windows-1255) throw an error that says where and what to do: read leniently they
 * became replacement characters that passed every check and showed in reports.
 */
export async function readTextFile(path: string): Promise<string> {
  const decoded = decodeText(await readFile(path));
  // decodeText names its encoding: its only error is a bad byte
  if ('error' in decoded && decoded.error !== 'ambiguous-encoding') {
    const name = decoded.encoding === 'utf-8' ? 'UTF-8' : 'UTF-16';
    throw new Error(`it is not ${name} text (the bytes at offset ${decoded.offset} are not valid); save it as UTF-8`);
  }
  if ('error' in decoded) throw new Error('its encoding cannot be told; save it as UTF-8');
  // decoding in the encoding its mark names drops the mark
  return decoded.text;
}

/**
 * Loads a rubric file. Content problems come back as diagnostics; a file that cannot be read throws the
 * file system's error (ENOENT, EACCES), which callers report as an I/O problem.
 */
export async function loadRubricFile(
  path: string,
  options: Omit<LoadRubricOptions, 'file'> & { file?: string } = {},
): Promise<RubricResult> {
  const file = options.file ?? path;
  const refused = await refuseHugeFile(path, file, options.limits);
  if (refused) return { ok: false, diagnostics: [refused] };
  return loadRubric(await readTextFile(path), { ...options, file });
}

/**
 * The diagnostic for a file too large to read, checked before reading so a huge file never reaches memory
 * (a UTF-8 character takes at most 4 bytes); undefined when it may be read.
 */
export async function refuseHugeFile(path: string, file: string, limits?: Partial<Limits>): Promise<Diagnostic | undefined> {
  const maxSize = limits?.maxSize ?? DEFAULT_LIMITS.maxSize;
  const { size } = await stat(path);
  if (size <= maxSize * 4) return undefined;
  return createDiagnostic(
    'input-too-large',
    { size, limit: maxSize, option: 'maxSize (--max-size)' },
    { path: [], file, range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } },
  );
}

/** Loads a policy file and checks it against the rubric whose profiles it reads. */
export async function loadPolicyFile(
  path: string,
  rubric: CompiledRubric,
  options: { file?: string; limits?: Partial<Limits> } = {},
): Promise<PolicyResult> {
  return loadPolicy(await readTextFile(path), rubric, { ...options, file: options.file ?? path });
}
