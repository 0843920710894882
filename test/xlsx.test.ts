import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readTableFile, writeXlsx, xlsxBytes } from '../src/node/index.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('XLSX output', () => {
  it('is the same bytes whenever it is written, and reads back as written', async () => {
    const sheets = {
      Profiles: [
        ['subject', 'שם', 'overall'],
        ['LA-001', 'عين الزيتون', 2.25],
        ['LA-002', null, 3],
      ],
    };
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-05T08:30:00Z'));
    const first = await xlsxBytes(sheets);
    vi.setSystemTime(new Date('2031-07-19T17:45:13Z'));
    const second = await xlsxBytes(sheets);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    vi.useRealTimers();

    const path = join(mkdtempSync(join(tmpdir(), 'mahvan-xlsx-')), 'profiles.xlsx');
    await writeXlsx(path, sheets);
    const read = await readTableFile(path, { headerRows: 1 });
    if (!read.ok) throw new Error('unreadable');
    expect(read.table.header).toEqual(['subject', 'שם', 'overall']);
    expect(read.table.rows.map((r) => r.cells)).toEqual([
      ['LA-001', 'عين الزيتون', '2.25'],
      ['LA-002', '', '3'],
    ]);
  });
});
