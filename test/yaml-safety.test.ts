import { describe, expect, it, vi } from 'vitest';
import { loadRubric } from '../src/index.js';

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

  it('names the limit and the option that raises it', () => {
    const [d] = loadRubric('a: 1\n'.repeat(100), { limits: { maxSize: 50 } }).diagnostics;
    expect(d?.message).toContain('50');
    expect(d?.hint).toContain('--max-size');
  });
});
