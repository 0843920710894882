import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeXlsx } from '../../../node/write-xlsx.js';
import { templateCsv, templateMapping, templateXlsForm } from '../../../template/template.js';
import { type CliIo, EXIT } from '../../io.js';
import { type YamlLimitOptions, yamlLimits } from '../../shared/command.js';
import { ioMessage } from '../../shared/io-message.js';
import { rubricFor } from '../../shared/rubric.js';

/**
 * `mahvan template --rubric R -o DIR`: writes what a survey needs so the instrument and the rubric never drift
 * apart: a CSV to fill in with its mapping, and an XLSForm for KoboToolbox or ODK with the mapping of its exports.
 */
export async function templateCommand(
  options: { rubric: string; output: string } & YamlLimitOptions,
  io: CliIo,
): Promise<number> {
  const rubric = await rubricFor(options.rubric, io, yamlLimits(options));
  if (typeof rubric === 'number') return rubric;
  const dir = resolve(io.cwd, options.output);
  const id = rubric.rubric.id;
  const files = {
    csv: `${id}.template.csv`,
    mapping: `${id}.mapping.yaml`,
    xlsform: `${id}.xlsform.xlsx`,
    koboMapping: `${id}.kobo-mapping.yaml`,
  };
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, files.csv), templateCsv(rubric));
    await writeFile(join(dir, files.mapping), templateMapping(rubric, 'mahvan'));
    await writeFile(join(dir, files.koboMapping), templateMapping(rubric, 'kobo'));
    const form = templateXlsForm(rubric);
    await writeXlsx(join(dir, files.xlsform), { survey: form.survey, choices: form.choices, settings: form.settings });
  } catch (error) {
    io.stderr(`mahvan: cannot write to ${options.output}: ${ioMessage(error)}\n`);
    return EXIT.usage;
  }
  io.stdout(
    [
      `wrote to ${options.output}:`,
      `  ${files.csv}        one row per respondent, one column per indicator (${rubric.indicators.length})`,
      `  ${files.mapping}      reads the filled CSV: mahvan score --rubric ${options.rubric} --mapping ${join(options.output, files.mapping)} FILLED.csv`,
      `  ${files.xlsform}       the form for KoboToolbox / ODK`,
      `  ${files.koboMapping} reads its exports`,
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}
