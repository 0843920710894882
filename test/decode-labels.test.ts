import { describe, expect, it } from 'vitest';
import { normalizeLabel } from '../src/engine.js';
import { lastLineEnd } from '../src/exports/decode.js';
import { decodeBytes } from '../src/index.js';

const cp1255 = (s: string) => Uint8Array.from([...s].map((c) => (c === ' ' ? 0x20 : c.charCodeAt(0) - 0x05d0 + 0xe0)));
// windows-1256 bytes of "مرحبا بكم": م E3, ر D1, ح CD, ب C8, ا C7, space, ب C8, ك DF, م E3
const arabic1256 = Uint8Array.from([0xe3, 0xd1, 0xcd, 0xc8, 0xc7, 0x20, 0xc8, 0xdf, 0xe3]);

describe('decodeBytes', () => {
  it.each([
    ['UTF-8 with a BOM', Uint8Array.from([0xef, 0xbb, 0xbf, 0xd7, 0xa9]), 'ש', 'utf-8', 'bom'],
    ['UTF-8 without a BOM', new TextEncoder().encode('שלום'), 'שלום', 'utf-8', 'valid-utf-8'],
    ['UTF-16LE with a BOM', Uint8Array.from([0xff, 0xfe, 0xe9, 0x05, 0x3c, 0x00]), 'ש<', 'utf-16le', 'bom'],
    ['UTF-16BE with a BOM', Uint8Array.from([0xfe, 0xff, 0x05, 0xe9]), 'ש', 'utf-16be', 'bom'],
    ['windows-1255 Hebrew', cp1255('שלום עולם'), 'שלום עולם', 'windows-1255', 'byte-statistics'],
    // without a mark, UTF-16 is told by the zero high bytes of its ASCII characters
    ['UTF-16LE without a BOM', Uint8Array.from([0xe9, 0x05, 0x2c, 0x00, 0x31, 0x00]), 'ש,1', 'utf-16le', 'byte-statistics'],
    ['UTF-16BE without a BOM', Uint8Array.from([0x05, 0xe9, 0x00, 0x2c, 0x00, 0x31]), 'ש,1', 'utf-16be', 'byte-statistics'],
    ['windows-1256 Arabic', arabic1256, 'مرحبا بكم', 'windows-1256', 'byte-statistics'],
  ])('%s', (_, bytes, text, encoding, basis) => {
    expect(decodeBytes(bytes)).toEqual({ text, encoding, basis });
  });

  // a sample of a file is cut after its last whole line; in UTF-16 a line feed is two bytes
  it.each([
    ['UTF-8', [0x61, 0x0a, 0x62, 0x0a, 0x63], undefined, 4],
    ['UTF-16LE with a BOM', [0xff, 0xfe, 0x61, 0x00, 0x0a, 0x00, 0x62, 0x00, 0x0a], undefined, 6],
    ['UTF-16LE without one', [0x61, 0x00, 0x0a, 0x00, 0x62, 0x00, 0x0a], undefined, 4],
    ['UTF-16BE with a BOM', [0xfe, 0xff, 0x00, 0x61, 0x00, 0x0a, 0x00, 0x62, 0x00], undefined, 6],
    ['UTF-16LE named, a line feed in the high byte of a character', [0x61, 0x00, 0x00, 0x0a, 0x62, 0x00], 'utf-16le', 6],
    ['no line feed', [0x61, 0x62], undefined, 2],
  ] as const)('lastLineEnd: %s', (_, bytes, encoding, end) => {
    expect(lastLineEnd(Uint8Array.from(bytes), encoding)).toBe(end);
  });

  it('follows the encoding option over detection', () => {
    // windows-1256 defines every byte, so Hebrew bytes read as Arabic when the user says so
    expect(decodeBytes(cp1255('שלום'), { encoding: 'windows-1256' })).toMatchObject({
      encoding: 'windows-1256',
      basis: 'option',
    });
  });

  it('reports the first invalid byte rather than guessing', () => {
    // 0xFB is undefined in windows-1255
    expect(decodeBytes(Uint8Array.from([0xf9, 0xec, 0xfb]), { encoding: 'windows-1255' })).toEqual({
      error: 'invalid-bytes',
      encoding: 'windows-1255',
      offset: 2,
      line: 1,
      column: 3,
    });
    // a windows-1255 letter (א, 0xE0) starts a UTF-8 sequence that the next byte breaks: the letter is the bad byte
    expect(decodeBytes(Uint8Array.from([0x61, 0xe0, 0x62]), { encoding: 'utf-8' })).toEqual({
      error: 'invalid-bytes',
      encoding: 'utf-8',
      offset: 1,
      line: 1,
      column: 2,
    });
    // a UTF-8 sequence cut short at the end
    expect(decodeBytes(Uint8Array.from([0x41, 0xd7]), { encoding: 'utf-8' })).toEqual({
      error: 'invalid-bytes',
      encoding: 'utf-8',
      offset: 1,
      line: 1,
      column: 2,
    });
  });

  it('reports UTF-8 with a few broken bytes where it breaks, rather than reading it all as a code page', () => {
    // Hebrew in UTF-8 over three lines, and two stray bytes on the third (a windows-1255 'שם')
    const bytes = Buffer.concat([
      Buffer.from('subject_id,שם הרשות\nLA-1,עיריית רהט\nLA-2,'),
      Buffer.from([0xf9, 0xed]),
      Buffer.from(',מועצה מקומית\n'),
    ]);
    const at = Buffer.from('subject_id,שם הרשות\nLA-1,עיריית רהט\nLA-2,').length;
    expect(decodeBytes(bytes)).toEqual({ error: 'invalid-bytes', encoding: 'utf-8', offset: at, line: 3, column: 6 });
    // the same words in windows-1255 throughout are still read as windows-1255
    const hebrew = Uint8Array.from([0xf9, 0xed, 0x2c, 0xf8, 0xe4, 0xe8, 0x0a]);
    expect(decodeBytes(hebrew)).toMatchObject({ text: 'שם,רהט\n', encoding: 'windows-1255' });
  });
});

describe('normalizeLabel', () => {
  it.each([
    ['  Established ', 'established'],
    ['\u200fמבוסס\u200e', 'מבוסס'],
    ['מְבֻסָּס', 'מבסס'],
    ['رَاسِخ', 'راسخ'],
    ['\u202bלא  רלוונטי\u202c', 'לא רלוונטי'],
  ])('%j → %j', (label, expected) => {
    expect(normalizeLabel(label)).toBe(expected);
  });
});

describe('multiple-choice cells', () => {
  it('split on the separator, even when a label contains it (as Google Forms writes)', async () => {
    const { readCell, scaleLabels } = await import('../src/engine.js');
    const scale = {
      name: 'docs',
      type: 'checklist' as const,
      notApplicable: false,
      range: [0, 1] as const,
      levels: [
        { key: 'reconciliation', points: 1, label: 'Reconciliation: approved, received, spent' },
        { key: 'log', points: 1, label: 'Payment log' },
      ],
      extensions: {},
    };
    const labels = scaleLabels(scale);
    const read = (cell: string) => readCell(cell, scale, labels, new Set(), /\s*,\s+/);
    expect(read('Reconciliation: approved, received, spent, Payment log')).toEqual({ value: ['reconciliation', 'log'] });
    expect(read('Payment log')).toEqual({ value: ['log'] });
    expect(read('Payment log, Minutes')).toEqual({ invalid: "'minutes' is not an option" });
  });
});
