import { jsonSchemaOf } from '../schema/json-schema.js';
import { RubricSchema } from './schema.js';

/** The URL-like id of the rubric format's JSON Schema. */
export const RUBRIC_SCHEMA_ID = 'urn:mahvan:schema:rubric:1';

/** The JSON Schema of the rubric format. Objects accept `x-` extension keys. */
export function rubricJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(
    RubricSchema,
    RUBRIC_SCHEMA_ID,
    'mahvan rubric, format version 1',
    'A capability rubric: scales, profile levels and a tree of groups and indicators.',
  );
}
