// Writes schema/rubric.schema.json from the built package; `npm run schema` runs it after a build.
// The committed file is what editors and other apps use; test/schema.test.ts fails when it is stale.
import { writeFileSync } from 'node:fs';
import { mappingJsonSchema, policyJsonSchema, rubricJsonSchema } from '../dist/index.js';

for (const [name, schema] of [
  ['rubric', rubricJsonSchema()],
  ['mapping', mappingJsonSchema()],
  ['policy', policyJsonSchema()],
]) {
  writeFileSync(new URL(`../schema/${name}.schema.json`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote schema/${name}.schema.json`);
}
