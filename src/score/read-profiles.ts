import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CompiledRubric } from '../rubric/compile.js';
import { type DocumentReading, documentChecker, itemName } from '../schema/documents.js';
import { jsonSchemaOf } from '../schema/json-schema.js';
import { type ProfileDocument, ProfileDocumentSchema, profileFromDocument } from './document.js';
import type { Profile } from './profile.js';

/** The id of the JSON Schema of profile files. */
export const PROFILE_SCHEMA_ID = 'urn:mahvan:schema:profile:1';

/** The JSON Schema of one profile as a file holds it (what `mahvan score` writes), generated from its zod schema. */
export function profileJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(
    ProfileDocumentSchema,
    PROFILE_SCHEMA_ID,
    'mahvan capability profile',
    "One subject's capability profile as mahvan score writes it (a file holds a list of them, or one per line).",
  );
}

const checkProfile = documentChecker<ProfileDocument>('profile', profileJsonSchema);

/**
 * Reads profiles back (a list, one profile, or the items of an NDJSON file) for the rubric they were scored with:
 * each must have the shape `mahvan score` writes, name that rubric, and have its nodes and one answer per
 * indicator. Profiles that fail are left out, each with a diagnostic naming it and the field.
 */
export function readProfiles(
  items: readonly unknown[],
  compiled: CompiledRubric,
  options: { file?: string } = {},
): DocumentReading<Profile> {
  const diagnostics: Diagnostic[] = [];
  const profiles: Profile[] = [];
  const { rubric } = compiled;
  const nodeIds = compiled.nodes.map((n) => n.id);
  const place = (index: number, ...path: (string | number)[]) => ({
    path: [index, ...path],
    ...(options.file === undefined ? {} : { file: options.file }),
  });
  items.forEach((data, index) => {
    if (!checkProfile(data, index, options.file, diagnostics)) return;
    const item = itemName('profile', data, index);
    if (data.rubric.id !== rubric.id) {
      diagnostics.push(
        createDiagnostic(
          'document-rubric-mismatch',
          { item, kind: 'rubric', found: data.rubric.id, expected: rubric.id },
          place(index, 'rubric', 'id'),
        ),
      );
      return;
    }
    const detail = nodesMismatch(nodeIds, Object.keys(data.nodes), compiled.indicators.length, data.answers);
    if (detail) {
      diagnostics.push(
        createDiagnostic('document-nodes-mismatch', { item, version: data.rubric.version, detail }, place(index, 'nodes')),
      );
      return;
    }
    profiles.push(profileFromDocument(data));
  });
  return { items: profiles, diagnostics, ok: diagnostics.length === 0 };
}

/** What differs between the rubric's nodes and a profile's, in words; undefined when they agree. */
function nodesMismatch(
  expected: readonly string[],
  found: readonly string[],
  indicators: number,
  answers: ProfileDocument['answers'],
): string | undefined {
  const have = new Set(found);
  const want = new Set(expected);
  const missing = expected.filter((id) => !have.has(id));
  const unknown = found.filter((id) => !want.has(id));
  const some = (ids: string[]) =>
    `${ids
      .slice(0, 3)
      .map((id) => `'${id}'`)
      .join(', ')}${ids.length > 3 ? ` and ${ids.length - 3} more` : ''}`;
  if (missing.length) return `it lacks ${some(missing)}`;
  if (unknown.length) return `the rubric has no ${some(unknown)}`;
  const wrong = answers.find((a) => a.points.length !== indicators);
  if (wrong) return `respondent '${wrong.id}' has ${wrong.points.length} answers where the rubric has ${indicators} indicators`;
  return undefined;
}
