/**
 * mahvan's Node entry: file helpers around the browser-safe core. Only this folder and the CLI touch the
 * file system.
 */
import { loadPolicy, type PolicyResult } from '../policy/load.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { Limits } from '../rubric/limits.js';
import { readTextFile } from './files.js';

export * from '../index.js';
export { loadRubricFile, readTextFile, refuseHugeFile } from './files.js';

/** Loads a policy file and checks it against the rubric whose profiles it reads. */
export async function loadPolicyFile(
  path: string,
  rubric: CompiledRubric,
  options: { file?: string; limits?: Partial<Limits> } = {},
): Promise<PolicyResult> {
  return loadPolicy(await readTextFile(path), rubric, { ...options, file: options.file ?? path });
}

export {
  type BatchExportFileReading,
  type ExportFileReading,
  type ReadExportFileOptions,
  readExportFile,
  readExportFileBatch,
} from './read-export-file.js';
export { type ReadTableOptions, readTableFile, type TableResult } from './read-table.js';
export { type PieceWriter, writeFileAtomic, writeFileInPieces } from './write-file.js';
export { writeXlsx, xlsxBytes } from './write-xlsx.js';
