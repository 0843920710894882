import * as z from 'zod';
import { EXTENSIBLE } from './helpers.js';

/**
 * The JSON Schema (draft 2020-12) of a file format, generated from its zod schema so the two never drift:
 * editors use it for completion, other apps for validation. Objects made with `extensible` accept `x-` keys.
 */
export function jsonSchemaOf(zodSchema: z.ZodType, id: string, title: string, description: string): Record<string, unknown> {
  const schema = z.toJSONSchema(zodSchema, {
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
    $id: id,
    title,
    description,
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
