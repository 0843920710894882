import { Option } from 'commander';
import { MAX_BYTES_FLAGS, MAX_BYTES_HELP, positiveInt, type RegisterCommand, withYamlLimits } from '../../shared/command.js';
import type { RobustnessCommandOptions } from './run.js';

/** `mahvan robustness --rubric R --policy P --alternatives A profiles`: which decisions survive other methods. */
export const registerRobustness: RegisterCommand = (program, { io, exit }) => {
  withYamlLimits(
    program
      .command('robustness')
      .description('rescore and re-decide every profile under each declared alternative method; count the stable decisions')
      .requiredOption('--rubric <file>', 'the rubric YAML the profiles were scored with')
      .requiredOption('--policy <file>', 'the engagement policy YAML')
      .requiredOption('--alternatives <file>', 'the alternative methods (YAML, mahvan-alternatives: 1)')
      .addOption(new Option('--format <format>', 'output format').choices(['json', 'text']).default('json'))
      .option('-o, --output <file>', 'write here instead of standard output')
      .option(MAX_BYTES_FLAGS, MAX_BYTES_HELP, positiveInt)
      .argument('<profiles>', 'profiles written by mahvan score (JSON or NDJSON)'),
  ).action(async (file: string, opts: RobustnessCommandOptions) => {
    exit(await (await import('./run.js')).robustnessCommand(file, opts, io));
  });
};
