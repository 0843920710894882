import { Option } from 'commander';
import { MAX_BYTES_FLAGS, MAX_BYTES_HELP, positiveInt, type RegisterCommand, withYamlLimits } from '../../shared/command.js';
import type { RecommendCommandOptions } from './run.js';

/** `mahvan recommend --rubric R --policy P profiles`: a recommendation per profile, with its reasons and levers. */
export const registerRecommend: RegisterCommand = (program, { io, exit }) => {
  withYamlLimits(
    program
      .command('recommend')
      .description('turn capability profiles into engagement recommendations, with the reasons for each')
      .requiredOption('--rubric <file>', 'the rubric YAML the profiles were scored with')
      .requiredOption('--policy <file>', 'the engagement policy YAML')
      .option('--previous <file>', "last wave's recommendations (JSON), for the waves guard")
      .option('--previous-profiles <file>', "last wave's profiles (JSON), for change since the previous wave")
      .addOption(new Option('--format <format>', 'output format').choices(['json', 'ndjson', 'text']).default('json'))
      .option('--locale <tag>', "the language of titles in text output (default: the rubric's)")
      .option('-o, --output <file>', 'write here instead of standard output')
      .option('--cohort <file>', 'also write a cohort summary with counts per track and the equity check')
      .option(MAX_BYTES_FLAGS, MAX_BYTES_HELP, positiveInt)
      .argument('<profiles>', 'profiles written by mahvan score (JSON or NDJSON)'),
  ).action(async (file: string, opts: RecommendCommandOptions) => {
    exit(await (await import('./run.js')).recommendCommand(file, opts, io));
  });
};
