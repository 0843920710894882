import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** Documents read back (profiles, recommendations), or why some could not be. */
export interface DocumentReading<T> {
  items: T[];
  diagnostics: Diagnostic[];
  ok: boolean;
}

/**
 * Checks documents read back against their schema, one at a time: each problem names the item (its position
 * and subject) and the field, in words. Compiles the schema once.
 */
export function documentChecker<T>(what: 'profile' | 'recommendation', schemaOf: () => Record<string, unknown>) {
  let validate: ValidateFunction | undefined;
  return (data: unknown, index: number, file: string | undefined, diagnostics: Diagnostic[]): data is T => {
    validate ??= new Ajv2020({ allErrors: true, strict: false }).compile(schemaOf());
    if (validate(data)) return true;
    const item = itemName(what, data, index);
    // one problem per item is enough to say what is wrong with it; a file written by an earlier mahvan says so
    const error = mostTelling(validate.errors ?? []);
    const earlier = what === 'profile' && hasEarlierNodes(data);
    diagnostics.push(
      createDiagnostic(
        'document-shape',
        { what, item, where: fieldOf(error), reason: describe(error), ...(earlier ? { earlier } : {}) },
        { path: [index, ...pathOf(error)], ...(file === undefined ? {} : { file }) },
      ),
    );
    return false;
  };
}

/** "profile 3 (subject 'LA-003')": an item by its place in the file and, when it has one, its subject. */
export function itemName(what: string, data: unknown, index: number): string {
  const id = (data as { subject?: { id?: unknown } } | null)?.subject?.id;
  return `${what} ${index + 1}${typeof id === 'string' ? ` (subject '${id}')` : ''}`;
}

/** A profile in the shape of earlier versions: its nodes carry their kind and range. */
const hasEarlierNodes = (data: unknown) => {
  const overall = (data as { overall?: Record<string, unknown> } | null)?.overall;
  return typeof overall === 'object' && overall !== null && 'kind' in overall && 'range' in overall;
};

/** The deepest error, skipping the summaries of unions above it. */
function mostTelling(errors: readonly ErrorObject[]): ErrorObject {
  const useful = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  const pool = useful.length ? useful : errors;
  return pool.reduce((a, b) => (pathOf(b).length > pathOf(a).length ? b : a));
}

function pathOf(e: ErrorObject): (string | number)[] {
  const segments = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'additionalProperties') segments.push((e.params as { additionalProperty: string }).additionalProperty);
  return segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

const fieldOf = (e: ErrorObject) => pathOf(e).join('.');

function describe(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return 'is not a field of it';
    case 'required':
      return `has no '${params.missingProperty}'`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `must be ${String(params.type).replace(',', ' or ')}`;
    default:
      return e.message ?? 'is not valid';
  }
}
