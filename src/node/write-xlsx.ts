import type { Sheet } from '../template/template.js';
import { writeFileAtomic } from './write-file.js';

/** A spreadsheet cell as written: text, a number, or empty. */
export type XlsxCell = string | number | null;

/** Sheets (name → rows) as the bytes of an XLSX file; the header row is bold and frozen. */
export async function xlsxBytes(
  sheets: Readonly<Record<string, readonly (readonly XlsxCell[])[]>>,
  options: { rtl?: boolean } = {},
): Promise<Uint8Array> {
  // loaded on first use: it takes half a second to load
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  // fixed dates keep the file's bytes the same on every run
  workbook.created = new Date(0);
  workbook.modified = new Date(0);
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, rightToLeft: options.rtl ?? false }] });
    for (const row of rows) sheet.addRow([...row]);
    sheet.getRow(1).font = { bold: true };
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Writes sheets as an XLSX file, atomically (temporary file, then rename). */
export async function writeXlsx(
  path: string,
  sheets: Readonly<Record<string, Sheet | readonly (readonly XlsxCell[])[]>>,
  options: { rtl?: boolean } = {},
): Promise<void> {
  await writeFileAtomic(path, await xlsxBytes(sheets, options));
}
