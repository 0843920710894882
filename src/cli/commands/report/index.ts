import { MAX_BYTES_FLAGS, MAX_BYTES_HELP, positiveInt, type RegisterCommand, withYamlLimits } from '../../shared/command.js';
import type { ReportCommandOptions } from './run.js';

/** `mahvan report --rubric R profiles -o DIR`: HTML, Markdown, CSV and XLSX reports. */
export const registerReport: RegisterCommand = (program, { io, exit }) => {
  withYamlLimits(
    program
      .command('report')
      .description('write HTML reports (the cohort, and one page per subject), a Markdown summary, and CSV and XLSX tables')
      .requiredOption('--rubric <file>', 'the rubric YAML the profiles were scored with')
      .option('--policy <file>', 'the engagement policy YAML, for recommendations in the reports')
      .option('--recommendations <file>', 'recommendations written by mahvan recommend (computed from --policy when absent)')
      .option('--previous-profiles <file>', "last wave's profiles (JSON), for the change since then")
      .option('--locale <tag>', "the reports' language (default: the rubric's); he and ar are right to left")
      .requiredOption('-o, --output <dir>', 'the folder to write to')
      .option('--synthetic', 'the data are synthetic (a demonstration): every page says so')
      .option(
        '--alternatives <file>',
        'with --policy: decide again under these alternative methods and report how many decisions hold',
      )
      .option(MAX_BYTES_FLAGS, MAX_BYTES_HELP, positiveInt)
      .argument('<profiles>', 'profiles written by mahvan score (JSON or NDJSON)'),
  ).action(async (file: string, opts: ReportCommandOptions) => {
    exit(await (await import('./run.js')).reportCommand(file, opts, io));
  });
};
