import { MAX_BYTES_FLAGS, MAX_BYTES_HELP, positiveInt, type RegisterCommand, withYamlLimits } from '../../shared/command.js';

/** `mahvan explain --rubric R --node ID file`: how a node's score was computed, from profiles or assessments. */
export const registerExplain: RegisterCommand = (program, { io, exit }) => {
  withYamlLimits(
    program
      .command('explain')
      .description("print how a node's score was computed, from the profiles mahvan score wrote or from assessments")
      .requiredOption('--rubric <file>', 'the rubric YAML')
      .requiredOption('--node <id>', "the node id, or 'overall'")
      .option('--subject <id>', 'only this subject, when the file holds several')
      .option(MAX_BYTES_FLAGS, MAX_BYTES_HELP, positiveInt)
      .argument('<file>', 'profiles written by mahvan score (JSON or NDJSON), or an assessment JSON file'),
  ).action(async (file: string, opts: { rubric: string; node: string; subject?: string; maxBytes?: number }) => {
    exit(await (await import('./run.js')).explainCommand(file, opts, io));
  });
};
