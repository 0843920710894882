import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESET_DEFINITIONS } from '../src/engine.js';
import { decodeBytes, defaultMapping, loadMapping, type Preset, parseCsv, readExport } from '../src/index.js';
import { readExportFile } from '../src/node/index.js';
import { FIXTURES, ROOT, readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const dir = join(FIXTURES, 'exports', 'presets');
const rubric = mustLoad(readRepoFile('test', 'fixtures', 'exports', 'presets', 'rubric.yaml'));
const files: [string, Preset][] = [
  ['mahvan.csv', 'mahvan'],
  ['mahvan-windows-1255.csv', 'mahvan'],
  ['google-forms.csv', 'google-forms'],
  ['qualtrics.csv', 'qualtrics'],
  ['kobo.csv', 'kobo'],
  ['limesurvey.csv', 'limesurvey'],
];

describe('streaming an export file gives what reading it whole gives', () => {
  it.each(
    files.flatMap(([f, p]) => [7, 64, 65536].map((size) => [f, p, size] as const)),
  )('%s (%s) in chunks of %d bytes', async (file, preset, chunkSize) => {
    const decoded = decodeBytes(readFileSync(join(dir, file)));
    if ('error' in decoded) throw new Error('decode');
    const whole = readExport(
      parseCsv(decoded.text, { headerRows: PRESET_DEFINITIONS[preset].headerRows }),
      rubric,
      defaultMapping(preset),
      { file },
    );
    const streamed = await readExportFile(join(dir, file), rubric, defaultMapping(preset), { file, chunkSize });
    expect(streamed.decoded?.encoding).toBe(decoded.encoding);
    expect(streamed.account).toEqual(whole.account);
    expect(streamed.assessments).toEqual(whole.assessments);
    // the header rows told from a Qualtrics file are reported; a table is given its header rows
    const told = streamed.diagnostics.filter((d) => d.code === 'export-header-rows');
    expect(told.length).toBe(preset === 'qualtrics' ? 1 : 0);
    expect(streamed.diagnostics.filter((d) => d.code !== 'export-header-rows')).toEqual(whole.diagnostics);
  });

  // the bundled export (700 KB) is read from a sample of its start cut at a line end: in UTF-16 a line feed
  // is two bytes, and a cut between them refused every file over 64 KiB
  it.each([
    ['UTF-16LE with a BOM', 'utf-16le', true],
    ['UTF-16BE with a BOM', 'utf-16be', true],
    ['UTF-16LE without one', 'utf-16le', false],
  ] as const)('reads a large export in %s as it reads the UTF-8 one', async (_, encoding, mark) => {
    const il = mustLoad(readRepoFile('rubrics', 'il-local-authority-capability.yaml'));
    const mapping = loadMapping(readRepoFile('examples', 'mapping.yaml'));
    if (!mapping.ok) throw new Error('mapping');
    const utf8 = join(ROOT, 'examples', 'data', 'survey-export-2026.csv');
    const text = readFileSync(utf8, 'utf8').replace(/^\ufeff/, '');
    const le = Buffer.from(text, 'utf16le');
    const bytes = encoding === 'utf-16le' ? le : Buffer.from(le).swap16();
    const path = join(mkdtempSync(join(tmpdir(), 'mahvan-')), 'wide.csv');
    const bom = encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff];
    writeFileSync(path, mark ? Buffer.concat([Buffer.from(bom), bytes]) : bytes);
    expect(bytes.length).toBeGreaterThan(65536 * 4);
    const wide = await readExportFile(path, il, mapping.mapping, { file: 'x.csv' });
    const narrow = await readExportFile(utf8, il, mapping.mapping, { file: 'x.csv' });
    expect(wide.decoded?.encoding).toBe(encoding);
    expect(wide.account).toEqual(narrow.account);
    expect(wide.account.scored).toBeGreaterThan(1000);
    expect(wide.assessments).toEqual(narrow.assessments);
  });

  it('rejects the row of a cell with invalid bytes, naming the cell, the encoding and the option to change it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'mahvan-')), 'bad.csv');
    writeFileSync(
      path,
      Buffer.concat([Buffer.from('subject_id,map.calls\r\nLA-1,3\r\n'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\r\n')]),
    );
    const reading = await readExportFile(path, rubric, defaultMapping('mahvan'), { file: 'bad.csv', encoding: 'utf-8' });
    expect(reading.account).toMatchObject({ rows: 2, scored: 1, rejected: 1, skipped: 0 });
    const bad = reading.diagnostics.filter((d) => d.code === 'export-invalid-bytes');
    expect(bad.map((d) => [d.message, d.range?.start.line, d.range?.start.column])).toEqual([
      ['Cell A3 holds bytes that are not valid utf-8; the row is rejected.', 3, 1],
    ]);
    expect(bad[0]?.hint).toContain('--encoding');
  });

  it('finds a bad byte past the sample it sniffs, in its cell', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'mahvan-')), 'late.csv');
    const lines = ['subject_id,map.calls', ...Array.from({ length: 12000 }, (_, i) => `LA-${i},מבוסס`)];
    const head = Buffer.from(`${lines.join('\r\n')}\r\nLA-x,`);
    writeFileSync(path, Buffer.concat([head, Buffer.from([0xff]), Buffer.from('\r\n')]));
    expect(head.length).toBeGreaterThan(3 * 65536);
    for (const chunkSize of [4096, 65536]) {
      const reading = await readExportFile(path, rubric, defaultMapping('mahvan'), { file: 'late.csv', chunkSize });
      expect(reading.account).toMatchObject({ rows: 12001, scored: 12000, rejected: 1 });
      expect(reading.diagnostics.filter((d) => d.code === 'export-invalid-bytes').map((d) => d.message)).toEqual([
        'Cell B12002 holds bytes that are not valid utf-8; the row is rejected.',
      ]);
    }
  });
});

