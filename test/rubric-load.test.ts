import { describe, expect, it } from 'vitest';
import { type CompiledRubric, loadRubric } from '../src/index.js';
import { readRepoFile } from './helpers/fixtures.js';

const minimal = readRepoFile('test', 'fixtures', 'rubrics', 'valid', 'minimal.yaml');

function load(text: string): CompiledRubric {
  const result = loadRubric(text);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  return result.rubric;
}

describe('loadRubric', () => {
  it('loads a valid rubric with no diagnostics and applies defaults', () => {
    const result = loadRubric(minimal, { file: 'minimal.yaml' });
    expect(result.ok).toBe(true);
    expect(result.diagnostics).toEqual([]);
    if (!result.ok) return;
    const { rubric, nodes, indicators, byId, parentOf } = result.rubric;
    expect(rubric.defaultLocale).toBe('he');
    expect(rubric.scoring).toEqual({
      notApplicable: 'exclude',
      missing: 'exclude',
      respondents: { combine: 'median', disagreement: 2 },
    });
    expect(nodes.map((n) => `${n.tier}:${n.id}`)).toEqual(['domain:D1', 'capability:C1', 'indicator:I1', 'indicator:I2']);
    expect(indicators.map((i) => i.id)).toEqual(['I1', 'I2']);
    expect(parentOf.get('I2')).toBe('C1');
    const d1 = byId.get('D1');
    expect(d1?.kind === 'group' && d1.aggregation).toEqual({ method: 'weighted-mean', options: {} });
    expect(d1?.weight).toBe(1);
    // roles are inherited from the nearest ancestor that names them
    expect(byId.get('I1')?.roles).toEqual(['ceo']);
    expect(d1?.roles).toEqual([]);
  });

  it('computes each node’s score range from its scale and aggregation', () => {
    const { byId, rubric } = load(minimal);
    expect(rubric.scales.pct?.range).toEqual([1, 3]);
    expect(byId.get('I2')?.range).toEqual([1, 3]);
    expect(byId.get('D1')?.range).toEqual([1, 3]);
  });

  it.each([
    ['a sum of three 0..1 answers', 'sum', '[0, 3]'],
    ['a mean of them', 'mean', '[0, 1]'],
    ['staged over child stages 1..3', 'staged', '[0, 3]'],
  ])('range of %s', (_, method, expected) => {
    const text = `mahvan: 1
id: r
version: "1"
title: t
locales: [en]
tiers: [practice, question]
scales:
  answer:
    type: ordinal
    levels: [{value: 0, label: No}, {value: 0.5, label: Half}, {value: 1, label: Yes}]
nodes:
  - id: P
    aggregation: ${method}
    children:
      - {id: Q1, scale: answer, stage: 1}
      - {id: Q2, scale: answer, stage: 2}
      - {id: Q3, scale: answer, stage: 3}
`;
    expect(JSON.stringify(load(text).byId.get('P')?.range).replaceAll(',', ', ')).toBe(expected);
  });

  it('resolves a target named by a profile level to that level’s lower bound', () => {
    const text = minimal.replace(
      '    title: {he: מיצוי משאבים, en: Resource utilization}\n',
      '    title: {he: מיצוי משאבים, en: Resource utilization}\n    target: high\n',
    );
    expect(load(text).byId.get('D1')?.target).toBe(2);
  });

  it('keeps x- extension fields without interpreting them', () => {
    const text = minimal
      .replace('id: fixture\n', 'id: fixture\nx-owner: {team: planning}\n')
      .replace('      - id: C1\n', '      - id: C1\n        x-source: manual\n');
    const { rubric, byId } = load(text);
    expect(rubric.extensions).toEqual({ 'x-owner': { team: 'planning' } });
    expect(byId.get('C1')?.extensions).toEqual({ 'x-source': 'manual' });
  });

  it('returns a frozen rubric, so scoring can share it', () => {
    const { rubric } = load(minimal);
    expect(Object.isFrozen(rubric)).toBe(true);
    expect(Object.isFrozen(rubric.nodes[0])).toBe(true);
  });

  it('accepts a scale anchor reused hundreds of times', () => {
    const items = Array.from({ length: 400 }, (_, i) => `      - {id: Q${i}, scale: s, x-answers: *answers}`).join('\n');
    const text = `mahvan: 1
id: r
version: "1"
title: t
locales: [en]
tiers: [group, question]
x-answers: &answers [no, partly, yes]
scales:
  s: {type: boolean}
nodes:
  - id: G
    children:
${items}
`;
    const result = loadRubric(text);
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it.each([
    ['an empty text', ''],
    ['a bare scalar', '42'],
    ['a list', '- a\n- b\n'],
    ['null', 'null'],
    ['binary noise', '\u0000\u0001\uFFFD{[:'],
    ['a document separator only', '---\n...\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
  ])('reports %s as diagnostics without throwing', (_, text) => {
    const result = loadRubric(text, { file: 'x.yaml' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    for (const d of result.diagnostics) expect(d.file).toBe('x.yaml');
  });

  it('reports every unknown key in one pass, each at the key itself', () => {
    const text = minimal
      .replace('id: fixture\n', 'id: fixture\ntitel: x\n')
      .replace('            scale: pct\n', '            scale: pct\n            wieght: 1\n');
    const result = loadRubric(text);
    expect(result.diagnostics.map((d) => [d.code, d.range?.start.line, d.range?.start.column, d.hint])).toEqual([
      ['schema-unknown-key', 3, 1, "Did you mean 'title'?"],
      ['schema-unknown-key', 47, 13, "Did you mean 'weight'?"],
    ]);
  });
});
