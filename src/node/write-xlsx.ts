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
  return stamped(new Uint8Array(await workbook.xlsx.writeBuffer()));
}

/** 1980-01-01 as a zip entry's DOS date (years from 1980 << 9 | month << 5 | day), at 00:00. */
const DOS_DATE = (1 << 5) | 1;

/**
 * The zip's entries all dated 1980-01-01 00:00, so the same sheets give the same bytes: the zip library stamps
 * each entry with the time it is written. Each entry's date is in its central directory record and again in its
 * local header.
 */
function stamped(zip: Uint8Array): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  // the end of central directory record closes the file (22 bytes, and a comment this writer leaves empty)
  const end = zip.length - 22;
  if (end < 0 || view.getUint32(end, true) !== 0x06054b50) throw new Error('the spreadsheet written is not a zip file');
  let at = view.getUint32(end + 16, true);
  for (let n = view.getUint16(end + 10, true); n > 0; n--) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error('the spreadsheet written is not a zip file');
    const local = view.getUint32(at + 42, true);
    for (const [time, date] of [
      [at + 12, at + 14],
      [local + 10, local + 12],
    ] as const) {
      view.setUint16(time, 0, true);
      view.setUint16(date, DOS_DATE, true);
    }
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return zip;
}

/** Writes sheets as an XLSX file, atomically (temporary file, then rename). */
export async function writeXlsx(
  path: string,
  sheets: Readonly<Record<string, Sheet | readonly (readonly XlsxCell[])[]>>,
  options: { rtl?: boolean } = {},
): Promise<void> {
  await writeFileAtomic(path, await xlsxBytes(sheets, options));
}
