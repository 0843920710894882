// Hostile and broken input, one case each: prototype keys in JSON and CSV, invalid bytes in every encoding,
// truncated files, the row limit, atomic and repeatable outputs, and markup from the rubric itself in reports.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeBytes,
  defaultMapping,
  loadRubric,
  parseCsv,
  readExport,
  renderSubjectReport,
  scoreAssessment,
} from '../src/index.js';
import { readExportFile, readTableFile, writeFileAtomic } from '../src/node/index.js';
import { runCli } from './helpers/cli.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const rubric = mustLoad(readRepoFile('test', 'fixtures', 'policy', 'rubric.yaml'));
const tmp = () => mkdtempSync(join(tmpdir(), 'mahvan-hostile-'));
const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort();
const run = (...argv: string[]) => runCli(argv);

describe('prototype keys', () => {
  it('in assessment JSON: scored or refused, and no prototype touched', async () => {
    const before = prototypeNames();
    const dir = tmp();
    const file = join(dir, 'a.json');
    writeFileSync(
      file,
      '{"subject":{"id":"x","__proto__":{"polluted":1},"attributes":{"constructor":{"prototype":{"polluted":2}}}},"respondents":[{"id":"r","answers":{"__proto__":{"polluted":3},"FIN":3,"constructor":4}}]}',
    );
    const { status } = await run('score', '--rubric', 'test/fixtures/policy/rubric.yaml', file, '-o', join(dir, 'p.json'));
    expect([0, 1]).toContain(status);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(prototypeNames()).toEqual(before);
  });

  it('as CSV headers and cells: every row accounted for, and no prototype touched', () => {
    const before = prototypeNames();
    const csv = 'subject_id,__proto__,constructor,prototype,FIN\nA,{"polluted":1},x,y,3\n__proto__,1,2,3,4\n';
    const reading = readExport(parseCsv(csv), rubric, defaultMapping('mahvan'));
    expect(reading.account).toMatchObject({ rows: 2, scored: 2 });
    expect(reading.assessments.map((a) => a.subject.id)).toEqual(['A', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(prototypeNames()).toEqual(before);
  });
});

describe('invalid bytes in every supported encoding', () => {
  it.each([
    ['utf-8', [0x61, 0xff, 0x62], 1],
    ['utf-16le', [0x61, 0x00, 0x00, 0xd8, 0x62, 0x00], 2], // a lone high surrogate
    ['utf-16be', [0x00, 0x61, 0x00], 2], // an odd byte at the end
    ['windows-1255', [0x61, 0xd9], 1], // 0xD9 is unassigned in windows-1255
  ] as const)('%s: an error that says where', (encoding, bytes, offset) => {
    const decoded = decodeBytes(Uint8Array.from(bytes), { encoding });
    expect(decoded).toMatchObject({ error: 'invalid-bytes', encoding });
    // where: an offset within the bytes, at or after the first bad byte
    expect('offset' in decoded && decoded.offset).toBeGreaterThanOrEqual(0);
    expect('offset' in decoded && decoded.offset).toBeLessThanOrEqual(bytes.length);
    expect(offset).toBeLessThan(bytes.length);
  });

  it('windows-1256 assigns every byte: all but NUL (which no text holds) decode', () => {
    const all = Uint8Array.from({ length: 255 }, (_, i) => i + 1);
    expect('text' in decodeBytes(all, { encoding: 'windows-1256' })).toBe(true);
  });

  it('the CLI reports invalid bytes as a diagnostic, without a stack trace', async () => {
    const file = join(tmp(), 'bad.csv');
    writeFileSync(file, Buffer.from([...Buffer.from('subject_id,FIN\nA,'), 0xff, 0xfe, 0x33, 0x0a]));
    const { status, stderr } = await run('score', '--rubric', 'test/fixtures/policy/rubric.yaml', '--encoding', 'utf-8', file);
    expect(status).toBe(1);
    expect(stderr).toContain('export-invalid-bytes');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('truncated files', () => {
  it('a rubric cut in the middle gives positioned diagnostics', () => {
    const text = readRepoFile('test', 'fixtures', 'policy', 'rubric.yaml');
    const result = loadRubric(text.slice(0, Math.floor(text.length * 0.6)), { file: 'cut.yaml' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.range?.start.line).toBeGreaterThan(0);
  });

  it.each([
    ['a short last row without a line break', 'subject_id,respondent_id,FIN,CTRL,HR\nA,r1,3,4,2\nB,r1,3,'],
    ['an open quote', 'subject_id,respondent_id,FIN,CTRL,HR\nA,r1,3,4,2\nB,r1,"3,4\n'],
  ])('a CSV cut off (%s): the rows before are read, the cut row rejected and counted', async (_, csv) => {
    const viaText = readExport(parseCsv(csv), rubric, defaultMapping('mahvan'));
    const file = join(tmp(), 'cut.csv');
    writeFileSync(file, csv);
    const viaStream = await readExportFile(file, rubric, defaultMapping('mahvan'));
    for (const reading of [viaText, viaStream]) {
      expect(reading.account).toMatchObject({ rows: 2, scored: 1, rejected: 1, skipped: 0 });
      expect(reading.account.rejections.map((r) => [r.row, r.code])).toEqual([[3, 'export-truncated']]);
    }
    // a file not read whole is an error for the command, as JSON or as a table, not only a rejected row
    for (const format of ['json', 'csv']) {
      const { status, stderr } = await run('score', '--rubric', 'test/fixtures/policy/rubric.yaml', '--format', format, file);
      expect([format, status]).toEqual([format, 1]);
      expect(stderr).toContain('error export-truncated');
    }
  });

  it('a quote opened mid-file and never closed names its cell and the lines it swallowed', async () => {
    const csv = 'subject_id,respondent_id,FIN,CTRL,HR\nA,r1,3,4,2\nB,r1,"3,4,2\nC,r1,3,4,2\n\nD,r1,3,4,2\n';
    const file = join(tmp(), 'stray.csv');
    writeFileSync(file, csv);
    for (const reading of [
      readExport(parseCsv(csv), rubric, defaultMapping('mahvan')),
      await readExportFile(file, rubric, defaultMapping('mahvan')),
    ]) {
      expect(reading.account.rejections.map((r) => [r.row, r.code, r.reason])).toEqual([
        [3, 'export-truncated', 'a quote opened in C3 is never closed: the 2 line(s) after it were read into that cell'],
      ]);
      expect(reading.diagnostics.find((d) => d.code === 'export-truncated')?.message).toBe(
        'Cell C3 opens a quote that is never closed: the 2 line(s) after it were read into that cell, to the end of the file. Row 3 is rejected.',
      );
    }
  });

  it('a stray quote closed rows later is named as the likely cause of the cell it joined rows into', () => {
    const csv = 'subject_id,respondent_id,FIN,CTRL,HR\nA,r1,3,4,2\nB,r1,"3,4,2\nC,r1,3",4,2\nD,r1,3,4,2\n';
    const reading = readExport(parseCsv(csv), rubric, defaultMapping('mahvan'));
    expect(reading.account.rejections.map((r) => [r.row, r.cell, r.code, r.reason])).toEqual([
      [
        3,
        'C3',
        'row-invalid-answer',
        'text over several lines, not an answer (a stray quote may have joined the rows after it into this cell)',
      ],
    ]);
  });

  it('the same export given twice is refused, not scored twice', async () => {
    const file = join(tmp(), 'x.csv');
    writeFileSync(file, 'subject_id,FIN\nA,3\n');
    const { status, stderr } = await run('score', '--rubric', 'test/fixtures/policy/rubric.yaml', file, file);
    expect(status).toBe(2);
    expect(stderr).toBe(`mahvan: ${file} is given twice; give each input once\n`);
  });

  it('an XLSX cut off is an unreadable file, not a crash', async () => {
    const xlsx = join(tmp(), 'cut.xlsx');
    writeFileSync(xlsx, Buffer.from('PK\u0003\u0004 not really a zip'));
    const result = await readTableFile(xlsx);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.code)).toEqual(['export-unreadable']);
  });
});

describe('limits', () => {
  it('a huge scalar is refused before it is parsed, naming the option', () => {
    const result = loadRubric(`mahvan: 1\nid: x\ntitle: "${'a'.repeat(10_000_001)}"\n`);
    expect(result.diagnostics.map((d) => [d.code, d.hint?.includes('--max-size')])).toEqual([['input-too-large', true]]);
  });

  it('the row limit rejects the rows beyond it, counts them, and names the option', () => {
    const csv = `subject_id,FIN\n${Array.from({ length: 5 }, (_, i) => `S${i},3`).join('\n')}\n`;
    const reading = readExport(parseCsv(csv), rubric, defaultMapping('mahvan'), { maxRows: 3 });
    expect(reading.account).toMatchObject({ rows: 5, scored: 3, rejected: 2 });
    const d = reading.diagnostics.find((x) => x.code === 'export-too-many-rows');
    expect(d?.message).toContain('more than 3 rows');
    expect(d?.hint).toContain('--max-rows');
  });
});

describe('outputs', () => {
  it('are written atomically: a failed write leaves the old file and no temporary file', async () => {
    const dir = tmp();
    const file = join(dir, 'out.json');
    await writeFileAtomic(file, 'old');
    await expect(writeFileAtomic(file, Symbol('not text') as never)).rejects.toThrow();
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('are the same bytes when a run is repeated', async () => {
    const outputs = [];
    for (const dir of [tmp(), tmp()]) {
      const args = ['--rubric', 'rubrics/il-local-authority-capability.yaml'];
      await run(
        'score',
        ...args,
        '--mapping',
        'examples/mapping.yaml',
        'examples/data/survey-export-2026.csv',
        '-o',
        join(dir, 'p.json'),
      );
      await run(
        'recommend',
        ...args,
        '--policy',
        'policies/il-engagement.yaml',
        join(dir, 'p.json'),
        '-o',
        join(dir, 'r.json'),
        '--cohort',
        join(dir, 'c.json'),
      );
      outputs.push(['p.json', 'r.json', 'c.json'].map((f) => readFileSync(join(dir, f), 'utf8')));
    }
    expect(outputs[1]).toEqual(outputs[0]);
  }, 60_000);
});

describe('reports escape what came from the rubric too', () => {
  it('titles and labels with markup are shown as text', () => {
    const text = readRepoFile('test', 'fixtures', 'policy', 'rubric.yaml')
      .replace('title: Finance', 'title: "<script>alert(1)</script>"')
      .replace('{id: low, label: Low, from: 1}', '{id: low, label: "<img src=x onerror=alert(2)>", from: 1}');
    const evil = mustLoad(text);
    const profile = scoreAssessment(evil, {
      subject: { id: 's' },
      respondents: [{ id: 'r', answers: { FIN: 1, CTRL: 1, HR: 1 } }],
    });
    const html = renderSubjectReport({ rubric: evil, profile, locale: 'en' });
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
