// The export readers are bounded (issue 21): a row longer than the row size limit (a runaway quote, most often)
// is rejected at its cell with the option that raises the limit, its bytes never held whole, the same at any
// chunk size; the other rows are read, and the account adds up.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultMapping } from '../src/index.js';
import { readExportData } from '../src/node/index.js';
import { runCli } from './helpers/cli.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const RUBRIC = 'test/fixtures/policy/rubric.yaml';
const rubric = mustLoad(readRepoFile(...RUBRIC.split('/')));
const dir = mkdtempSync(join(tmpdir(), 'mahvan-bounds-'));
const HEADER = 'subject_id,respondent_id,FIN,CTRL,HR\n';
const FIRST = 'LA-1,r1,3,4,2\n';
const LAST = 'LA-9,r9,3,4,2\n';
const LIMIT = 40;

/** Writes a file of the test's folder; its path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// Each case is row 3 of a file whose rows 2 and 4 are good; the limit is 40 bytes a row, line break included.
// The cell named is the one holding the row's 41st byte (offset 40), or the one whose quote is never closed.
describe('a row past the row size limit is rejected at its cell', () => {
  it.each([
    // 'LA-2,' is 5 bytes, so offset 40 is inside the quoted cell B3; 5 + 102 + ',3,4,2\n' = 114 bytes
    ['a long quoted cell', `LA-2,"${'x'.repeat(100)}",3,4,2\n`, { line: 3, column: 2, bytes: 114 }],
    ['a cell of doubled quotes', `LA-2,"${'""'.repeat(50)}",3,4,2\n`, { line: 3, column: 2, bytes: 114 }],
    // cell k (k ≥ 2) of '3,' cells ends at 9 + 2(k − 2): the first to reach 40 is k = 18, column S; 8 + 60 + 1 = 69
    ['very many cells', `LA-2,r2,${'3,'.repeat(30)}\n`, { line: 3, column: 19, bytes: 69 }],
    // 5 + 29 + ',3,4,2\n' = 41: one byte over; offset 40 is the line break after cell E3
    ['one byte over', `LA-2,${'r'.repeat(29)},3,4,2\n`, { line: 3, column: 5, bytes: 41 }],
  ])('%s', async (name, row, expected) => {
    const path = file(`${name}.csv`, HEADER + FIRST + row + LAST);
    for (const chunkSize of [1, 3, 7, 64, 65536]) {
      const data = await readExportData(path, rubric, defaultMapping('mahvan'), {
        file: 'x.csv',
        chunkSize,
        maxRowBytes: LIMIT,
      });
      const found = data.diagnostics.filter((d) => d.code === 'export-row-too-large');
      expect(found.map((d) => [d.range?.start.line, d.range?.start.column])).toEqual([[expected.line, expected.column]]);
      expect(found[0]?.message).toContain(`Row 3 is ${expected.bytes} bytes long, past the limit of ${LIMIT} bytes`);
      expect(found[0]?.hint).toContain('maxRowBytes (--max-row-bytes)');
      expect(data.account).toMatchObject({ rows: 3, scored: 2, rejected: 1, skipped: 0 });
      expect(data.account.rejections.map((r) => [r.row, r.code, r.cell])).toEqual([
        [3, 'export-row-too-large', `${String.fromCharCode(64 + expected.column)}3`],
      ]);
    }
  });

  it('a row at the limit is read', async () => {
    // 5 + 28 + ',3,4,2\n' = 40 bytes
    const path = file('at-limit.csv', `${HEADER + FIRST}LA-2,${'r'.repeat(28)},3,4,2\n${LAST}`);
    const data = await readExportData(path, rubric, defaultMapping('mahvan'), { chunkSize: 3, maxRowBytes: LIMIT });
    expect(data.account).toMatchObject({ rows: 3, scored: 3, rejected: 0 });
  });

  it('a quote never closed names the cell that opens it, and the bytes after it', async () => {
    // row 3 opens a quote in C3 that runs to the end: 'LA-2,r2,' is 8 bytes, then '"3,4,2\n' 7 and 20 × 14: 295 bytes
    const path = file('unclosed.csv', `${HEADER + FIRST}LA-2,r2,"3,4,2\n${LAST.repeat(20)}`);
    for (const chunkSize of [1, 7, 65536]) {
      const data = await readExportData(path, rubric, defaultMapping('mahvan'), { chunkSize, maxRowBytes: LIMIT });
      const found = data.diagnostics.filter((d) => d.severity === 'error');
      expect(found.map((d) => [d.code, d.range?.start.line, d.range?.start.column])).toEqual([['export-row-too-large', 3, 3]]);
      expect(found[0]?.message).toContain('Cell C3 opens a quote that is never closed: the rest of the file (295 bytes)');
      expect(data.account).toMatchObject({ rows: 2, scored: 1, rejected: 1 });
    }
  });

  it('a header row past the limit is said, and no row is read with it', async () => {
    const path = file('header.csv', `subject_id,"${'h'.repeat(50)}",FIN,CTRL,HR\n${FIRST}`);
    const data = await readExportData(path, rubric, defaultMapping('mahvan'), { chunkSize: 7, maxRowBytes: LIMIT });
    expect(data.diagnostics.some((d) => d.code === 'export-row-too-large' && d.range?.start.line === 1)).toBe(true);
    expect(data.account.scored).toBe(0);
  });

  it('the CLI fails the run, names --max-row-bytes, and reads the row when the limit is raised', async () => {
    const path = file('cli.csv', `${HEADER + FIRST}LA-2,"${'x'.repeat(100)}",3,4,2\n${LAST}`);
    const low = await runCli(['score', '--rubric', RUBRIC, '--format', 'csv', '--max-row-bytes', '40', path]);
    expect(low.status).toBe(1);
    expect(low.stderr).toContain(`${path}:3:2 error export-row-too-large`);
    expect(low.stderr).toContain('--max-row-bytes');
    expect(low.stderr).toContain(`${path}: 3 rows: 2 scored, 1 rejected, 0 skipped`);
    const raised = await runCli(['score', '--rubric', RUBRIC, '--format', 'csv', '--max-row-bytes', '200', path]);
    expect(raised.status).toBe(0);
    expect(raised.stderr).toContain(`${path}: 3 rows: 3 scored, 0 rejected, 0 skipped`);
  });
});

describe('an XLSX export', () => {
  async function workbook(rows: number) {
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('s');
    sheet.addRow(['subject_id', 'respondent_id']);
    for (let r = 0; r < rows; r++) sheet.addRow([`S${r}`, `r${r}`]);
    const path = join(mkdtempSync(join(tmpdir(), 'mahvan-xlsx-')), 'big.xlsx');
    await book.xlsx.writeFile(path);
    return path;
  }

  it('is refused from its directory when it unpacks past --max-xlsx-bytes, and read when the limit is raised', async () => {
    const path = await workbook(200);
    const { unpackedSize } = await import('../src/node/zip-size.js');
    const unpacked = (await unpackedSize(path)) as number;
    expect(unpacked).toBeGreaterThan(5_000);
    const rubric = 'test/fixtures/rubrics/valid/minimal.yaml';
    const refused = await runCli(['score', '--rubric', rubric, '--max-xlsx-bytes', String(unpacked - 1), path]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`The workbook unpacks to ${unpacked} bytes, more than the limit of ${unpacked - 1}`);
    expect(refused.stderr).toContain('maxUnpackedBytes (--max-xlsx-bytes)');
    const read = await runCli(['score', '--rubric', rubric, '--max-xlsx-bytes', String(unpacked), path]);
    expect(read.stderr).toContain('200 rows: 200 scored');
  });
});
