import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { Scale } from '../rubric/model.js';
import type { Assessment } from './model.js';

/** A JSON Schema document, as plain data. */
export type JsonSchema = Record<string, unknown>;

/** The JSON Schema of one scale's answer values. */
function valueSchema(scale: Scale): JsonSchema {
  switch (scale.type) {
    case 'ordinal':
      return { enum: scale.levels.map((l) => l.points) };
    case 'numeric':
      return { type: 'number', minimum: scale.numeric?.min, maximum: scale.numeric?.max };
    case 'boolean':
      return { anyOf: [{ type: 'boolean' }, { enum: ['yes', 'no'] }] };
    case 'checklist':
      return { type: 'array', items: { enum: scale.levels.map((l) => l.key) }, uniqueItems: true };
  }
}

/**
 * The JSON Schema (draft 2020-12) of assessment documents for one rubric: the allowed answers per indicator,
 * the declared roles, and nothing else. Other apps use it to check payloads before sending them.
 */
export function assessmentJsonSchema(compiled: CompiledRubric): JsonSchema {
  const { rubric } = compiled;
  const defs: Record<string, JsonSchema> = {};
  for (const [name, scale] of Object.entries(rubric.scales)) {
    defs[`value.${name}`] = valueSchema(scale);
    defs[`answer.${name}`] = {
      anyOf: [
        { type: 'null' },
        { $ref: `#/$defs/value.${name}` },
        {
          type: 'object',
          properties: {
            value: { anyOf: [{ type: 'null' }, { $ref: `#/$defs/value.${name}` }] },
            ...(scale.notApplicable ? { na: { type: 'boolean' } } : { na: { const: false } }),
            evidence: { type: 'array', items: { type: 'string' } },
            comment: { type: 'string' },
          },
          additionalProperties: false,
        },
      ],
    };
  }
  const answers: Record<string, JsonSchema> = {};
  for (const indicator of compiled.indicators) answers[indicator.id] = { $ref: `#/$defs/answer.${indicator.scale}` };
  const roles = rubric.roles.map((r) => r.id);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:mahvan:schema:assessment:${rubric.id}:${rubric.version}`,
    title: `Assessment for the rubric ${rubric.id} ${rubric.version}`,
    type: 'object',
    required: ['subject', 'respondents'],
    additionalProperties: false,
    properties: {
      subject: {
        type: 'object',
        required: ['id'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', minLength: 1 },
          name: { type: 'string' },
          attributes: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
        },
      },
      wave: { type: 'string' },
      targets: {
        type: 'object',
        propertyNames: { enum: compiled.nodes.map((n) => n.id).concat('overall') },
        additionalProperties: { type: ['number', 'string'] },
      },
      respondents: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'answers'],
          additionalProperties: false,
          properties: {
            id: { type: 'string', minLength: 1 },
            role: roles.length > 0 ? { enum: roles } : { type: 'string' },
            answers: { type: 'object', properties: answers, additionalProperties: false },
          },
        },
      },
    },
    $defs: defs,
  };
}

const validators = new WeakMap<CompiledRubric, ValidateFunction<Assessment>>();

/** What to do with an answer its scale does not allow: as `--invalid` and a mapping's `policies.invalid`. */
export type InvalidAnswerPolicy = 'reject-row' | 'missing';

/** Options of validateAssessment. */
export interface ValidateAssessmentOptions {
  file?: string;
  /**
   * An answer its scale does not allow: `reject-row` (the default, as for survey exports) rejects the document;
   * `missing` counts that answer as missing, with a warning.
   */
  invalid?: InvalidAnswerPolicy;
}

/**
 * The result of checking an assessment document: the assessment to score, without the answers it could not
 * use (each with a warning in `diagnostics`), or why it is rejected.
 */
export type AssessmentResult =
  | { ok: true; assessment: Assessment; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: [Diagnostic, ...Diagnostic[]] };

/**
 * Checks an assessment document against its rubric's schema (compiled once per rubric with ajv). Each problem
 * names the respondent and the indicator it concerns. An answer to an id that is no indicator is left out with
 * a warning; an answer its scale does not allow rejects the document, or with `invalid: 'missing'` is left out
 * with a warning. `mahvan score` reads assessment files with this, so the library and the CLI agree.
 */
export function validateAssessment(
  compiled: CompiledRubric,
  data: unknown,
  options: ValidateAssessmentOptions = {},
): AssessmentResult {
  let validate = validators.get(compiled);
  if (!validate) {
    validate = new Ajv2020({ allErrors: true, strict: false }).compile<Assessment>(assessmentJsonSchema(compiled));
    validators.set(compiled, validate);
  }
  if (validate(data)) return { ok: true, assessment: data, diagnostics: [] };
  const rejecting = (options.invalid ?? 'reject-row') === 'reject-row';
  const diagnostics = simplify(validate.errors ?? []).map((e) => toDiagnostic(e, data, rejecting, options.file));
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics: nonEmpty(diagnostics) };
  // only answers to leave out: the rest must hold without them (an error under one of them hid none above it)
  const assessment = withoutAnswers(data as Assessment, diagnostics);
  if (validate(assessment)) return { ok: true, assessment, diagnostics };
  const more = simplify(validate.errors ?? []).map((e) => toDiagnostic(e, assessment, rejecting, options.file));
  return { ok: false, diagnostics: nonEmpty([...diagnostics, ...more]) };
}

const nonEmpty = (list: Diagnostic[]) => list as [Diagnostic, ...Diagnostic[]];

/** The assessment without the answers the diagnostics point at (`respondents.<index>.answers.<id>`). */
function withoutAnswers(data: Assessment, diagnostics: readonly Diagnostic[]): Assessment {
  const drop = new Map<number, Set<string>>();
  for (const { path } of diagnostics) {
    const [, index, , id] = path;
    if (typeof index === 'number' && id !== undefined) drop.set(index, (drop.get(index) ?? new Set()).add(String(id)));
  }
  const respondents = data.respondents.map((r, i) => {
    const ids = drop.get(i);
    return ids ? { ...r, answers: Object.fromEntries(Object.entries(r.answers).filter(([id]) => !ids.has(id))) } : r;
  });
  return { ...data, respondents };
}

/** How telling an error is, among the branches of an answer's anyOf: a wrong value beats a wrong type. */
const rank = (e: ErrorObject) => (e.keyword === 'type' ? 1 : e.keyword === 'const' ? 0 : 2);

/** One error per place: the deepest and most telling, skipping the 'anyOf' summaries ajv adds above them. */
function simplify(errors: readonly ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject>();
  for (const e of errors) {
    if (e.keyword === 'anyOf') continue;
    const path =
      e.keyword === 'additionalProperties'
        ? `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`
        : e.instancePath;
    const seen = byPath.get(path);
    if (!seen || rank(e) > rank(seen)) byPath.set(path, e);
  }
  const paths = [...byPath.keys()];
  // a parent whose child has an error says nothing more
  return [...byPath.entries()].filter(([p]) => !paths.some((q) => q !== p && q.startsWith(`${p}/`))).map(([, e]) => e);
}

/** One schema error in words; an answer's own problem is a warning unless it rejects the document (`rejecting`). */
function toDiagnostic(e: ErrorObject, data: unknown, rejecting: boolean, file?: string): Diagnostic {
  const segments = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (e.keyword === 'additionalProperties') segments.push((e.params as { additionalProperty: string }).additionalProperty);
  const path = segments.map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const place = { path, ...(file === undefined ? {} : { file }) };
  const respondentIndex = path[0] === 'respondents' && typeof path[1] === 'number' ? path[1] : undefined;
  const respondent =
    respondentIndex === undefined
      ? undefined
      : String((data as { respondents: { id?: unknown }[] }).respondents[respondentIndex]?.id ?? `#${respondentIndex + 1}`);
  if (respondent !== undefined && path[2] === 'answers' && path[3] !== undefined) {
    const id = String(path[3]);
    if (e.keyword === 'additionalProperties' && path.length === 4)
      return createDiagnostic('assessment-unknown-indicator', { id, respondent }, place);
    return createDiagnostic(
      'assessment-invalid-answer',
      { id, respondent, reason: describe(e), outcome: rejecting ? 'rejected' : 'missing' },
      { ...place, severity: rejecting ? 'error' : 'warning' },
    );
  }
  return createDiagnostic(
    'assessment-shape',
    { where: path.length ? path.join('.') : 'the document', reason: describe(e) },
    place,
  );
}

function describe(e: ErrorObject): string {
  if (e.keyword === 'enum')
    return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  if (e.keyword === 'additionalProperties')
    return `'${(e.params as { additionalProperty: string }).additionalProperty}' is not allowed`;
  if (e.keyword === 'required') return `'${(e.params as { missingProperty: string }).missingProperty}' is required`;
  return e.message ?? 'not valid';
}
