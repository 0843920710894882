import { type Command, InvalidArgumentError } from 'commander';
import type { CliIo } from '../io.js';

/** What a command needs from `main`: the outside world, and where to leave its exit code. */
export interface CommandContext {
  io: CliIo;
  exit(code: number): void;
}

/** A command: declares its arguments and options on the program, and runs (its code loaded only then). */
export type RegisterCommand = (program: Command, context: CommandContext) => void;

/** A positive whole number option. */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

/** The --max-bytes option of commands that read JSON documents (profiles, recommendations, assessments). */
export const MAX_BYTES_FLAGS = '--max-bytes <n>';
export const MAX_BYTES_HELP =
  'largest accepted JSON file (profiles, recommendations, assessments), in bytes (default 1,000,000,000)';
