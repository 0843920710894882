import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file atomically: to a temporary file beside it, then renamed over it, so an interrupted run never
 * leaves a half-written output. Creates the folder when needed.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  await writeFileInPieces(path, (write) => write(content));
}

/**
 * Where pieces of an output go. A byte buffer may be reused once the call returns (a piece is written or
 * copied by then). A promise returned says the output is busy: the producer waits for it before more, so a
 * slow reader of standard output holds memory to a piece, not the whole output.
 */
export type PieceWriter = (piece: string | Uint8Array) => void | Promise<void>;

/**
 * Writes a file atomically from pieces that `produce` hands over as it works them out, for outputs too large to
 * hold as one string: they go to a temporary file beside it, renamed over it once `produce` has finished and
 * `keep` holds of its result. Otherwise, or when `produce` throws or writing fails, the temporary file is
 * removed (errors are rethrown) and the file is left as it was.
 */
export async function writeFileInPieces<T>(
  path: string,
  produce: (write: PieceWriter) => T | Promise<T>,
  keep: (result: T) => boolean = () => true,
): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw Object.assign(new Error(`${path} is a folder`), { code: 'EISDIR' });
  // a FIFO, a device or a socket is written into as it is: renaming a file over it would replace it
  if (existing && !existing.isFile()) return writeInto(path, produce);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  let fd: number | undefined;
  temporaryFiles.add(temporary);
  try {
    fd = openSync(temporary, 'w');
    const result = await produce(writerTo(fd));
    closeSync(fd);
    fd = undefined;
    if (keep(result)) renameSync(temporary, path);
    return result;
  } finally {
    if (fd !== undefined) closeSync(fd);
    removeQuietly(temporary);
    temporaryFiles.delete(temporary);
  }
}

/** Writes pieces straight into a file that is not a regular one (a FIFO, /dev/null, a terminal). */
async function writeInto<T>(path: string, produce: (write: PieceWriter) => T | Promise<T>): Promise<T> {
  const fd = openSync(path, 'w');
  try {
    return await produce(writerTo(fd));
  } finally {
    closeSync(fd);
  }
}

const writerTo =
  (fd: number): PieceWriter =>
  (piece) => {
    if (typeof piece !== 'string' && !(piece instanceof Uint8Array)) throw new TypeError('a piece is text or bytes');
    const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    // a turn of the event loop after each piece, so that Ctrl-C or kill is handled while a long output is written
    return new Promise<void>((done) => setImmediate(done));
  };

/** Temporary files being written now: what an interrupted run removes before it ends (removeTemporaryFiles). */
const temporaryFiles = new Set<string>();

/**
 * Removes the temporary files of outputs still being written, for a process about to end on a signal (Ctrl-C,
 * kill): the outputs they were to replace stay as they were.
 */
export function removeTemporaryFiles(): void {
  for (const file of temporaryFiles) removeQuietly(file);
  temporaryFiles.clear();
}

// force ignores a missing file, not a path that cannot exist (a file where the folder should be)
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {}
}
