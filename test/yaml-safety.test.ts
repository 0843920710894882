import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { loadRubric } from '../src/index.js';
import { parseYaml } from '../src/yaml/parse-yaml.js';
import { runCli } from './helpers/cli.js';
import { readRepoFile } from './helpers/fixtures.js';

const codes = (text: string, limits = {}) => loadRubric(text, { limits }).diagnostics.map((d) => d.code);

describe('safe from the first line', () => {
  it('stops a billion-laughs alias bomb quickly', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    expect(codes(levels.join('\n'))).toEqual(['yaml-alias-limit']);
  });

  // each alias adds its node's expanded size: *a is the list and its items; *b holds two *a, 1 + 3 + 3 = 7
  const twice = 'a: &a [1, 2]\nb: &b [*a, *a]\nc: [*b, *b]\n';
  it.each([
    // 4 nodes per *a: 6 of them make 24 > 20, and the sixth is where the limit is crossed
    ['a list reused', 'a: &a [1, 2, 3]\nb: [*a, *a, *a, *a, *a, *a]\n', { maxAliasNodes: 20 }, [2, 25]],
    // 3 + 3 + 7 = 13, then the second *b makes 20 > 19
    ['aliases inside an aliased node', twice, { maxAliasNodes: 19 }, [3, 9]],
    // a mapping: itself, two keys, two values
    ['a mapping reused', 'a: &m {k: 1, v: 2}\nb: [*m, *m]\n', { maxAliasNodes: 9 }, [2, 9]],
    // the fast reader (js-yaml) read these itself and expanded them without a bound
    ['aliases right after a quoted key', '{"a":&a [1, 2, 3], "b":*a, "c":*a}\n', { maxAliasNodes: 7 }, [1, 32]],
    // the fourth alias is one too many, wherever it points
    ['one alias too many', 'a: &a 1\nb: [*a, *a, *a, *a]\n', { maxAliases: 3 }, [2, 17]],
  ])('refuses %s at the alias that crosses the limit', (_, text, limits, [line, column]) => {
    const { diagnostics } = loadRubric(text, { limits });
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.range?.start.column])).toEqual([
      ['yaml-alias-limit', line, column],
    ]);
  });

  it('expands aliases up to exactly the limit, into the data written out in full', () => {
    const { data, diagnostics } = parseYaml(twice, { limits: { maxAliasNodes: 20, maxAliases: 4 } });
    expect(diagnostics).toEqual([]);
    expect(data).toEqual({
      a: [1, 2],
      b: [
        [1, 2],
        [1, 2],
      ],
      c: [
        [
          [1, 2],
          [1, 2],
        ],
        [
          [1, 2],
          [1, 2],
        ],
      ],
    });
  });

  it.each([
    [{ maxAliasNodes: 19 }, '19 nodes', 'maxAliasNodes (--max-alias-nodes)'],
    [{ maxAliases: 3 }, '3 aliases', 'maxAliases (--max-aliases)'],
  ])('names the alias limit %o and the option that raises it', (limits, counted, option) => {
    const [d] = loadRubric(twice, { limits }).diagnostics;
    expect(d?.message).toContain(counted);
    expect(d?.hint).toContain(option);
  });

  // 10^12 nodes if expanded: refused on the written text, before anything is expanded
  it('refuses an alias bomb of a trillion nodes before expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) {
      const [prev, name] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    expect(codes(levels.join('\n'))).toEqual(['yaml-alias-limit']);
  });

  it('takes --max-aliases and --max-alias-nodes on the command line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mahvan-alias-'));
    const file = join(dir, 'r.yaml');
    writeFileSync(file, twice);
    const refused = await runCli(['validate', file, '--max-alias-nodes', '19']);
    expect(refused.stdout).toContain('3:9 error yaml-alias-limit');
    expect(refused.stdout).toContain('--max-alias-nodes');
    const counted = await runCli(['validate', file, '--max-aliases', '3']);
    expect(counted.stdout).toContain('3:9 error yaml-alias-limit');
    rmSync(dir, { recursive: true });
  });

  it.each(['__proto__', 'constructor', 'prototype'])('rejects %s as a key and leaves prototypes alone', (key) => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    expect(codes(`mahvan: 1\nnodes:\n  - id: a\n    ${key}:\n      polluted: true\n`)).toEqual(['forbidden-key']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });

  // a cyclic document would send every stage that walks the data round forever (it overflowed the stack)
  it.each([
    ['a node holding an alias to itself', 'nodes:\n  - &d\n    id: D1\n    children: [*d]\n', [4, 16]],
    ['an alias two levels down', 'a: &x\n  b:\n    c: [1, *x]\n', [3, 12]],
    ['an alias as a key', 'a: &x {*x : 1}\n', [1, 8]],
    // an alias names the latest anchor of that name, and a node's anchor counts from the node's start
    ['an alias under a node that reuses the anchor name', 'a: &x [1]\nb: &x\n  k: [*x]\n', [3, 7]],
  ])('refuses %s, where the cycle closes', (_, text, [line, column]) => {
    const { diagnostics } = loadRubric(text);
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.range?.start.column])).toEqual([
      ['yaml-alias-cycle', line, column],
    ]);
  });

  it.each([
    ['the same node aliased twice', 'a: &x [1]\nb: [*x, *x]\nc: {k: *x}\n'],
    ['an anchor name reused after its aliases', 'a: &x [1]\nb: [*x]\nc: &x {k: 2}\nd: [*x]\n'],
  ])('accepts %s, which is shared but not cyclic', (_, text) => {
    expect(codes(text)).not.toContain('yaml-alias-cycle');
  });

  // data keys are texts: `yaml` would make such a key the text of its YAML and print a process warning
  it.each([
    ['an explicit list key', 'a:\n  ? [x, y]\n  : 1\n', [2, 5], '[x, y]'],
    ['a flow mapping key', 'a: 1\n{k: v}: 2\n', [2, 1], '{k: v}'],
    ['a block mapping key', '? k: v\n: 1\n', [1, 3], 'k: v'],
  ])('refuses %s where it is written, quoting it', (_, text, [line, column], key) => {
    const warn = vi.spyOn(process, 'emitWarning');
    const { diagnostics } = loadRubric(text);
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.range?.start.column])).toEqual([
      ['yaml-collection-key', line, column],
    ]);
    expect(diagnostics[0]?.message).toContain(key);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('prints no process warning for an alias to a collection used as a key', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    expect(codes('mahvan: 1\nx-a: &k [1]\n*k : 2\n')).toContain('schema-unknown-key');
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('refuses text over the size limit before parsing it', () => {
    expect(codes('a: 1\n'.repeat(100), { maxSize: 50 })).toEqual(['input-too-large']);
  });

  it('refuses nesting deeper than the depth limit', () => {
    const deep = `${'['.repeat(200)}${']'.repeat(200)}`;
    expect(codes(deep)).toEqual(['input-too-deep']);
  });

  // building the syntax tree recursed once per level: a few hundred levels overflowed the call stack, reported
  // as a YAML syntax error (and at times a fatal out-of-memory in the regular-expression compiler)
  const blockMaps = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}a:\n`).join('');
  it.each([
    ['lists in brackets', (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`, [1, 65]],
    ['mappings in braces', (n: number) => `${'{a: '.repeat(n)}1${'}'.repeat(n)}`, [1, 4 * 64 + 1]],
    ['indented mappings', blockMaps, [65, 65]],
    ['list items on one line', (n: number) => `${'- '.repeat(n)}x\n`, [1, 2 * 64 + 1]],
    ['mappings on one line', (n: number) => `${'? '.repeat(n)}x\n`, [1, 2 * 64 + 1]],
  ] as const)('refuses %s nested 800 and 3000 deep where the limit is crossed, before anything overflows', (_, nest, at) => {
    for (const n of [800, 3000]) {
      const { diagnostics } = loadRubric(nest(n));
      expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.range?.start.column])).toEqual([['input-too-deep', ...at]]);
      expect(diagnostics[0]?.message).toContain('64');
      expect(diagnostics[0]?.hint).toContain('--max-depth');
    }
  });

  it.each([
    ['[', ']'],
    ['{a: ', '}'],
  ])('takes %s nested exactly as deep as the limit', (open, close) => {
    const nest = (n: number) => `x-deep: ${open.repeat(n)}1${close.repeat(n)}\n`;
    // the document's own mapping is the first level
    expect(codes(nest(63))).not.toContain('input-too-deep');
    expect(codes(nest(64))).toContain('input-too-deep');
    expect(codes(nest(9), { maxDepth: 10 })).not.toContain('input-too-deep');
    expect(codes(nest(10), { maxDepth: 10 })).toContain('input-too-deep');
  });

  it('names the limit and the option that raises it', () => {
    const [d] = loadRubric('a: 1\n'.repeat(100), { limits: { maxSize: 50 } }).diagnostics;
    expect(d?.message).toContain('50');
    expect(d?.hint).toContain('--max-size');
  });
});

