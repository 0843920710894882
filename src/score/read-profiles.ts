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

/** How readProfiles reads: `file` for the diagnostics; `anyVersion` for an earlier wave's profiles. */
export interface ReadProfilesOptions {
  file?: string;
  /**
   * Accept profiles scored with another version of the rubric (same id) whose nodes are this version's: an
   * earlier wave's, compared with this one. Otherwise the version must be the rubric's too.
   */
  anyVersion?: boolean;
}

/** "'samm' version 2.0": a rubric as diagnostics name it. */
const rubricName = (r: { id: string; version: string }): string => `'${r.id}' version ${r.version}`;

/**
 * Reads profiles back (a list, one profile, or the items of an NDJSON file) for the rubric they were scored with:
 * each must have the shape `mahvan score` writes, name that rubric (id and version), and have its nodes and one
 * answer per indicator. A profile that names no rubric (an older file) is read, with a warning, when its nodes
 * are the rubric's. Profiles that fail are left out, each with a diagnostic naming it and the field; those of
 * another rubric get one diagnostic per rubric found, so a whole file of them says so once.
 */
export function readProfiles(
  items: readonly unknown[],
  compiled: CompiledRubric,
  options: ReadProfilesOptions = {},
): DocumentReading<Profile> {
  const reader = profileReader(compiled, options);
  for (const item of items) reader.add(item);
  return reader.finish();
}

/** readProfiles one item at a time, for items read as a stream: `add` each in order, then `finish`. */
export interface ProfileReader {
  add(item: unknown): void;
  finish(): DocumentReading<Profile>;
}

/**
 * A reader of profiles item by item, with what readProfiles reads and reports. With `take`, each profile read
 * goes to it as it is read rather than into the reading's items, so a long file is never held whole.
 */
export function profileReader(
  compiled: CompiledRubric,
  options: ReadProfilesOptions = {},
  take?: (profile: Profile) => void,
): ProfileReader {
  const diagnostics: Diagnostic[] = [];
  const profiles: Profile[] = [];
  const { rubric } = compiled;
  const expected = rubricName(rubric);
  const nodeIds = compiled.nodes.map((n) => n.id);
  // the first profile of each kind of refusal, and how many more like it: reported once at the end
  const others = new Map<string, Tally>();
  let unnamed: Tally | undefined;
  let index = 0;
  const add = (given: unknown, index: number) => {
    const bare = isRecord(given) && !('rubric' in given);
    const data = bare ? { rubric: { id: rubric.id, version: rubric.version }, ...given } : given;
    if (!checkProfile(data, index, options.file, diagnostics)) return;
    const item = itemName('profile', data, index);
    const found = rubricName(data.rubric);
    if (data.rubric.id !== rubric.id || (!options.anyVersion && data.rubric.version !== rubric.version)) {
      others.set(found, tally(others.get(found), index, item));
      return;
    }
    const detail = nodesMismatch(nodeIds, Object.keys(data.nodes), compiled.indicators.length, data.answers);
    if (detail) {
      const version = bare ? {} : { version: data.rubric.version };
      diagnostics.push(createDiagnostic('document-nodes-mismatch', { item, ...version, detail }, place(options, index, 'nodes')));
      return;
    }
    if (bare) unnamed = tally(unnamed, index, item);
    const profile = profileFromDocument(data);
    if (take) take(profile);
    else profiles.push(profile);
  };
  const finish = (): DocumentReading<Profile> => {
    for (const [found, { index, item, more }] of others)
      diagnostics.push(
        createDiagnostic(
          'document-rubric-mismatch',
          { item, kind: 'rubric', found, expected, ...(more ? { more } : {}) },
          place(options, index, 'rubric'),
        ),
      );
    if (unnamed) {
      const { index, item, more } = unnamed;
      diagnostics.push(
        createDiagnostic('document-rubric-unnamed', { item, expected, ...(more ? { more } : {}) }, place(options, index)),
      );
    }
    return { items: profiles, diagnostics, ok: !diagnostics.some((d) => d.severity === 'error') };
  };
  return { add: (item) => add(item, index++), finish };
}

/** The first profile of a kind, by its place and name, and how many more of that kind followed. */
interface Tally {
  index: number;
  item: string;
  more: number;
}
const tally = (seen: Tally | undefined, index: number, item: string): Tally =>
  seen ? { ...seen, more: seen.more + 1 } : { index, item, more: 0 };

const place = (options: ReadProfilesOptions, index: number, ...path: (string | number)[]) => ({
  path: [index, ...path],
  ...(options.file === undefined ? {} : { file: options.file }),
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

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
