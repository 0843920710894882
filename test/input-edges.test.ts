// The edges of reading an export's bytes (issue 20, class 4): Hebrew and Arabic code pages told apart by their
// letters, NUL bytes, line breaks of every kind in one file, bytes not valid in a cell, and a sheet that is not
// there. Each row of every case ends scored, rejected with its cell and reason, or skipped, and the counts add up.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBytes, defaultMapping, parseCsv, readExport } from '../src/index.js';
import { readExportFile, writeXlsx } from '../src/node/index.js';
import { runCli } from './helpers/cli.js';
import { codePageBytes } from './helpers/csv.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const RUBRIC = 'test/fixtures/policy/rubric.yaml';
const rubric = mustLoad(readRepoFile(...RUBRIC.split('/')));
const dir = mkdtempSync(join(tmpdir(), 'mahvan-edges-'));
const HEADER = 'subject_id,respondent_id,FIN,CTRL,HR';

const codePage = codePageBytes;

/** Writes bytes to a file of the test's folder; its path. */
function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** The row account line the CLI prints for a file. */
const accountLine = (stderr: string, path: string) => stderr.split('\n').find((l) => l.startsWith(`${path}: `));

describe('windows-1255 and windows-1256 told apart by their letters', () => {
  it.each([
    ['Hebrew without points', 'windows-1255', ['שלום', 'ירושלים', 'תל אביב']],
    ['Hebrew with points (niqqud, Arabic letters in 1256)', 'windows-1255', ['שָׁלוֹם', 'בְּרֵאשִׁית', 'יְרוּשָׁלַיִם']],
    ['Arabic without harakat', 'windows-1256', ['السلام', 'الناصرة', 'كفر قاسم']],
    ['Arabic with harakat (Hebrew letters in 1255)', 'windows-1256', ['السَّلَامُ', 'مُحَمَّدٌ', 'بَلَدِيَّةُ']],
  ] as const)('%s: read in %s, every name as written', async (_, encoding, names) => {
    const csv = `${HEADER}\n${names.map((n, i) => `${n},r${i},3,4,2`).join('\n')}\n`;
    const path = file(`${encoding}-${names[0]}.csv`, codePage(csv, encoding));
    expect(decodeBytes(codePage(csv, encoding))).toMatchObject({ text: csv, encoding });
    const { status, stdout, stderr } = await runCli(['score', '--rubric', RUBRIC, '--format', 'csv', path]);
    expect(status).toBe(0);
    expect(accountLine(stderr, path)).toBe(`${path}: 3 rows: 3 scored, 0 rejected, 0 skipped (${encoding})`);
    const subjects = stdout
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    expect(subjects.sort()).toEqual([...names].sort());
  });

  it('says so when the letters read as well in both, naming them and the option, and still counts every row', async () => {
    // every byte of דוד and בול is an Arabic letter in windows-1256 too: مهم and لهى
    const csv = `${HEADER}\nדוד,r1,3,4,2\nבול,r2,3,4,2\n`;
    expect(decodeBytes(codePage(csv, 'windows-1255'))).toEqual({
      error: 'ambiguous-encoding',
      encodings: ['windows-1255', 'windows-1256'],
    });
    const path = file('ambiguous.csv', codePage(csv, 'windows-1255'));
    const { status, stderr } = await runCli(['score', '--rubric', RUBRIC, path]);
    expect(status).toBe(1);
    expect(stderr).toContain(
      `${path} error export-ambiguous-encoding The export's letters read as well in windows-1255 as in windows-1256`,
    );
    expect(stderr).toContain('hint: Name it with --encoding (windows-1255 or windows-1256');
    expect(accountLine(stderr, path)).toBe(`${path}: 2 rows: 0 scored, 2 rejected, 0 skipped`);
    const reading = await readExportFile(path, rubric, defaultMapping('mahvan'));
    expect(reading.account.rejections.map((r) => [r.row, r.code, r.reason])).toEqual(
      [2, 3].map((row) => [
        row,
        'export-ambiguous-encoding',
        "the export's encoding cannot be told (see the diagnostics before the rows)",
      ]),
    );
    // declared, it reads
    const declared = await runCli(['score', '--rubric', RUBRIC, '--encoding', 'windows-1255', '--format', 'csv', path]);
    expect([declared.status, declared.stdout.includes('דוד')]).toEqual([0, true]);
  });
});

