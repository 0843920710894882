import type { z } from 'zod';
import { createDiagnostic } from '../diagnostics/create.js';
import type { DataPath, Diagnostic } from '../diagnostics/diagnostic.js';
import { suggest } from '../diagnostics/messages.js';
import { locate, type YamlSource } from '../source/locate.js';

type Issue = z.core.$ZodIssue;

/**
 * Turns zod issues into diagnostics located in the YAML source. One mistake gives one diagnostic: a union
 * mismatch is resolved to the branch the value was meant for, and only the first issue per path is kept.
 */
export function zodDiagnostics(issues: readonly Issue[], data: unknown, source: YamlSource): Diagnostic[] {
  const byPath = new Map<string, Diagnostic>();
  for (const issue of flattenUnions(issues, data)) {
    const d = issueDiagnostic(issue, data, source);
    const key = d.path.join('\u0001');
    if (!byPath.has(key)) byPath.set(key, d);
  }
  return [...byPath.values()];
}

/** Replaces each union issue by the issues of the branch whose type matches the value, when one does. */
function flattenUnions(issues: readonly Issue[], data: unknown): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) {
      out.push(issue);
      continue;
    }
    const value = valueAt(data, issue.path);
    const branch = issue.errors.find((branchIssues) =>
      branchIssues.every((i) => !(i.code === 'invalid_type' && i.path.length === 0)),
    );
    if (branch && value !== null && typeof value === 'object') {
      out.push(
        ...flattenUnions(
          branch.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as Issue),
          data,
        ),
      );
    } else {
      out.push(issue);
    }
  }
  return out;
}

