import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBytes, defaultMapping, PRESET_DEFINITIONS, type Preset, parseCsv, readExport } from '../src/index.js';
import { readExportFile } from '../src/node/index.js';
import { FIXTURES, readRepoFile } from './helpers/fixtures.js';
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
    expect(streamed.diagnostics).toEqual(whole.diagnostics);
  });

  it('reports invalid bytes with their offset, naming the encoding and the option to change it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'mahvan-')), 'bad.csv');
    writeFileSync(
      path,
      Buffer.concat([Buffer.from('subject_id,map.calls\r\nLA-1,3\r\n'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('\r\n')]),
    );
    const reading = await readExportFile(path, rubric, defaultMapping('mahvan'), { file: 'bad.csv', encoding: 'utf-8' });
    expect(reading.ok).toBe(false);
    expect(reading.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['export-invalid-bytes', 'The bytes at offset 30 are not valid utf-8.'],
    ]);
    expect(reading.diagnostics[0]?.hint).toContain('--encoding');
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
});
