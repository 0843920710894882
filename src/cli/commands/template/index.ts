import { type RegisterCommand, withYamlLimits } from '../../shared/command.js';

/** `mahvan template --rubric R -o DIR`: a CSV to fill in, an XLSForm, and the mappings that read them back. */
export const registerTemplate: RegisterCommand = (program, { io, exit }) => {
  withYamlLimits(
    program
      .command('template')
      .description('write a CSV to fill in, an XLSForm for KoboToolbox / ODK, and the mappings that read them back')
      .requiredOption('--rubric <file>', 'the rubric YAML')
      .option('-o, --output <dir>', 'the folder to write to', '.'),
  ).action(async (opts: { rubric: string; output: string }) => {
    exit(await (await import('./run.js')).templateCommand(opts, io));
  });
};
