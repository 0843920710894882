import { z } from 'zod';
import { RubricSchema } from './schema.js';
import { EXTENSIBLE } from './schema-helpers.js';

/** The URL-like id of the rubric format's JSON Schema. */
export const RUBRIC_SCHEMA_ID = 'urn:mahvan:schema:rubric:1';

/**
 * The JSON Schema (draft 2020-12) of the rubric format, generated from the zod schema so the two never
 * drift. Editors use it for completion; other apps for validation. Objects accept `x-` extension keys.
 */
export function rubricJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RubricSchema, {
    io: 'input',
    target: 'draft-2020-12',
    override: (ctx) => {
      const json = ctx.jsonSchema as Record<string, unknown>;
      if (json[EXTENSIBLE]) {
        delete json[EXTENSIBLE];
        json.additionalProperties = false;
        json.patternProperties = { '^x-': {} };
      }
    },
  }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: RUBRIC_SCHEMA_ID,
    title: 'mahvan rubric, format version 1',
    description: 'A capability rubric: scales, profile levels and a tree of groups and indicators.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
