import { Option } from 'commander';
import { ENCODINGS } from '../../../exports/decode.js';
import { PRESETS } from '../../../exports/mapping-schema.js';
import { MAX_BYTES_FLAGS, MAX_BYTES_HELP, positiveInt, type RegisterCommand, withYamlLimits } from '../../shared/command.js';
import type { ScoreCommandOptions } from './run.js';

/** `mahvan score --rubric R inputs...`: survey exports and assessment files into capability profiles. */
export const registerScore: RegisterCommand = (program, { io, exit }) => {
  withYamlLimits(
    program
      .command('score')
      .description('score survey exports (CSV, XLSX) and assessment JSON files into capability profiles')
      .requiredOption('--rubric <file>', 'the rubric YAML')
      .option('--mapping <file>', 'the mapping YAML for survey exports')
      .addOption(new Option('--preset <tool>', 'the survey tool that wrote the export').choices([...PRESETS]))
      .addOption(
        new Option('--encoding <encoding>', 'the text encoding of CSV exports (detected when absent)').choices([...ENCODINGS]),
      )
      .option('--sheet <name>', 'the worksheet of an XLSX export (the first when absent)')
      .option('--header-rows <n>', 'rows of header at the top of the export', positiveInt)
      .addOption(new Option('--duplicates <policy>', 'when a respondent submitted twice').choices(['latest', 'first', 'reject']))
      .addOption(
        new Option(
          '--invalid <policy>',
          "when a cell or an assessment answer is not valid (default: the mapping's, else reject-row)",
        ).choices(['reject-row', 'missing']),
      )
      .option('--subjects <file>', 'facts about each subject from a register (CSV, XLSX or JSON), joined by subject id')
      .option('--subjects-key <header>', "the subjects file's column of subject ids (default: subject, id, סמל רשות…)")
      .option('--subjects-year <year>', 'the year whose rows of the subjects file count, when it has several')
      .option('--strict', 'exit 1 if any row was rejected')
      .option('--max-rows <n>', 'rows read from an export at most (default 10,000,000)', positiveInt)
      .option('--max-row-bytes <n>', 'bytes of one CSV row at most (default 16,777,216)', positiveInt)
      .option('--max-xlsx-bytes <n>', 'bytes an XLSX export may unpack to at most (default 25,000,000)', positiveInt)
      .option(MAX_BYTES_FLAGS, MAX_BYTES_HELP, positiveInt)
      .option('-o, --output <file>', 'write the profiles here instead of standard output')
      .option('--cohort <file>', 'also write a cohort summary (distributions, peer groups, percentiles, rubric quality)')
      .addOption(
        new Option(
          '--format <format>',
          'json: a list of compact profiles; ndjson: one profile per line (for jq, DuckDB, pandas); csv: one row per subject',
        )
          .choices(['json', 'ndjson', 'csv'])
          .default('json'),
      )
      .option('--trace', "with json or ndjson: each node's explanation as data too (how each child and answer counted)")
      .argument('<inputs...>', 'survey exports (.csv, .xlsx) or assessment files (.json)'),
  ).action(async (files: string[], opts: ScoreCommandOptions) => {
    exit(await (await import('./run.js')).scoreCommand(files, opts, io));
  });
};