describe('tags', () => {
  const minimal = readRepoFile('test', 'fixtures', 'rubrics', 'valid', 'minimal.yaml');
  const lines = minimal.split('\n').length;

  // yaml read !!binary as bytes, which froze into an internal error; the other YAML 1.1 tags made dates, sets
  // and maps, which are not the JSON data every later stage expects
  it.each([
    ['!!binary', 'aGVsbG8=', 'aGVsbG8='],
    ['!!timestamp', '2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'],
    ['!!set', '{a, b}', { a: null, b: null }],
    ['!!omap', '[a: 1, b: 2]', [{ a: 1 }, { b: 2 }]],
    ['!!pairs', '[a: 1, a: 2]', [{ a: 1 }, { a: 2 }]],
    ['!foo', 'bar', 'bar'],
    ['!foo', '{a: 1}', { a: 1 }],
    ['!<tag:example.com,2000:x>', '1', '1'],
  ])('%s %s in an extension field is a warning where it is written, and its value plain data', (tag, value, data) => {
    const text = `${minimal}x-ext: ${tag} ${value}\n`;
    const result = loadRubric(text);
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.range?.start.line, d.range?.start.column])).toEqual([
      ['yaml-unknown-tag', 'warning', lines, 'x-ext: '.length + 1],
    ]);
    expect(result.diagnostics[0]?.message).toContain(tag);
    expect(result.ok).toBe(true);
    expect(parseYaml(text).data).toMatchObject({ 'x-ext': data });
  });

  it.each([
    '!!str 1',
    '!!int 3',
    '!!float 1.5',
    '!!bool true',
    '!!null ""',
    '!!map {a: 1}',
    '!!seq [1]',
  ])('reads the JSON tag %s without a word', (tagged) => {
    expect(codes(`${minimal}x-ext: ${tagged}\n`)).toEqual([]);
  });
});
