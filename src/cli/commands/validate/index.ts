import { Option } from 'commander';
import type { Limits } from '../../../yaml/limits.js';
import { positiveInt, type RegisterCommand } from '../../shared/command.js';

/** `mahvan validate FILE...`: rubrics, policies and mappings, each problem at its line and column. */
export const registerValidate: RegisterCommand = (program, { io, exit }) => {
  program
    .command('validate')
    .description('check rubric files and print file:line:col severity code message for each problem')
    .argument('<files...>', 'rubric YAML files, or folders to search for them')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--max-size <chars>', 'largest accepted file, in characters', positiveInt)
    .option('--max-depth <levels>', 'deepest accepted nesting', positiveInt)
    .option('--max-aliases <count>', 'most YAML aliases in a file', positiveInt)
    .option('--max-alias-nodes <count>', 'most nodes YAML alias expansion may add', positiveInt)
    .action(
      async (
        files: string[],
        opts: { format: 'text' | 'json'; maxSize?: number; maxDepth?: number; maxAliases?: number; maxAliasNodes?: number },
      ) => {
        const limits: Partial<Limits> = {
          ...(opts.maxSize ? { maxSize: opts.maxSize } : {}),
          ...(opts.maxDepth ? { maxDepth: opts.maxDepth } : {}),
          ...(opts.maxAliases ? { maxAliases: opts.maxAliases } : {}),
          ...(opts.maxAliasNodes ? { maxAliasNodes: opts.maxAliasNodes } : {}),
        };
        // each command's modules are loaded when it runs: `validate` does not pay for the report renderers
        const { validateCommand } = await import('./run.js');
        exit(await validateCommand(files, { format: opts.format, limits }, io));
      },
    );
};
