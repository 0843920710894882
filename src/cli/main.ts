import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { rubricJsonSchema } from '../rubric/json-schema.js';
import type { Limits } from '../rubric/limits.js';
import { validateCommand } from './commands/validate.js';
import { type CliIo, EXIT } from './io.js';

const VERSION = '0.1.0';

/** Runs the CLI with `argv` (without node and script) and returns the exit code; never calls process.exit. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('mahvan')
    .description('Executable capability-assessment rubrics (מחוון).')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run mahvan --help for usage)');

  program
    .command('validate')
    .description('check rubric files and print file:line:col severity code message for each problem')
    .argument('<files...>', 'rubric YAML files')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--max-size <chars>', 'largest accepted file, in characters', positiveInt)
    .option('--max-depth <levels>', 'deepest accepted nesting', positiveInt)
    .option('--max-aliases <count>', 'most YAML alias expansions', positiveInt)
    .action(
      async (files: string[], opts: { format: 'text' | 'json'; maxSize?: number; maxDepth?: number; maxAliases?: number }) => {
        const limits: Partial<Limits> = {
          ...(opts.maxSize ? { maxSize: opts.maxSize } : {}),
          ...(opts.maxDepth ? { maxDepth: opts.maxDepth } : {}),
          ...(opts.maxAliases ? { maxAliases: opts.maxAliases } : {}),
        };
        exitCode = await validateCommand(files, { format: opts.format, limits }, io);
      },
    );

  program
    .command('schema')
    .description('print the JSON Schema of the rubric format')
    .action(() => {
      io.stdout(`${JSON.stringify(rubricJsonSchema(), null, 2)}\n`);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version exit 0; every other parse failure is a usage error
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    io.stderr(`mahvan: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.usage;
  }
  return exitCode;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}
