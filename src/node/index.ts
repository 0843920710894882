/**
 * mahvan's Node entry: file helpers around the browser-safe core. Only this folder and the CLI touch the
 * file system.
 */
import { readFile, stat } from 'node:fs/promises';
import { createDiagnostic } from '../diagnostics/create.js';
import { DEFAULT_LIMITS } from '../rubric/limits.js';
import { type LoadRubricOptions, loadRubric, type RubricResult } from '../rubric/load.js';

export * from '../index.js';

/** Reads a UTF-8 text file, dropping a byte-order mark. */
export async function readTextFile(path: string): Promise<string> {
  const text = await readFile(path, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Loads a rubric file. Content problems come back as diagnostics; a file that cannot be read throws the
 * file system's error (ENOENT, EACCES), which callers report as an I/O problem.
 */
export async function loadRubricFile(
  path: string,
  options: Omit<LoadRubricOptions, 'file'> & { file?: string } = {},
): Promise<RubricResult> {
  const file = options.file ?? path;
  const maxSize = options.limits?.maxSize ?? DEFAULT_LIMITS.maxSize;
  // refuse before reading, so a huge file never reaches memory; characters ≤ bytes for UTF-8
  const { size } = await stat(path);
  if (size > maxSize * 4) {
    return {
      ok: false,
      diagnostics: [
        createDiagnostic(
          'input-too-large',
          { size, limit: maxSize, option: 'maxSize (--max-size)' },
          { path: [], file, range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } } },
        ),
      ],
    };
  }
  return loadRubric(await readTextFile(path), { ...options, file });
}
export { type ExportFileReading, type ReadExportFileOptions, readExportFile } from './read-export-file.js';
export { type ReadTableOptions, readTableFile, type TableResult } from './read-table.js';
export { writeXlsx } from './write-xlsx.js';
