import { resolve } from 'node:path';
import { formatDiagnostic } from '../../../diagnostics/format.js';
import { readSubjectsFile } from '../../../node/read-subjects-file.js';
import type { CompiledRubric } from '../../../rubric/compile.js';
import type { SubjectsData } from '../../../subjects/read.js';
import { type CliIo, EXIT } from '../../io.js';
import { ioMessage } from '../../shared/io-message.js';
import type { ScoreCommandOptions } from './run.js';

/**
 * Reads the subjects file of `--subjects`, printing its diagnostics and its row account (`file: N rows: R read
 * (year Y), O of other years, J rejected, K skipped`). A file that cannot be joined at all stops the run.
 */
export async function readSubjectsFor(
  rubric: CompiledRubric,
  file: string,
  options: ScoreCommandOptions,
  io: CliIo,
): Promise<SubjectsData | number> {
  let data: SubjectsData;
  try {
    data = await readSubjectsFile(resolve(io.cwd, file), rubric, {
      file,
      ...(options.subjectsKey === undefined ? {} : { key: options.subjectsKey }),
      ...(options.subjectsYear === undefined ? {} : { year: options.subjectsYear }),
      ...(options.encoding ? { encoding: options.encoding } : {}),
      ...(options.maxXlsxBytes ? { maxUnpackedBytes: options.maxXlsxBytes } : {}),
    });
  } catch (error) {
    io.stderr(`mahvan: cannot read ${file}: ${ioMessage(error)}\n`);
    return EXIT.usage;
  }
  for (const d of data.diagnostics) io.stderr(`${formatDiagnostic(d, { hints: d.severity === 'error' })}\n`);
  if (!data.ok) return EXIT.errors;
  const a = data.account;
  const year = data.period?.year === undefined ? '' : ` (${data.period.year})`;
  const other = a.otherYears ? `, ${a.otherYears} of other years` : '';
  io.stderr(`${file}: ${a.rows} rows: ${a.read} read${year}${other}, ${a.rejected} rejected, ${a.skipped} skipped\n`);
  return data;
}
