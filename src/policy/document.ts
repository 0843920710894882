import * as z from 'zod';
import { createDiagnostic } from '../diagnostics/create.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { type DocumentReading, documentChecker, itemName } from '../schema/documents.js';
import { jsonSchemaOf } from '../schema/json-schema.js';
import type { Recommendation } from './model.js';

const Fact = z.strictObject({
  condition: z.string(),
  logic: z.unknown().optional().meta({ description: 'The condition as JSON Logic, for rendering it in words.' }),
  holds: z.boolean(),
  values: z.record(z.string(), z.unknown()),
  nodes: z.array(z.string()).optional().meta({ description: 'The nodes a count over a tier counted.' }),
  error: z.string().optional(),
});

const AllocationReason = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('eligibility'), id: z.string(), holds: z.boolean(), facts: z.array(Fact) }),
  z.strictObject({
    kind: z.literal('threshold'),
    holds: z.boolean(),
    measure: z.string(),
    value: z.number().nullable(),
    threshold: z.number().nullable(),
  }),
  z.strictObject({
    kind: z.literal('share'),
    rule: z.enum(['proportional', 'floor', 'cap']),
    value: z.number(),
    total: z.number(),
    shared: z.number(),
    exact: z.number(),
    roundedUp: z.boolean(),
  }),
]);

/** The file form of one recommendation, as `mahvan recommend` writes it (the Recommendation type, unchanged). */
export const RecommendationDocumentSchema = z.strictObject({
  policy: z.strictObject({ id: z.string(), version: z.string() }),
  subject: z.strictObject({
    id: z.string(),
    name: z.string().optional(),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
  wave: z.string().optional(),
  primary: z.string().nullable(),
  secondary: z.array(z.string()),
  measures: z.array(z.string()),
  focus: z.array(z.strictObject({ id: z.string(), gap: z.number(), weightedGap: z.number() })),
  government: z
    .array(z.strictObject({ id: z.string(), gap: z.number(), weightedGap: z.number() }))
    .optional()
    .meta({ description: 'Gaps in what central government controls (transfers, approvals): not the subject’s to fix.' }),
  qualified: z.string().nullable(),
  unguarded: z.string().nullable(),
  streak: z.number().int().min(1),
  decidedBy: z.string().nullable(),
  reasons: z.array(
    z.strictObject({
      kind: z.enum(['rule', 'guard', 'default', 'waves']),
      id: z.string(),
      holds: z.boolean(),
      effect: z.string(),
      facts: z.array(Fact),
    }),
  ),
  levers: z
    .array(
      z.strictObject({
        indicator: z.string(),
        from: z.number(),
        to: z.number(),
        raises: z.array(z.strictObject({ id: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
        track: z.strictObject({ from: z.string().nullable(), to: z.string().nullable() }).optional(),
      }),
    )
    .optional(),
  allocations: z
    .array(
      z.strictObject({
        pool: z.string(),
        eligible: z.boolean(),
        amount: z.number().min(0),
        share: z.number().min(0).max(1),
        reasons: z.array(AllocationReason),
      }),
    )
    .optional(),
});

/** The id of the JSON Schema of recommendation files. */
export const RECOMMENDATION_SCHEMA_ID = 'urn:mahvan:schema:recommendation:1';

/** The JSON Schema of one recommendation as `mahvan recommend` writes it, generated from its zod schema. */
export function recommendationJsonSchema(): Record<string, unknown> {
  return jsonSchemaOf(
    RecommendationDocumentSchema,
    RECOMMENDATION_SCHEMA_ID,
    'mahvan engagement recommendation',
    'One subject’s recommended engagement with its reasons and levers, as mahvan recommend writes it.',
  );
}

/** A recommendation as a file holds it: its fields in a fixed order. */
export function recommendationDocument(r: Recommendation): z.infer<typeof RecommendationDocumentSchema> {
  return {
    policy: r.policy,
    subject: r.subject as z.infer<typeof RecommendationDocumentSchema>['subject'],
    ...(r.wave === undefined ? {} : { wave: r.wave }),
    primary: r.primary,
    secondary: r.secondary,
    measures: r.measures,
    focus: r.focus,
    ...(r.government ? { government: r.government } : {}),
    qualified: r.qualified,
    unguarded: r.unguarded,
    streak: r.streak,
    decidedBy: r.decidedBy,
    reasons: r.reasons,
    ...(r.levers ? { levers: r.levers } : {}),
    ...(r.allocations ? { allocations: r.allocations } : {}),
  };
}

const checkRecommendation = documentChecker<Recommendation>('recommendation', recommendationJsonSchema);

/**
 * Reads recommendations back (a list, one, or the items of an NDJSON file) for the policy that made them: each
 * must have the shape `mahvan recommend` writes and name that policy. Those that fail are left out, each with a
 * diagnostic naming it and the field.
 */
export function readRecommendations(
  items: readonly unknown[],
  policy: { id: string } | undefined,
  options: { file?: string } = {},
): DocumentReading<Recommendation> {
  const diagnostics: Diagnostic[] = [];
  const recommendations: Recommendation[] = [];
  items.forEach((data, index) => {
    if (!checkRecommendation(data, index, options.file, diagnostics)) return;
    if (policy && data.policy.id !== policy.id) {
      const item = itemName('recommendation', data, index);
      diagnostics.push(
        createDiagnostic(
          'document-rubric-mismatch',
          { item, kind: 'policy', found: `'${data.policy.id}'`, expected: `'${policy.id}'` },
          { path: [index, 'policy', 'id'], ...(options.file === undefined ? {} : { file: options.file }) },
        ),
      );
      return;
    }
    recommendations.push(data);
  });
  return { items: recommendations, diagnostics, ok: diagnostics.length === 0 };
}
