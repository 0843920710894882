// Writes schema/rubric.schema.json from the built package; `npm run schema` runs it after a build.
// The committed file is what editors and other apps use; test/schema.test.ts fails when it is stale.
import { writeFileSync } from 'node:fs';
import { rubricJsonSchema } from '../dist/index.js';

writeFileSync(new URL('../schema/rubric.schema.json', import.meta.url), `${JSON.stringify(rubricJsonSchema(), null, 2)}\n`);
console.log('wrote schema/rubric.schema.json');