describe('an export in a code page or UTF-8, with LF or CRLF, read from its bytes', () => {
  // the mahvan fixture without quotes (a comma or line break inside a cell becomes a space, a cell with a quote
  // is left empty), its rows repeated with other respondents, plus a short row, a blank line and a row with an
  // extra cell
  const decoded = decodeBytes(readFileSync(join(dir, 'mahvan.csv')));
  if ('error' in decoded) throw new Error('decode');
  const table = parseCsv(decoded.text);
  const plain = (cells: readonly string[]) => cells.map((c) => (c.includes('"') ? '' : c.replace(/[\r\n,]/g, ' '))).join(',');
  const rows = Array.from({ length: 40 }, (_, i) =>
    table.rows.map((r) => plain(r.cells.map((c, k) => (k === 3 ? `${c}-${i}` : c)))),
  ).flat();
  rows.splice(5, 0, 'LA-1,עיריית רהט,2026', '', `${rows[0]},extra`);
  // windows-1255 bytes of ASCII and Hebrew letters
  const windows1255 = (text: string) =>
    Uint8Array.from(text, (c) => (c.charCodeAt(0) < 0x80 ? c.charCodeAt(0) : c.charCodeAt(0) - 0x05d0 + 0xe0));

  it.each(
    (['utf-8', 'windows-1255'] as const).flatMap((encoding) =>
      ['\n', '\r\n'].flatMap((newline) =>
        [7, 64, 65536].map((size) => [encoding, JSON.stringify(newline), size, newline] as const),
      ),
    ),
  )('in %s, lines ending %s, in chunks of %d bytes, as the reference reader reads its text', async (encoding, _, chunkSize, newline) => {
    const { readExportData } = await import('../src/node/index.js');
    const { exportTable, profileTable, scoreAssessment, tableCsv } = await import('../src/index.js');
    const { referenceReadExport } = await import('./helpers/reference/index.js');
    const text = [plain(table.header), ...rows].join(newline) + newline;
    expect(text).not.toContain('"');
    const path = join(mkdtempSync(join(tmpdir(), 'mahvan-')), 'plain.csv');
    writeFileSync(path, encoding === 'utf-8' ? Buffer.from(text) : windows1255(text));
    const mapping = defaultMapping('mahvan');
    const options = { file: 'plain.csv', encoding, chunkSize };
    const full = await readExportFile(path, rubric, mapping, options);
    const reference = referenceReadExport(parseCsv(text), rubric, mapping, { file: 'plain.csv' });
    expect([full.account, full.diagnostics, full.assessments]).toEqual([
      reference.account,
      reference.diagnostics,
      reference.assessments,
    ]);
    expect(full.account.scored).toBeGreaterThan(50);
    const codes = full.account.rejections.map((r) => r.code);
    expect(codes).toContain('row-missing-subject');
    expect(codes).toContain('row-extra-cells');
    expect(full.account.skipped).toBe(1);
    const profiles = full.assessments.map((a) => scoreAssessment(rubric, a));
    const data = await readExportData(path, rubric, mapping, options);
    expect(tableCsv(exportTable(data))).toBe(tableCsv(profileTable(rubric, profiles)));
  });
});

