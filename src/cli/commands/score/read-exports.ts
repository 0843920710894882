import { resolve } from 'node:path';
import { formatDiagnostic } from '../../../diagnostics/format.js';
import { defaultMapping, loadMapping, type Mapping } from '../../../exports/mapping.js';
import { readTextFile } from '../../../node/files.js';
import { type ExportFileData, readExportData } from '../../../node/read-export-file.js';
import type { CompiledRubric } from '../../../rubric/compile.js';
import { type CliIo, EXIT } from '../../io.js';
import { yamlLimits } from '../../shared/command.js';
import { ioMessage } from '../../shared/io-message.js';
import { type Progress, progressOf } from '../../shared/progress.js';
import type { ScoreCommandOptions } from './run.js';

/** The mapping of a score command: the file given, or the preset's defaults. */
async function mappingFor(options: ScoreCommandOptions, io: CliIo): Promise<Mapping | number> {
  if (!options.mapping) return defaultMapping(options.preset);
  let text: string;
  try {
    text = await readTextFile(resolve(io.cwd, options.mapping), yamlLimits(options));
  } catch (error) {
    io.stderr(`mahvan: cannot read ${options.mapping}: ${ioMessage(error)}\n`);
    return EXIT.usage;
  }
  const loaded = loadMapping(text, { file: options.mapping, limits: yamlLimits(options) });
  for (const d of loaded.diagnostics) io.stderr(`${formatDiagnostic(d, { hints: true })}\n`);
  if (!loaded.ok) return EXIT.errors;
  return options.preset ? { ...loaded.mapping, preset: options.preset } : loaded.mapping;
}

/** The diagnostics of an export not read whole: cut off, past the row limit, or with a row past the size limit. */
const NOT_READ_WHOLE = new Set(['export-truncated', 'export-too-many-rows', 'export-row-too-large']);

/**
 * Reads each export into its row store, printing its diagnostics and its row account (`file: N rows: S scored,
 * R rejected, K skipped (encoding)`). An export cut off, past the row limit or with a row past the size limit was not read whole: like an
 * unreadable one, it makes the run fail.
 */
export async function readExports(
  rubric: CompiledRubric,
  files: readonly string[],
  options: ScoreCommandOptions,
  io: CliIo,
): Promise<{ readings: ExportFileData[]; rejected: number; failed: boolean } | number> {
  const mapping = await mappingFor(options, io);
  if (typeof mapping === 'number') return mapping;
  const readings: ExportFileData[] = [];
  let rejected = 0;
  let failed = false;
  for (const file of files) {
    let data: ExportFileData;
    let bar: Progress | undefined;
    try {
      data = await readExportData(resolve(io.cwd, file), rubric, mapping, {
        file,
        ...(io.terminal
          ? {
              onBytes: (read: number, size: number) => {
                bar ??= progressOf(io, `reading ${file}`, size, 'MB');
                bar.update(read);
              },
            }
          : {}),
        ...(options.encoding ? { encoding: options.encoding } : {}),
        ...(options.sheet ? { sheet: options.sheet } : {}),
        ...(options.headerRows ? { headerRows: options.headerRows } : {}),
        ...(options.duplicates ? { duplicates: options.duplicates } : {}),
        ...(options.invalid ? { invalid: options.invalid } : {}),
        ...(options.maxRows ? { maxRows: options.maxRows } : {}),
        ...(options.maxRowBytes ? { maxRowBytes: options.maxRowBytes } : {}),
        ...(options.maxXlsxBytes ? { maxUnpackedBytes: options.maxXlsxBytes } : {}),
      });
    } catch (error) {
      io.stderr(`mahvan: cannot read ${file}: ${ioMessage(error)}\n`);
      return EXIT.usage;
    } finally {
      bar?.stop();
    }
    for (const d of data.diagnostics)
      io.stderr(`${formatDiagnostic(d, { hints: d.severity === 'error' && !d.code.startsWith('row-') })}\n`);
    const a = data.account;
    const encoding = data.decoded ? ` (${data.decoded.encoding})` : '';
    io.stderr(`${file}: ${a.rows} rows: ${a.scored} scored, ${a.rejected} rejected, ${a.skipped} skipped${encoding}\n`);
    if (!data.ok || data.diagnostics.some((d) => NOT_READ_WHOLE.has(d.code))) failed = true;
    rejected += a.rejected;
    readings.push(data);
  }
  return { readings, rejected, failed };
}
