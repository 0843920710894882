import * as z from 'zod';
import { MappingSchema } from '../exports/mapping-schema.js';
import { PolicySchema } from '../policy/schema.js';
import { RubricSchema } from './schema.js';
import { EXTENSIBLE } from './schema-helpers.js';

/** The URL-like id of the rubric format's JSON Schema. */
export const RUBRIC_SCHEMA_ID = 'urn:mahvan:schema:rubric:1';

/**
 * The JSON Schema (draft 2020-12) of the rubric format, generated from the zod schema so the two never
 * drift. Editors use it for completion; other apps for validation. Objects accept `x-` extension keys.
 */
export function rubricJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(
    RubricSchema,
    RUBRIC_SCHEMA_ID,
    'mahvan rubric, format version 1',
    'A capability rubric: scales, profile levels and a tree of groups and indicators.',
  );
}

/** The id of the mapping format's JSON Schema. */
export const MAPPING_SCHEMA_ID = 'urn:mahvan:schema:mapping:1';

/** The JSON Schema of mapping files (survey export → rubric), generated from the zod schema. */
export function mappingJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(
    MappingSchema,
    MAPPING_SCHEMA_ID,
    'mahvan mapping, format version 1',
    "How a survey export's columns and labels map to a rubric.",
  );
}

/** The id of the policy format's JSON Schema. */
export const POLICY_SCHEMA_ID = 'urn:mahvan:schema:policy:1';

/** The JSON Schema of engagement policies, generated from the zod schema. Conditions are any JSON Logic. */
export function policyJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(
    PolicySchema,
    POLICY_SCHEMA_ID,
    'mahvan engagement policy, format version 1',
    'Tracks, measures, ordered rules with JSON Logic conditions, and guards, for the profiles of one rubric.',
  );
}

function jsonSchemaOf(zodSchema: z.ZodType, id: string, title: string, description: string): Record<string, unknown> {
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
