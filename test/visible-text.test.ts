// Text from input cannot act on a terminal or a document: control characters (ESC's sequences retitle a
// terminal or erase the lines above), line breaks in one-line outputs, and direction overrides show as codes.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDiagnostic } from '../src/diagnostics/create.js';
import { formatDiagnostic } from '../src/diagnostics/format.js';
import { escapeHtml, escapeMarkdown } from '../src/report/text.js';
import { inert, oneLine, visibleLine } from '../src/text/visible.js';
import { runCli } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';

const ESC_TITLE = '\u001b]0;owned\u0007';

describe('visible text', () => {
  it.each([
    { text: `A${ESC_TITLE}B`, line: 'A[U+001B]]0;owned[U+0007]B', doc: 'A[U+001B]]0;owned[U+0007]B' },
    // C1's CSI (U+009B) starts an escape sequence as ESC [ does
    { text: 'x\u009b2Jy', line: 'x[U+009B]2Jy', doc: 'x[U+009B]2Jy' },
    // a bare CR, CR LF, LF and the Unicode separators are line breaks
    { text: 'a\rb\r\nc\nd\u2028e', line: 'a[U+000D]b[U+000D][U+000A]c[U+000A]d[U+2028]e', doc: 'a b c d e' },
    // a right-to-left override would reorder what follows it
    { text: 'עיריית\u202eabc', line: 'עיריית[U+202E]abc', doc: 'עיריית[U+202E]abc' },
    // tab, Hebrew, Arabic and marks that only set direction (LRM, RLM) are text
    { text: 'a\tב ع\u200f', line: 'a\tב ع\u200f', doc: 'a\tב ع\u200f' },
  ])('$text → $line', ({ text, line, doc }) => {
    expect(visibleLine(text)).toBe(line);
    expect(oneLine(text)).toBe(doc);
  });

  it('leaves no control character and no line break in a terminal line, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: what must not remain
        expect(visibleLine(text)).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
        expect(inert(text).replace(/\[U\+[0-9A-F]{4}\]/g, '').length).toBeLessThanOrEqual(text.length);
      }),
    );
  });

  it('makes Markdown cells one line and HTML text inert', () => {
    expect(escapeMarkdown('# heading\rnext|cell')).toBe('# heading next\\|cell');
    expect(escapeHtml(`<b>${ESC_TITLE}`)).toBe('&lt;b&gt;[U+001B]]0;owned[U+0007]');
  });

  it('shows a cell value with controls as codes in a diagnostic line', () => {
    const d = createDiagnostic(
      'row-unknown-role',
      { cell: 'J2', value: `boss${ESC_TITLE}\rx`, roles: ['ceo'] },
      { path: [], file: 'e.csv' },
    );
    const line = formatDiagnostic(d);
    expect(line).toContain('boss[U+001B]]0;owned[U+0007][U+000D]x');
    expect(line).not.toContain('\u001b');
  });

  it('keeps an export cell with an escape sequence from the terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mahvan-controls-'));
    const csv = join(dir, 'export.csv');
    const [header, first] = readFileSync(join(ROOT, 'examples/data/survey-export-2026.csv'), 'utf8').split('\n');
    // the first respondent's role, the director-general's title, becomes a role with an escape sequence in it
    const role = '"מנכ""ל/ית הרשות / מזכיר/ת המועצה"';
    expect(first).toContain(role);
    writeFileSync(csv, `${header}\n${(first as string).replace(role, `boss${ESC_TITLE}`)}\n`);
    const run = await runCli([
      'score',
      '--rubric',
      'rubrics/il-local-authority-capability.yaml',
      '--mapping',
      'examples/mapping.yaml',
      '--format',
      'csv',
      csv,
    ]);
    expect(run.stderr).toContain("'boss[U+001B]]0;owned[U+0007]'");
    expect(run.stderr).not.toContain('\u001b');
  });

  it('keeps a subject name with an escape sequence from the terminal in text recommendations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mahvan-controls-'));
    const rubric = ['--rubric', 'rubrics/il-local-authority-capability.yaml'];
    const scored = await runCli([
      'score',
      ...rubric,
      '--mapping',
      'examples/mapping.yaml',
      '--format',
      'ndjson',
      'examples/data/survey-export-2026.csv',
    ]);
    const [first] = scored.stdout.split('\n');
    const profile = JSON.parse(first as string);
    profile.subject.name = `name${ESC_TITLE}\rline`;
    const profiles = join(dir, 'profiles.ndjson');
    writeFileSync(profiles, `${JSON.stringify(profile)}\n`);
    const run = await runCli(['recommend', ...rubric, '--policy', 'policies/il-engagement.yaml', '--format', 'text', profiles]);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[0]).toContain('name[U+001B]]0;owned[U+0007][U+000D]line');
    for (const raw of ['\u001b', '\u0007', '\r']) expect(run.stdout).not.toContain(raw);
  });
});