describe('NUL bytes', () => {
  const utf8 = Buffer.concat([Buffer.from(`${HEADER}\nA,r1,3,4,2\nB,r`), Buffer.from([0]), Buffer.from('2,3,4,2\nC,r3,3,4,2\n')]);
  const text = `${HEADER}\nA,r1,3,4,2\nB,r2,3,4,2\n`;

  it.each([
    ['a NUL in UTF-8', utf8, { rows: 3, scored: 2, rejected: 1 }, 'utf-8', [[3, 'B3', 'export-nul-byte']]],
    [
      'a NUL in windows-1255',
      Buffer.concat([codePage('subject_id,respondent_id,FIN,CTRL,HR\nש,r1,3,4,2\nB,', 'windows-1255'), Buffer.from([0, 0x0a])]),
      { rows: 2, scored: 1, rejected: 1 },
      'windows-1255',
      [[3, 'B3', 'export-nul-byte']],
    ],
    ['UTF-16LE without a BOM', Buffer.from(text, 'utf16le'), { rows: 2, scored: 2, rejected: 0 }, 'utf-16le', []],
    [
      'UTF-16BE with a BOM',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
      { rows: 2, scored: 2, rejected: 0 },
      'utf-16be',
      [],
    ],
  ] as const)('%s: every row accounted, a NUL rejected at its cell', async (name, bytes, account, encoding, rejections) => {
    const path = file(`${name}.csv`, bytes);
    const reading = await readExportFile(path, rubric, defaultMapping('mahvan'));
    expect(reading.account).toMatchObject({ ...account, skipped: 0 });
    expect(reading.decoded?.encoding).toBe(encoding);
    expect(reading.account.rejections.map((r) => [r.row, r.cell, r.code])).toEqual(rejections);
  });

  it('the CLI names the cell as file:line:column, with a hint; the whole text decoded names line and column', async () => {
    const path = file('nul-cli.csv', utf8);
    const { status, stderr } = await runCli(['score', '--rubric', RUBRIC, path]);
    expect(status).toBe(0);
    expect(stderr).toContain(
      `${path}:3:2 error export-nul-byte Cell B3 holds a NUL (zero) byte, which no utf-8 text holds; the row is rejected.`,
    );
    expect(stderr).toContain('hint: The file is damaged, or it is UTF-16');
    expect(accountLine(stderr, path)).toBe(`${path}: 3 rows: 2 scored, 1 rejected, 0 skipped (utf-8)`);
    expect(decodeBytes(utf8)).toEqual({ error: 'nul-byte', encoding: 'utf-8', offset: 51, line: 3, column: 4 });
  });
});

describe('line breaks of every kind in one file', () => {
  const rows = ['A,r1,3,4,2', 'B,r2,3,4,2', 'C,r3,3,4,2', 'D,r4,3,4,2'];
  it.each([
    ['CRLF with one row ended by LF', `${HEADER}\r\n${rows[0]}\r\n${rows[1]}\n${rows[2]}\r\n${rows[3]}\r\n`],
    ['LF with one row ended by CRLF', `${HEADER}\n${rows[0]}\n${rows[1]}\r\n${rows[2]}\n${rows[3]}\n`],
    ['CRLF with one row ended by a lone CR', `${HEADER}\r\n${rows[0]}\r${rows[1]}\r\n${rows[2]}\r\n${rows[3]}`],
    ['CR, LF and CRLF in turn', `${HEADER}\r${rows[0]}\n${rows[1]}\r\n${rows[2]}\r${rows[3]}\n`],
  ])('%s: every row read, streamed or whole', async (name, csv) => {
    const path = file(`${name}.csv`, csv);
    const streamed = await readExportFile(path, rubric, defaultMapping('mahvan'));
    const whole = readExport(parseCsv(csv), rubric, defaultMapping('mahvan'));
    for (const reading of [streamed, whole]) {
      expect(reading.account).toMatchObject({ rows: 4, scored: 4, rejected: 0, skipped: 0 });
      expect(reading.assessments.map((a) => a.subject.id)).toEqual(['A', 'B', 'C', 'D']);
    }
  });
});

