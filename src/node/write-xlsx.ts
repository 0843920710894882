import ExcelJS from 'exceljs';
import type { Sheet } from '../template/template.js';

/** Writes sheets (name → rows) as an XLSX file; the header row is bold and frozen. */
export async function writeXlsx(
  path: string,
  sheets: Readonly<Record<string, Sheet>>,
  options: { rtl?: boolean } = {},
): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  // fixed dates keep the file's bytes the same on every run
  workbook.created = new Date(0);
  workbook.modified = new Date(0);
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, rightToLeft: options.rtl ?? false }] });
    for (const row of rows) sheet.addRow([...row]);
    sheet.getRow(1).font = { bold: true };
  }
  await workbook.xlsx.writeFile(path);
}
