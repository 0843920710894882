import type { RegisterCommand } from '../../shared/command.js';

/** `mahvan schema [--rubric R]`: the JSON Schema of the rubric format, or of a rubric's assessments. */
export const registerSchema: RegisterCommand = (program, { io, exit }) => {
  program
    .command('schema')
    .description('print the JSON Schema of the rubric format, or with --rubric the schema of assessments for that rubric')
    .option('--rubric <file>', 'a rubric whose assessment schema to print')
    .action(async (opts: { rubric?: string }) => {
      if (!opts.rubric) {
        const { rubricJsonSchema } = await import('../../../rubric/json-schema.js');
        io.stdout(`${JSON.stringify(rubricJsonSchema(), null, 2)}\n`);
        return;
      }
      const [{ rubricFor }, { assessmentJsonSchema }] = await Promise.all([
        import('../../shared/rubric.js'),
        import('../../../assessment/json-schema.js'),
      ]);
      const rubric = await rubricFor(opts.rubric, io);
      if (typeof rubric === 'number') exit(rubric);
      else io.stdout(`${JSON.stringify(assessmentJsonSchema(rubric), null, 2)}\n`);
    });
};