describe('bytes not valid in a cell', () => {
  const header = 'subject_id,FIN,CTRL,HR,respondent_id';
  const good = `${header}\nA,3,4,2,רות\nB,3,4,2,דנה\n`;
  const cut = Buffer.from(`${good}C,3,4,2,רות`);
  it.each([
    // the file cut inside its last character (ת is two bytes): only that row is lost
    ['cut inside its last character', cut.subarray(0, cut.length - 1), 3, 'E4'],
    [
      'a broken byte mid-file',
      Buffer.concat([
        Buffer.from(`${header}\nA,3,4,2,ר`),
        Buffer.from([0xff]),
        Buffer.from(`\n${good.slice(header.length + 1)}`),
      ]),
      3,
      'E2',
    ],
  ])('%s: the other rows scored, that row rejected at its cell, the counts add up', async (name, bytes, rows, cell) => {
    const path = file(`${name}.csv`, bytes);
    const { status, stderr } = await runCli(['score', '--rubric', RUBRIC, path]);
    expect(status).toBe(0);
    const row = Number(cell.slice(1));
    expect(stderr).toContain(
      `${path}:${row}:5 error export-invalid-bytes Cell ${cell} holds bytes that are not valid utf-8; the row is rejected.`,
    );
    expect(accountLine(stderr, path)).toBe(`${path}: ${rows} rows: ${rows - 1} scored, 1 rejected, 0 skipped (utf-8)`);
    const reading = await readExportFile(path, rubric, defaultMapping('mahvan'));
    expect(reading.account.rejections.map((r) => [r.cell, r.reason])).toEqual([
      [cell, 'bytes in the cell that are not valid utf-8'],
    ]);
  });
});

describe('bytes not valid in a header cell', () => {
  it('are reported at the cell, and the rows still read and counted', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER},הערה`),
      Buffer.from([0xff]),
      Buffer.from('\nA,r1,3,4,2,\nB,r2,3,4,2,\n'),
    ]);
    const reading = await readExportFile(file('bad-header.csv', bytes), rubric, defaultMapping('mahvan'), { file: 'h.csv' });
    const bad = reading.diagnostics.filter((d) => d.code === 'export-invalid-bytes');
    expect(bad.map((d) => [d.message, d.range?.start.line, d.range?.start.column])).toEqual([
      ["Cell F1 holds bytes that are not valid utf-8; the column's name is not what was written.", 1, 6],
    ]);
    expect(reading.account).toMatchObject({ rows: 2, scored: 2, rejected: 0, skipped: 0 });
  });
});

describe('a sheet that is not in the workbook', () => {
  it.each([
    ['nosuch', "The workbook has no sheet 'nosuch'; its sheets are 'Responses', 'Summary'.", 'Name one of its sheets'],
    ['Responces', "The workbook has no sheet 'Responces'; its sheets are 'Responses', 'Summary'.", "Did you mean 'Responses'?"],
  ])('--sheet %s names the sheets there are', async (sheet, message, hint) => {
    const path = join(dir, 'book.xlsx');
    await writeXlsx(path, { Responses: [HEADER.split(','), ['A', 'r1', 3, 4, 2]], Summary: [['total'], [1]] });
    const { status, stderr } = await runCli(['score', '--rubric', RUBRIC, '--sheet', sheet, path]);
    expect(status).toBe(1);
    expect(stderr).toContain(`${path} error export-no-sheet ${message}`);
    expect(stderr).toContain(`hint: ${hint}`);
    expect(stderr).not.toContain('no header row');
  });
});
