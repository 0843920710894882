import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnosticCodes, loadRubric } from '../src/index.js';
import { invalidFixtures, ROOT } from './helpers/fixtures.js';

const fixtures = invalidFixtures();

describe('one fixture per diagnostic code', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s gives exactly its code at its line and column', (_, fixture) => {
    expect(fixture.name).toBe(`${fixture.code}.yaml`);
    const result = loadRubric(fixture.text, { file: fixture.name, limits: fixture.limits });
    const located = result.diagnostics.map((d) => ({
      code: d.code,
      line: d.range?.start.line,
      column: d.range?.start.column,
    }));
    // one mistake gives one diagnostic
    expect(located).toEqual([{ code: fixture.code, line: fixture.line, column: fixture.column }]);
    expect(result.diagnostics[0]?.file).toBe(fixture.name);
    expect(result.diagnostics[0]?.message).not.toMatch(/\d+:\d+/);
  });

  it('every diagnostic code that rubrics can produce has a fixture', () => {
    const covered = new Set(fixtures.map((f) => f.code));
    const rubricCodes = diagnosticCodes.filter(
      (code) => !/^(assessment|compare|mapping|export|row|policy|document|subjects|fact|alternatives)-/.test(code),
    );
    expect(rubricCodes.filter((code) => !covered.has(code))).toEqual([]);
  });

  it('every diagnostic has a hint or a self-explaining message', () => {
    for (const fixture of fixtures) {
      const [d] = loadRubric(fixture.text, { limits: fixture.limits }).diagnostics;
      expect(d?.message.length).toBeGreaterThan(10);
    }
  });
});

describe('a required key that is absent', () => {
  const minimal = readFileSync(join(ROOT, 'test/fixtures/rubrics/valid/minimal.yaml'), 'utf8');
  // 'title' takes a text or a mapping (a union); 'mahvan' takes one value (a literal)
  it.each(['title', 'mahvan'])("says that '%s' is missing, not what was found in its place", (key) => {
    const text = minimal.replace(new RegExp(`^${key}: .*\n`, 'm'), '');
    expect(text).not.toBe(minimal);
    const { diagnostics } = loadRubric(text);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['schema-missing-key', `The document is missing the required key '${key}'.`],
    ]);
  });
});

describe('a second YAML document in a file', () => {
  it('is reported where it starts, in words about the file rather than the YAML library', () => {
    const minimal = readFileSync(join(ROOT, 'test/fixtures/rubrics/valid/minimal.yaml'), 'utf8');
    const lines = minimal.split('\n').length;
    const { diagnostics } = loadRubric(`${minimal}---\nid: other\n`);
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.message, d.hint])).toEqual([
      [
        'yaml-syntax',
        lines,
        'YAML syntax error: a second document starts here (after ---); a file holds one rubric, policy or mapping.',
        'Remove the --- line, or move what follows it into a file of its own.',
      ],
    ]);
  });
});

describe('a number written in quotes', () => {
  it('names the number and the text found, and says to remove the quotes (\'mahvan: "1"\')', () => {
    const minimal = readFileSync(join(ROOT, 'test/fixtures/rubrics/valid/minimal.yaml'), 'utf8');
    const { diagnostics } = loadRubric(minimal.replace(/^mahvan: 1$/m, 'mahvan: "1"'));
    expect(diagnostics.map((d) => [d.code, d.range?.start.line, d.message, d.hint])).toEqual([
      ['schema-invalid-type', 1, "Expected the number 1, found the text '1'.", 'Remove the quotes: YAML reads "1" as a text.'],
    ]);
  });
});

describe('targets and evidence rules out of range', () => {
  const minimal = readFileSync(join(ROOT, 'test/fixtures/rubrics/valid/minimal.yaml'), 'utf8');
  // scores run 1..3 on every group; the default target is each group's that sets none
  it.each([
    [
      'a default target',
      minimal.replace('levels:\n  - {id: low', 'scoring: {target: 9}\nlevels:\n  - {id: low'),
      [27, 19],
      "The target 9 lies outside the score range 1..3 of 'D1', which takes it.",
    ],
    [
      'an evidence threshold',
      minimal.replace('        roles: [ceo]\n', '        roles: [ceo]\n        evidence: {from: 9}\n'),
      [37, 26],
      'The evidence threshold 9 lies outside the score range 1..3.',
    ],
    [
      'a default evidence cap',
      minimal.replace('levels:\n  - {id: low', 'scoring: {evidence: {from: 3, cap: 0}}\nlevels:\n  - {id: low'),
      [27, 36],
      "The evidence cap 0 lies outside the score range 1..3 of 'I1', which takes it.",
    ],
  ])('%s is reported where it is written, named for what it is', (_, text, [line, column], message) => {
    expect(text).not.toBe(minimal);
    const found = loadRubric(text).diagnostics.filter((d) => d.code === 'target-out-of-range');
    expect(found.map((d) => [d.range?.start.line, d.range?.start.column, d.message])).toEqual([[line, column, message]]);
  });
});

describe('a duplicate id', () => {
  const minimal = readFileSync(join(ROOT, 'test/fixtures/rubrics/valid/minimal.yaml'), 'utf8');
  // each edit repeats one id; the report points at the repeat, its related location at the first use
  it.each([
    ['node', minimal.replace('- id: I2', '- id: I1'), [43, 17], [38, 17]],
    ['role', minimal.replace('- id: treasurer', '- id: ceo'), [10, 9], [8, 9]],
    ['level', minimal.replace('{id: high,', '{id: low,'), [29, 10], [28, 10]],
    [
      'level',
      minimal.replace(
        '        roles: [ceo]\n',
        '        roles: [ceo]\n        levels: [{id: a, label: A, from: 1}, {id: a, label: B, from: 2}]\n',
      ),
      [37, 51],
      [37, 23],
    ],
  ])('of a %s is reported where it repeats, with the first use', (kind, text, [line, column], [firstLine, firstColumn]) => {
    const { diagnostics } = loadRubric(text, { file: 'r.yaml' });
    const duplicates = diagnostics.filter((d) => d.code === 'duplicate-id');
    expect(duplicates.map((d) => [d.message.split(' ')[1], d.range?.start.line, d.range?.start.column])).toEqual([
      [kind, line, column],
    ]);
    expect(duplicates[0]?.related?.map((r) => [r.file, r.range?.start.line, r.range?.start.column])).toEqual([
      ['r.yaml', firstLine, firstColumn],
    ]);
  });
});