describe('XLSX exports', () => {
  it('read the same as the CSV they were saved from', async () => {
    const { writeXlsx } = await import('../src/node/index.js');
    const decoded = decodeBytes(readFileSync(join(dir, 'google-forms.csv')));
    if ('error' in decoded) throw new Error('decode');
    const table = parseCsv(decoded.text);
    const path = join(mkdtempSync(join(tmpdir(), 'mahvan-')), 'google-forms.xlsx');
    await writeXlsx(path, { 'Form Responses 1': [table.header, ...table.rows.map((r) => r.cells)] });
    const mapping = defaultMapping('google-forms');
    const fromXlsx = await readExportFile(path, rubric, mapping, { file: 'google-forms.csv' });
    const fromCsv = readExport(table, rubric, mapping, { file: 'google-forms.csv' });
    expect(fromXlsx.account).toEqual(fromCsv.account);
    expect(fromXlsx.assessments).toEqual(fromCsv.assessments);
  });

  it('read a formula by its saved result, and one saved without a result as the formula', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const { readTableFile } = await import('../src/node/index.js');
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('s');
    sheet.addRow(['subject_id', 'a', 'b']);
    sheet.addRow(['LA-1', { formula: '1+2', result: 3 }, { formula: 'B2*2' }]);
    const path = join(mkdtempSync(join(tmpdir(), 'mahvan-')), 'formulas.xlsx');
    await book.xlsx.writeFile(path);
    const read = await readTableFile(path);
    if (!read.ok) throw new Error('read');
    expect(read.table.rows[0]?.cells).toEqual(['LA-1', '3', '=B2*2']);
  });

  it('read an error value as Excel shows it: an answer reported as invalid, a subject id as missing', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('s');
    sheet.addRow(['subject_id', 'respondent_id', 'map.calls', 'util.rate']);
    sheet.addRow(['LA-1', 'r1', { formula: 'VLOOKUP(1,X:Y,2)', result: { error: '#N/A' } }, 50]);
    sheet.addRow([{ formula: '1/0', result: { error: '#DIV/0!' } }, 'r2', 'מבוסס', 40]);
    sheet.addRow(['LA-2', 'r3', { error: '#VALUE!' }, 70]);
    const dir = mkdtempSync(join(tmpdir(), 'mahvan-'));
    await book.xlsx.writeFile(join(dir, 'errors.xlsx'));
    // Excel writes the same errors into a CSV as text
    writeFileSync(
      join(dir, 'errors.csv'),
      'subject_id,respondent_id,map.calls,util.rate\nLA-1,r1,#N/A,50\n#DIV/0!,r2,מבוסס,40\nLA-2,r3,#VALUE!,70\n',
    );
    for (const file of ['errors.xlsx', 'errors.csv']) {
      const reading = await readExportFile(join(dir, file), rubric, defaultMapping('mahvan'), { file });
      expect([file, reading.account.rejections.map((r) => [r.row, r.cell, r.value, r.code, r.reason])]).toEqual([
        file,
        [
          [2, 'C2', '#N/A', 'row-invalid-answer', 'a spreadsheet error (a formula that failed), not an answer'],
          [3, 'A3', '#DIV/0!', 'row-missing-subject', "the subject cell holds the spreadsheet error '#DIV/0!'"],
          [4, 'C4', '#VALUE!', 'row-invalid-answer', 'a spreadsheet error (a formula that failed), not an answer'],
        ],
      ]);
      expect(reading.diagnostics.find((d) => d.code === 'row-missing-subject')?.message).toBe(
        "Cell A3 (column 'subject_id') holds the spreadsheet error '#DIV/0!', not a subject id; the row is rejected.",
      );
    }
  });
});

