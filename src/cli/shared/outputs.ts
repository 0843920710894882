import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type PieceWriter, writeFileAtomic, writeFileInPieces } from '../../node/write-file.js';
import type { CliIo } from '../io.js';
import { ioMessage } from './io-message.js';

/**
 * Says why the outputs cannot be written as named: one names an input (it would be replaced before or while
 * it is read) or both outputs name one file (the second would replace the first). Two paths name one file when
 * they resolve alike or, both existing, are the same file on disk (a link, a folder reached another way).
 */
export function outputClash(
  cwd: string,
  outputs: Readonly<Record<string, string | undefined>>,
  inputs: readonly (string | undefined)[],
): string | undefined {
  const named = Object.entries(outputs).filter((e): e is [string, string] => e[1] !== undefined);
  for (const [option, file] of named) {
    const input = inputs.find((i) => i !== undefined && sameFile(cwd, i, file));
    if (input !== undefined) return `${option} ${file} is also an input; write the output to another file`;
  }
  for (let i = 1; i < named.length; i++) {
    const [option, file] = named[i] as [string, string];
    const earlier = named.slice(0, i).find(([, f]) => sameFile(cwd, f, file));
    if (earlier) return `${earlier[0]} and ${option} both name ${file}; give each output its own file`;
  }
  return undefined;
}

function sameFile(cwd: string, a: string, b: string): boolean {
  const [pa, pb] = [resolve(cwd, a), resolve(cwd, b)];
  if (pa === pb) return true;
  const [sa, sb] = [statOf(pa), statOf(pb)];
  // a device such as /dev/null may be named by two outputs, or by an input and an output, without harm
  return sa !== undefined && sb !== undefined && sa.isFile() && sa.dev === sb.dev && sa.ino === sb.ino;
}

/** A path's file, or undefined when there is none (a file where a folder of the path should be included). */
function statOf(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
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

/**
 * Runs `produce` with a writer of pieces: to `file` through a temporary file renamed at the end (kept only
 * when `keep` holds of the result), or to standard output. A file that cannot be written is reported; its
 * result is then undefined.
 */
export async function writePieces<T>(
  file: string | undefined,
  io: CliIo,
  produce: (write: PieceWriter) => T | Promise<T>,
  keep: (result: T) => boolean = () => true,
): Promise<{ result: T } | undefined> {
  if (file === undefined) return { result: await produce((piece) => io.stdout(piece)) };
  try {
    return { result: await writeFileInPieces(resolve(io.cwd, file), produce, keep) };
  } catch (error) {
    io.stderr(`mahvan: cannot write ${file}: ${ioMessage(error)}\n`);
    return undefined;
  }
}

/**
 * Documents as a file of them: a JSON list with one document per line (`[`, the lines, `]`), or NDJSON (one per
 * line, nothing around them), as `piece` hands them over one at a time.
 */
export function documentList(format: 'json' | 'ndjson', write: (piece: string) => void) {
  let count = 0;
  return {
    add(json: string): void {
      write(format === 'ndjson' ? `${json}\n` : `${count === 0 ? '[\n' : ',\n'}${json}`);
      count++;
    },
    end(): void {
      if (format === 'json') write(count === 0 ? '[]\n' : '\n]\n');
    },
  };
}