function issueDiagnostic(issue: Issue, data: unknown, source: YamlSource): Diagnostic {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as (string | number)[];
  const file = source.file;
  const place = (p: DataPath, key = false) => {
    const range = locate(source, p, { key });
    return { path: p, ...(file === undefined ? {} : { file }), ...(range ? { range } : {}) };
  };
  const value = valueAt(data, path);
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) {
        const key = String(path[path.length - 1] ?? '');
        return createDiagnostic('schema-missing-key', { key, where: describeParent(path) }, place(path));
      }
      const range = locate(source, path);
      const written = range ? source.text.slice(range.start.offset, range.end.offset) : String(value);
      const hint =
        issue.expected === 'string' && typeof value === 'number'
          ? `Quote it so it stays text: "${written}" (YAML reads ${written} as the number ${String(value)}).`
          : value === null && isInFlowMap(source.text, range?.start.offset ?? 0)
            ? 'Inside { … } a comma ends a text: put texts with commas in quotes.'
            : value === null
              ? 'The value is missing after the colon.'
              : undefined;
      return createDiagnostic(
        'schema-invalid-type',
        { expected: describeType(issue.expected), actual: describeValue(value), ...(hint ? { hint } : {}) },
        { ...place(path), expected: [issue.expected], actual: describeValue(value) },
      );
    }
    case 'invalid_union': {
      // a required key that is absent (a discriminator, or a key that takes a text or a mapping, such as 'title')
      if (value === undefined) {
        return createDiagnostic(
          'schema-missing-key',
          { key: String(path[path.length - 1] ?? ''), where: describeParent(path) },
          place(path),
        );
      }
      const options = (issue as { options?: readonly unknown[] }).options;
      if (options) {
        // a discriminated union whose discriminator ('type') has no matching branch
        const expected = options.map(String);
        const actual = describeScalar(value);
        const suggestion = typeof value === 'string' ? suggest(value, expected) : undefined;
        return createDiagnostic(
          'schema-invalid-value',
          { expected, actual, ...(suggestion ? { suggestion } : {}) },
          { ...place(path), expected, actual },
        );
      }
      return createDiagnostic(
        'schema-invalid-type',
        { expected: unionExpectation(issue), actual: describeValue(value) },
        { ...place(path), actual: describeValue(value) },
      );
    }
    case 'invalid_value': {
      // a required key that takes one of fixed values (such as 'mahvan: 1') and is absent
      if (value === undefined) {
        return createDiagnostic(
          'schema-missing-key',
          { key: String(path[path.length - 1] ?? ''), where: describeParent(path) },
          place(path),
        );
      }
      // a number written in quotes ('mahvan: "1"'): the same characters, but a text
      const number = issue.values.find((v) => typeof v === 'number' && String(v) === value);
      if (number !== undefined) {
        const hint = `Remove the quotes: YAML reads "${String(value)}" as a text.`;
        return createDiagnostic(
          'schema-invalid-type',
          { expected: `the number ${String(number)}`, actual: describeValue(value), hint },
          { ...place(path), expected: [String(number)], actual: describeValue(value) },
        );
      }
      const expected = issue.values.map((v) => String(v));
      const actual = describeScalar(value);
      const suggestion = typeof value === 'string' ? suggest(value, expected) : undefined;
      return createDiagnostic(
        'schema-invalid-value',
        { expected, actual, ...(suggestion ? { suggestion } : {}) },
        { ...place(path), expected, actual },
      );
    }
    case 'invalid_format': {
      const format = issue.message.startsWith('format:') ? issue.message.slice(7) : issue.format;
      return createDiagnostic('schema-invalid-format', { format, actual: describeScalar(value) }, place(path));
    }
    case 'too_small':
    case 'too_big': {
      if (issue.origin === 'array' || issue.origin === 'string' || issue.origin === 'set') {
        return createDiagnostic(
          'schema-too-few',
          { what: issue.origin === 'string' ? 'text' : 'list', minimum: Number(issue.code === 'too_small' ? issue.minimum : 0) },
          place(path),
        );
      }
      const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      return createDiagnostic(
        'schema-out-of-range',
        { bound: issue.code === 'too_small' ? 'min' : 'max', limit, actual: describeScalar(value) },
        place(path),
      );
    }
    case 'custom': {
      const params = (issue.params ?? {}) as { kind?: string; known?: string[] };
      if (params.kind === 'unknown-key') {
        const key = String(path[path.length - 1]);
        const known = params.known ?? [];
        const suggestion = suggest(key, known);
        return createDiagnostic('schema-unknown-key', { key, known, ...(suggestion ? { suggestion } : {}) }, place(path, true));
      }
      return createDiagnostic('schema-invalid-type', { expected: 'a valid value', actual: describeValue(value) }, place(path));
    }
    default:
      return createDiagnostic('schema-invalid-type', { expected: 'a valid value', actual: describeValue(value) }, place(path));
  }
}

function unionExpectation(issue: Extract<Issue, { code: 'invalid_union' }>): string {
  const kinds = new Set<string>();
  for (const branch of issue.errors) {
    const top = branch.find((i) => i.path.length === 0 && i.code === 'invalid_type');
    if (top && top.code === 'invalid_type') kinds.add(describeType(top.expected));
  }
  return kinds.size > 0 ? [...kinds].join(' or ') : 'a valid value';
}

/** True when an offset lies inside an unclosed `{` on its line (a YAML flow mapping). */
function isInFlowMap(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return before.split('{').length > before.split('}').length;
}

/** The value at a data path, or undefined. */
export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function describeParent(path: readonly (string | number)[]): string {
  const parent = path.slice(0, -1);
  if (parent.length === 0) return 'The document';
  const last = parent[parent.length - 1];
  return typeof last === 'number' ? `Item ${last + 1} of '${String(parent[parent.length - 2] ?? '')}'` : `'${String(last)}'`;
}

function describeType(expected: string): string {
  switch (expected) {
    case 'object':
      return 'a mapping (key: value)';
    case 'array':
      return 'a list';
    case 'string':
      return 'a text';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'record':
      return 'a mapping (key: value)';
    default:
      return expected;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text '${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (typeof value === 'boolean') return `${String(value)}`;
  return `${typeof value} ${String(value)}`;
}

function describeScalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return describeValue(value);
}