describe('lines ending CR CR LF (a CRLF file converted again)', () => {
  it('read as the same file with CRLF, streamed or whole: no blank rows, no row cut off', async () => {
    const crlf = readFileSync(join(dir, 'mahvan.csv'), 'utf8');
    expect(crlf).toContain('\r\n');
    const doubled = crlf.replaceAll('\r\n', '\r\r\n');
    const path = join(mkdtempSync(join(tmpdir(), 'mahvan-')), 'doubled.csv');
    writeFileSync(path, doubled);
    const mapping = defaultMapping('mahvan');
    const expected = await readExportFile(join(dir, 'mahvan.csv'), rubric, mapping, { file: 'x.csv' });
    const streamed = await readExportFile(path, rubric, mapping, { file: 'x.csv' });
    const whole = readExport(parseCsv(doubled), rubric, mapping, { file: 'x.csv' });
    for (const reading of [streamed, whole]) {
      expect(reading.account).toEqual(expected.account);
      expect(reading.assessments).toEqual(expected.assessments);
    }
  });
});

describe('a Qualtrics export with fewer header rows than Qualtrics writes', () => {
  // the fixture as a spreadsheet user leaves it: the question texts and the ImportId row deleted (one header
  // row), or only the ImportId row (two, as legacy exports have)
  const text = readFileSync(join(dir, 'qualtrics.csv'), 'utf8');
  const table = parseCsv(text.replace(/^\ufeff/, ''), { headerRows: 3 });
  const line = (cells: readonly string[]) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',');
  const responses = table.rows.map((r) => line(r.cells));
  it.each([
    [1, [table.headerRows[0] as string[]]],
    [2, table.headerRows.slice(0, 2) as string[][]],
    [3, table.headerRows as string[][]],
  ])('with %d header row(s) reads every response, as it reads the whole export', async (count, header) => {
    const path = join(mkdtempSync(join(tmpdir(), 'mahvan-')), 'qualtrics.csv');
    writeFileSync(path, `${[...header.map(line), ...responses].join('\r\n')}\r\n`);
    const mapping = defaultMapping('qualtrics');
    const whole = await readExportFile(join(dir, 'qualtrics.csv'), rubric, mapping);
    const cut = await readExportFile(path, rubric, mapping);
    expect(cut.account.rows).toBe(whole.account.rows);
    expect(cut.account.scored).toBe(whole.account.scored);
    expect(cut.account.rejections.map((r) => [r.row + 3 - count, r.code])).toEqual(
      whole.account.rejections.map((r) => [r.row, r.code]),
    );
    expect(cut.assessments).toEqual(whole.assessments);
    // and the same rows saved as XLSX
    const { writeXlsx } = await import('../src/node/index.js');
    const xlsx = path.replace(/csv$/, 'xlsx');
    await writeXlsx(xlsx, { Sheet1: [...header, ...table.rows.map((r) => [...r.cells])] });
    const book = await readExportFile(xlsx, rubric, mapping);
    expect([book.account.rows, book.account.scored]).toEqual([whole.account.rows, whole.account.scored]);
    expect(book.assessments).toEqual(whole.assessments);
  });
});
