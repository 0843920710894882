import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ENCODINGS } from '../exports/decode.js';
import { PRESETS } from '../exports/mapping-schema.js';
import type { Limits } from '../rubric/limits.js';
import type { RecommendCommandOptions } from './commands/recommend.js';
import type { ReportCommandOptions } from './commands/report.js';
import type { ScoreCommandOptions } from './commands/score.js';
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
    .argument('<files...>', 'rubric YAML files, or folders to search for them')
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
        // each command's modules are loaded when it runs: `validate` does not pay for the report renderers
        const { validateCommand } = await import('./commands/validate.js');
        exitCode = await validateCommand(files, { format: opts.format, limits }, io);
      },
    );

  program
    .command('schema')
    .description('print the JSON Schema of the rubric format, or with --rubric the schema of assessments for that rubric')
    .option('--rubric <file>', 'a rubric whose assessment schema to print')
    .action(async (opts: { rubric?: string }) => {
      if (!opts.rubric) {
        const { rubricJsonSchema } = await import('../rubric/json-schema.js');
        io.stdout(`${JSON.stringify(rubricJsonSchema(), null, 2)}\n`);
        return;
      }
      const [{ rubricFor }, { assessmentJsonSchema }] = await Promise.all([
        import('./commands/score.js'),
        import('../assessment/json-schema.js'),
      ]);
      const rubric = await rubricFor(opts.rubric, io);
      if (typeof rubric === 'number') exitCode = rubric;
      else io.stdout(`${JSON.stringify(assessmentJsonSchema(rubric), null, 2)}\n`);
    });

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
    .addOption(new Option('--invalid <policy>', 'when a cell is not a valid answer').choices(['reject-row', 'missing']))
    .option('--strict', 'exit 1 if any row was rejected')
    .option('--max-rows <n>', 'rows read from an export at most (default 10,000,000)', positiveInt)
    .option('-o, --output <file>', 'write the profiles here instead of standard output')
    .option('--cohort <file>', 'also write a cohort summary (distributions, peer groups, percentiles, rubric quality)')
    .addOption(
      new Option('--format <format>', 'json: full profiles with explanations; csv: one row per subject (fast, for large exports)')
        .choices(['json', 'csv'])
        .default('json'),
    )
    .argument('<inputs...>', 'survey exports (.csv, .xlsx) or assessment files (.json)')
    .action(async (files: string[], opts: ScoreCommandOptions) => {
      exitCode = await (await import('./commands/score.js')).scoreCommand(files, opts, io);
    });

  program
    .command('explain')
    .description("print how a node's score was computed")
    .requiredOption('--rubric <file>', 'the rubric YAML')
    .requiredOption('--node <id>', "the node id, or 'overall'")
    .option('--subject <id>', 'only this subject, when the file holds several')
    .argument('<assessment>', 'an assessment JSON file')
    .action(async (file: string, opts: { rubric: string; node: string; subject?: string }) => {
      exitCode = await (await import('./commands/explain.js')).explainCommand(file, opts, io);
    });

  program
    .command('recommend')
    .description('turn capability profiles into engagement recommendations, with the reasons for each')
    .requiredOption('--rubric <file>', 'the rubric YAML the profiles were scored with')
    .requiredOption('--policy <file>', 'the engagement policy YAML')
    .option('--previous <file>', "last wave's recommendations (JSON), for the waves guard")
    .option('--previous-profiles <file>', "last wave's profiles (JSON), for change since the previous wave")
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'text']).default('json'))
    .option('--locale <tag>', "the language of titles in text output (default: the rubric's)")
    .option('-o, --output <file>', 'write here instead of standard output')
    .option('--cohort <file>', 'also write a cohort summary with counts per track and the equity check')
    .argument('<profiles>', 'profiles written by mahvan score (JSON)')
    .action(async (file: string, opts: RecommendCommandOptions) => {
      exitCode = await (await import('./commands/recommend.js')).recommendCommand(file, opts, io);
    });

  program
    .command('report')
    .description('write HTML reports (the cohort, and one page per subject), a Markdown summary, and CSV and XLSX tables')
    .requiredOption('--rubric <file>', 'the rubric YAML the profiles were scored with')
    .option('--policy <file>', 'the engagement policy YAML, for recommendations in the reports')
    .option('--recommendations <file>', 'recommendations written by mahvan recommend (computed from --policy when absent)')
    .option('--previous-profiles <file>', "last wave's profiles (JSON), for the change since then")
    .option('--locale <tag>', "the reports' language (default: the rubric's); he and ar are right to left")
    .requiredOption('-o, --output <dir>', 'the folder to write to')
    .argument('<profiles>', 'profiles written by mahvan score (JSON)')
    .action(async (file: string, opts: ReportCommandOptions) => {
      exitCode = await (await import('./commands/report.js')).reportCommand(file, opts, io);
    });

  program
    .command('template')
    .description('write a CSV to fill in, an XLSForm for KoboToolbox / ODK, and the mappings that read them back')
    .requiredOption('--rubric <file>', 'the rubric YAML')
    .option('-o, --output <dir>', 'the folder to write to', '.')
    .action(async (opts: { rubric: string; output: string }) => {
      exitCode = await (await import('./commands/template.js')).templateCommand(opts, io);
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
