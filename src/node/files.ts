import { open, stat } from 'node:fs/promises';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { decodeText } from '../exports/decode.js';
import { loadPolicy, type PolicyResult } from '../policy/load.js';
import type { CompiledRubric } from '../rubric/compile.js';
import { type LoadRubricOptions, loadRubric, type RubricResult } from '../rubric/load.js';
import { DEFAULT_LIMITS, type Limits } from '../yaml/limits.js';

/** A file larger than a limit, refused before it was read (a regular file) or once it gave more (a pipe, a device). */
export class InputTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly unit: 'bytes' | 'characters',
    /** The option that raises the limit, as the CLI and the library name it. */
    readonly option: string,
  ) {
    super(`it is larger than the limit of ${limit} ${unit}; raise the limit with ${option} if the file is genuine`);
  }
}

/** How large a file may be: `maxBytes`, refused with an InputTooLargeError that names `limit` and `option`. */
export interface ByteBound {
  maxBytes: number;
  refusal: () => InputTooLargeError;
}

/** Bytes read at a time: large enough that a call costs little, small enough that a chunk does too. */
const CHUNK = 1 << 20;

/**
 * The bytes of a file, chunk by chunk, never more than bound.maxBytes + 1 of them: a regular file is checked by
 * its size before reading; anything else (a pipe, /dev/zero) is refused at the first byte over the bound.
 */
export async function* readChunks(path: string, bound: ByteBound): AsyncGenerator<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' });
    if (info.isFile() && info.size > bound.maxBytes) throw bound.refusal();
    for (let total = 0; ; ) {
      const buffer = new Uint8Array(Math.min(CHUNK, bound.maxBytes + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      total += bytesRead;
      if (total > bound.maxBytes) throw bound.refusal();
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** The whole of a file within a bound (see readChunks). */
async function readBounded(path: string, bound: ByteBound): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of readChunks(path, bound)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The bound of a text file of at most limits.maxSize characters (a UTF-8 character takes at most 4 bytes). */
export const textBound = (limits?: Partial<Limits>): ByteBound => {
  const maxSize = limits?.maxSize ?? DEFAULT_LIMITS.maxSize;
  return { maxBytes: maxSize * 4, refusal: () => new InputTooLargeError(maxSize, 'characters', '--max-size (maxSize)') };
};

/**
 * Reads a UTF-8 text file (or UTF-16 with its byte-order mark, as YAML allows), dropping the mark. Other
 * bytes (a file saved as windows-1255) throw an error that says where and what to do: read leniently they
 * became replacement characters that passed every check and showed in reports. A file over the size limit
 * (limits.maxSize) throws an InputTooLargeError, having read at most one byte more than the limit allows.
 */
export async function readTextFile(path: string, limits?: Partial<Limits>): Promise<string> {
  const decoded = decodeText(await readBounded(path, textBound(limits)));
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
  return loadRubric(await readTextFile(path, options.limits), { ...options, file });
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
  return loadPolicy(await readTextFile(path, options.limits), rubric, { ...options, file: options.file ?? path });
}
