/**
 * mahvan's Node entry: file helpers around the browser-safe core. Only this folder and the CLI touch the
 * file system.
 */
export * from '../index.js';
export { InputTooLargeError, loadPolicyFile, loadRubricFile, readTextFile, refuseHugeFile } from './files.js';

export { locateDocumentDiagnostics, type ReadDocumentsOptions, readDocumentItems } from './read-documents.js';
export {
  type Decoding,
  type ExportFileData,
  type ExportFileReading,
  type ReadExportFileOptions,
  readExportData,
  readExportFile,
  type ScoredExportFile,
  scoreExportFile,
} from './read-export-file.js';
export { type ReadSubjectsFileOptions, readSubjectsFile } from './read-subjects-file.js';
export { type ReadTableOptions, readTableFile, type TableResult } from './read-table.js';
export { type PieceWriter, writeFileAtomic, writeFileInPieces } from './write-file.js';
export { writeXlsx, type XlsxCell, xlsxBytes } from './write-xlsx.js';
