import { Option } from 'commander';
import { type RegisterCommand, withYamlLimits, type YamlLimitOptions, yamlLimits } from '../../shared/command.js';

/** `mahvan validate FILE...`: rubrics, policies and mappings, each problem at its line and column. */
export const registerValidate: RegisterCommand = (program, { io, exit }) => {
  const command = program
    .command('validate')
    .description('check rubric files and print file:line:col severity code message for each problem')
    .argument('<files...>', 'rubric YAML files, or folders to search for them')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'));
  withYamlLimits(command).action(async (files: string[], opts: { format: 'text' | 'json' } & YamlLimitOptions) => {
    // each command's modules are loaded when it runs: `validate` does not pay for the report renderers
    const { validateCommand } = await import('./run.js');
    exit(await validateCommand(files, { format: opts.format, limits: yamlLimits(opts) }, io));
  });
};
