#!/usr/bin/env node
import { once } from 'node:events';
import { config } from 'zod';
import { removeTemporaryFiles } from '../node/write-file.js';
import { main } from './main.js';

// The command is short-lived and parses each schema once: compiling zod's fast parsers would cost more than
// it saves (the bundled zod is the command's own, so the library's users are unaffected).
config({ jitless: true });

// a reader that stops early (| head) closes the pipe: stop quietly instead of printing a stack; any other
// failure to write (a full disk) is said in a line, as an I/O error
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) process.stderr.write(`mahvan: cannot write to standard output: ${error.message}\n`);
    process.exit(2);
  });
}

// Ctrl-C or kill: the outputs being written are left as they were, without their temporary files; the process
// then ends as the signal asks (128 + its number)
for (const [signal, number] of [
  ['SIGINT', 2],
  ['SIGTERM', 15],
  ['SIGHUP', 1],
] as const) {
  process.once(signal, () => {
    removeTemporaryFiles();
    process.exit(128 + number);
  });
}

/**
 * Standard output takes a copy of bytes (a pipe holds what its reader has not taken yet, and the caller reuses
 * its buffer), and says when its reader is behind, so a long output waits rather than piling up in memory.
 */
const stdout = (chunk: string | Uint8Array): undefined | Promise<void> =>
  process.stdout.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk))
    ? undefined
    : once(process.stdout, 'drain').then(() => undefined);

main(process.argv.slice(2), {
  stdout,
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  ...(process.stderr.isTTY ? { terminal: process.stderr } : {}),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`mahvan: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
