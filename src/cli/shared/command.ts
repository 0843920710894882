import { type Command, InvalidArgumentError } from 'commander';
import type { Limits } from '../../yaml/limits.js';
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

/** The YAML limits of every command that reads a rubric, policy or mapping (the limits each refusal names). */
export interface YamlLimitOptions {
  maxSize?: number;
  maxDepth?: number;
  maxAliases?: number;
  maxAliasNodes?: number;
}

/** Adds the YAML limit options to a command. */
export const withYamlLimits = (command: Command): Command =>
  command
    .option('--max-size <chars>', 'largest accepted YAML file, in characters (default 10,000,000)', positiveInt)
    .option('--max-depth <levels>', 'deepest accepted YAML nesting (default 64)', positiveInt)
    .option('--max-aliases <count>', 'most YAML aliases in a file (default 10,000)', positiveInt)
    .option('--max-alias-nodes <count>', 'most nodes YAML alias expansion may add (default 1,000,000)', positiveInt);

/** The limits the options raise. */
export function yamlLimits(options: YamlLimitOptions): Partial<Limits> {
  const limits: Partial<Limits> = {};
  for (const key of ['maxSize', 'maxDepth', 'maxAliases', 'maxAliasNodes'] as const) if (options[key]) limits[key] = options[key];
  return limits;
}
