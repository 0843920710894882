#!/usr/bin/env node
import { config } from 'zod';
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

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`mahvan: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
