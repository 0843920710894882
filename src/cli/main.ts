import { Command, CommanderError } from 'commander';
import { registerExplain } from './commands/explain/index.js';
import { registerRecommend } from './commands/recommend/index.js';
import { registerReport } from './commands/report/index.js';
import { registerRobustness } from './commands/robustness/index.js';
import { registerSchema } from './commands/schema/index.js';
import { registerScore } from './commands/score/index.js';
import { registerTemplate } from './commands/template/index.js';
import { registerValidate } from './commands/validate/index.js';
import { type CliIo, EXIT } from './io.js';
import type { RegisterCommand } from './shared/command.js';

const VERSION = '0.1.0';

/** The commands, in the order help lists them; each declares itself and loads its code only when it runs. */
const COMMANDS: readonly RegisterCommand[] = [
  registerValidate,
  registerSchema,
  registerScore,
  registerExplain,
  registerRecommend,
  registerReport,
  registerRobustness,
  registerTemplate,
];

/** Runs the CLI with `argv` (without node and script) and returns the exit code; never calls process.exit. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('mahvan')
    .description('Executable capability-assessment rubrics (מחוון).')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run mahvan --help for usage)');
  const context = {
    io,
    exit: (code: number) => {
      exitCode = code;
    },
  };
  for (const register of COMMANDS) register(program, context);
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
