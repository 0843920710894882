// The two YAML readers give the same data. parseYaml reads a text with js-yaml first (fast, no positions) and
// with `yaml` when that reader declines; wherever the fast reader answers, `yaml` must find the text free of
// errors and warnings and give the same data, or files would mean different things depending on the path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { readFast } from '../src/yaml/read-fast.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mutated } from './helpers/mutate.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const DEPTH = 8;

/** What `yaml` makes of the text, as parseYaml's slow path reads it. */
function slow(text: string) {
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  return { problems: [...document.errors, ...document.warnings].map((e) => e.code), data: document.toJS({ maxAliasCount: 100 }) };
}

/** The property: the fast reader declines, or agrees with `yaml` on a text `yaml` reads cleanly. */
function agrees(text: string): boolean {
  const fast = readFast(text, DEPTH, FORBIDDEN);
  if (fast === undefined) return false;
  const reference = slow(text);
  expect(reference.problems, text).toEqual([]);
  expect(fast, text).toStrictEqual(reference.data);
  return true;
}

describe('the fast YAML reader agrees with yaml', () => {
  it.each([
    [
      'core scalars',
      'a: [~, null, Null, NULL, "", true, True, FALSE, 12, -0, +7, 0o17, 0x1F, 1.5, .5, 1., 1e3, -.inf, .NaN, 0b11, 1_000, yes, 012]',
    ],
    ['keys that are not strings', '1: a\ntrue: b\n1.5: c\n'],
    ['block scalars', 'a: |\n  line\n   more\n\n  last\nb: >-\n  folded\n  text\n\n  para\nc: |+\n  keep\n\n'],
    ['quoted text with escapes', 'a: "tab\\there \\u05D0 \\x41"\nb: \'it\'\'s\'\nc: "multi\n  line"\n'],
    ['Hebrew and Arabic', 'title: {he: "מחוון", ar: "مؤشر", en: Rubric}\nnote: שלום עולם # comment\n'],
    ['CRLF line ends', 'a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: |\r\n  one\r\n  two\r\n'],
    ['a document start', '---\na: 1\n'],
    ['plain multi-line', 'a: one\n  two\n  three\nb: x'],
  ])('%s', (_, text) => {
    expect(agrees(text)).toBe(true);
  });

  it.each([
    ['an error', 'a: [1, 2\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['an alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 12\n'],
    ['a directive', '%YAML 1.1\n---\na: yes\n'],
    ['a forbidden key', 'a:\n  __proto__: 1\n'],
    ['too deep', 'a: [[[[[[[[[1]]]]]]]]]\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['nothing', ''],
    ['an empty key', ': a: b\n'],
    ['a null key', 'null: a\n'],
    ['an indentation indicator', 'a: |1-\n  x\n'],
    ['a carriage return alone', '# a comment\rb: 1\na: 2\n'],
    ['an indented document marker', ' ---\n'],
    ['a quoted text continued with too little indentation', 'a:\n  b: "x\n y"\n'],
    ['a flow collection continued with too little indentation', 'a:\n  b: [1,\n 2]\n'],
    ['a comment right after a closing quote', 'a: "x"# c\n'],
    ['a comment right after a closing bracket', 'a: {b: 1}# c\n'],
    ['an explicit key', '? [a, b]\n: x\n'],
    ['a flow collection as a key', '[a]: 1\n'],
    ['a document marker with more on its line', '----\n'],
  ])('declines %s', (_, text) => {
    expect(readFast(text, DEPTH, FORBIDDEN)).toBeUndefined();
  });

  it(`on broken rubrics, policies and mappings (${RUNS} cases)`, () => {
    const texts = ['rubrics/il-local-authority-capability.yaml', 'policies/il-engagement.yaml', 'examples/mapping.yaml'].map(
      (f) => readRepoFile(...f.split('/')),
    );
    fc.assert(
      fc.property(fc.oneof(...texts.map((t) => mutated(t.slice(0, 3000)))), (text) => {
        agrees(text);
      }),
      { numRuns: RUNS },
    );
  });

  it(`on any data written in any style (${RUNS >> 2} cases)`, () => {
    const scalar = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        'null',
        '~',
        'true',
        'False',
        '0x1F',
        '0o7',
        '.inf',
        '-.Inf',
        '.nan',
        '1e3',
        '-0',
        '+1',
        'yes',
        'a: b',
        '# x',
        '- x',
        "'",
        '"',
        '\\',
        'שלום',
        '  lead',
        'trail  ',
        'a\nb',
        'a\n\nb\n',
      ),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('tree'), { maxLength: 4 }),
      map: fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('מפתח', 'null', '1', 'true')), tie('tree'), {
        maxKeys: 4,
      }),
    }));
    const style = fc.record({
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_FOLDED', 'BLOCK_LITERAL'),
      defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE'),
      collectionStyle: fc.constantFrom('any', 'block', 'flow'),
      lineWidth: fc.constantFrom(0, 20, 80),
      indent: fc.constantFrom(2, 4),
      crlf: fc.boolean(),
    });
    fc.assert(
      fc.property(tree, style, (data, { crlf, ...options }) => {
        const text = stringify(data, options as never);
        agrees(crlf ? text.replace(/\n/g, '\r\n') : text);
      }),
      { numRuns: RUNS >> 2 },
    );
  });
});
