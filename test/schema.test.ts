import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadRubric, mappingJsonSchema, policyJsonSchema, rubricJsonSchema } from '../src/index.js';
import { readRepoFile, yamlFiles } from './helpers/fixtures.js';

const committed = JSON.parse(readRepoFile('schema', 'rubric.schema.json'));
const shipped = yamlFiles('rubrics');

describe('the JSON Schema of the rubric format', () => {
  it('is up to date with the zod schema (run `npm run schema` to regenerate)', () => {
    expect(committed).toEqual(rubricJsonSchema());
    expect(JSON.parse(readRepoFile('schema', 'mapping.schema.json'))).toEqual(mappingJsonSchema());
    expect(JSON.parse(readRepoFile('schema', 'policy.schema.json'))).toEqual(policyJsonSchema());
  });

  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(committed);

  it('ships at least one rubric', () => {
    expect(shipped.length).toBeGreaterThan(0);
  });

  it.each([
    ...shipped,
    ...yamlFiles('docs', 'examples'),
    ...yamlFiles('test', 'fixtures', 'rubrics', 'valid'),
  ])('accepts %s, which loads cleanly too', (name, path) => {
    const text = readFileSync(path, 'utf8');
    const data = parse(text, { maxAliasCount: 10_000 });
    const before = structuredClone(data);
    expect(validate(data), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const result = loadRubric(text, { file: name });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    // loading never changes its input
    expect(parse(text, { maxAliasCount: 10_000 })).toEqual(before);
  });

  it.each([
    ['an unknown key', (r: Record<string, unknown>) => Object.assign(r, { titel: 'x' })],
    ['a numeric version', (r: Record<string, unknown>) => Object.assign(r, { version: 1.1 })],
    ['a missing tree', (r: Record<string, unknown>) => Object.assign(r, { nodes: undefined })],
  ])('rejects %s, as the loader does', (_, mutate) => {
    const data = mutate(parse(readRepoFile('test', 'fixtures', 'rubrics', 'valid', 'minimal.yaml')));
    const json = JSON.parse(JSON.stringify(data));
    expect(validate(json)).toBe(false);
  });

  it('accepts x- extension keys anywhere an object is', () => {
    const data = parse(readRepoFile('test', 'fixtures', 'rubrics', 'valid', 'minimal.yaml'));
    data['x-team'] = 'planning';
    data.nodes[0]['x-note'] = { any: ['thing'] };
    expect(validate(data)).toBe(true);
  });
});
