// Writes the JSON Schemas of mahvan's file formats into schema/ from the built package; `npm run schema` runs it
// after a build. The committed files are what editors and other apps use; test/schema.test.ts fails when one is stale.
import { writeFileSync } from 'node:fs';
import {
  mappingJsonSchema,
  policyJsonSchema,
  profileJsonSchema,
  recommendationJsonSchema,
  rubricJsonSchema,
} from '../dist/index.js';

for (const [name, schema] of [
  ['rubric', rubricJsonSchema()],
  ['mapping', mappingJsonSchema()],
  ['policy', policyJsonSchema()],
  ['profile', profileJsonSchema()],
  ['recommendation', recommendationJsonSchema()],
]) {
  writeFileSync(new URL(`../schema/${name}.schema.json`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schema/${name}.schema.json`);
}
