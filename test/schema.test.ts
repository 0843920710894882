import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  loadRubric,
  mappingJsonSchema,
  policyJsonSchema,
  profileJsonSchema,
  recommendationJsonSchema,
  rubricJsonSchema,
} from '../src/index.js';
import { readRepoFile, yamlFiles } from './helpers/fixtures.js';

const committed = JSON.parse(readRepoFile('schema', 'rubric.schema.json'));
const shipped = yamlFiles('rubrics');

describe('the JSON Schema of the rubric format', () => {
  it("is up to date with the zod schema, as are the other formats' (run `npm run schema` to regenerate)", () => {
    expect(committed).toEqual(rubricJsonSchema());
    expect(JSON.parse(readRepoFile('schema', 'mapping.schema.json'))).toEqual(mappingJsonSchema());
    expect(JSON.parse(readRepoFile('schema', 'policy.schema.json'))).toEqual(policyJsonSchema());
    expect(JSON.parse(readRepoFile('schema', 'profile.schema.json'))).toEqual(profileJsonSchema());
    expect(JSON.parse(readRepoFile('schema', 'recommendation.schema.json'))).toEqual(recommendationJsonSchema());
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

describe('the JSON Schemas of profiles and recommendations', () => {
  it('accept what mahvan score and recommend write for the bundled export', async () => {
    const { join } = await import('node:path');
    const { loadMapping, recommendWithLevers, recommendationDocument, profileDocument, loadPolicy } = await import(
      '../src/index.js'
    );
    const { scoreExportFile } = await import('../src/node/index.js');
    const { ROOT } = await import('./helpers/fixtures.js');
    const { mustLoad } = await import('./helpers/rubric.js');
    const rubric = mustLoad(readRepoFile('rubrics', 'il-local-authority-capability.yaml'));
    const mapping = loadMapping(readRepoFile('examples', 'mapping.yaml'));
    const policy = loadPolicy(readRepoFile('policies', 'il-engagement.yaml'), rubric);
    if (!mapping.ok || !policy.ok) throw new Error('setup');
    const { profiles } = await scoreExportFile(join(ROOT, 'examples', 'data', 'survey-export-2026.csv'), rubric, mapping.mapping);
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const profileOk = ajv.compile(JSON.parse(readRepoFile('schema', 'profile.schema.json')));
    const recommendationOk = ajv.compile(JSON.parse(readRepoFile('schema', 'recommendation.schema.json')));
    for (const p of profiles.slice(0, 40)) {
      const document = JSON.parse(JSON.stringify(profileDocument(p)));
      expect(profileOk(document), JSON.stringify(profileOk.errors?.slice(0, 2))).toBe(true);
      const recommendation = JSON.parse(JSON.stringify(recommendationDocument(recommendWithLevers(rubric, p, policy.policy))));
      expect(recommendationOk(recommendation), JSON.stringify(recommendationOk.errors?.slice(0, 2))).toBe(true);
    }
  });
});
