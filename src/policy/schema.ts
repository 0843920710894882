import * as z from 'zod';
import { extensible, Id, LocalizedText } from '../schema/helpers.js';
import { jsonSchemaOf } from '../schema/json-schema.js';

/**
 * A condition in JSON Logic (https://jsonlogic.com): a boolean, or an object with one operator key. Checked
 * operator by operator against the rubric after the shape is valid, so errors point at the operand at fault.
 */
const Condition = z
  .union([z.boolean(), z.record(z.string(), z.unknown())])
  .meta({ description: 'A JSON Logic condition, e.g. {"<=": [{score: MG.FIN}, 1.5]}; see docs/policy-format.md.' });

/** A policy's own wording of a rule or guard, used in reports instead of the sentences generated from its condition. */
const OwnText = LocalizedText.optional().meta({
  description:
    'The reason in words, per locale, shown instead of the sentences generated from the condition; {value} stands for the values read.',
});

const Track = extensible({
  id: Id,
  title: LocalizedText,
  offers: LocalizedText.optional().meta({ description: 'What the government offers in this track.' }),
  priority: z.number().optional().meta({ description: 'With selection: priority, the highest-priority qualifying track wins.' }),
});

const Measure = extensible({
  id: Id,
  title: LocalizedText,
  description: LocalizedText.optional(),
});

const Rule = extensible({
  id: Id,
  title: LocalizedText.optional(),
  when: Condition,
  text: OwnText,
  primary: Id.optional().meta({ description: 'The primary track this rule qualifies the subject for.' }),
  secondary: z.array(Id).optional().meta({ description: 'Tracks added beside the primary one.' }),
  measures: z.array(Id).optional().meta({ description: 'Measures recommended when this rule holds.' }),
  focus: z
    .union([z.array(Id).min(1), extensible({ tier: Id, below: z.number() })])
    .optional()
    .meta({
      description:
        'When this rule decides the primary track, the focus is chosen under these nodes, or under the nodes of a tier scoring below a value (the domains that triggered it).',
    }),
  note: LocalizedText.optional(),
});

const DenyGuard = extensible({
  id: Id,
  title: LocalizedText.optional(),
  when: Condition,
  text: OwnText,
  deny: z.array(Id).min(1).meta({ description: 'Tracks that cannot be the primary track while the condition holds.' }),
});

const WavesGuard = extensible({
  id: Id,
  title: LocalizedText.optional(),
  text: OwnText,
  consecutiveWaves: z
    .number()
    .int()
    .min(2)
    .meta({ description: 'A change of primary track needs this many consecutive waves that qualify for the new one.' }),
  tracks: z.array(Id).optional().meta({ description: 'Only moves into these tracks are held back (default: all).' }),
});

const Eligibility = extensible({
  id: Id,
  title: LocalizedText.optional(),
  when: Condition,
});

const Amount = z.number().min(0);

const Allocation = extensible({
  id: Id,
  title: LocalizedText.optional(),
  pool: Amount.meta({ description: 'The amount shared, in the currency; a whole number of units.' }),
  unit: z
    .number()
    .positive()
    .optional()
    .meta({ description: 'The smallest amount paid (0.01 for agorot, 1 for whole shekels; default 1).' }),
  tracks: z.array(Id).min(1).optional().meta({ description: 'Only subjects whose primary track is one of these.' }),
  by: z
    .union([extensible({ score: Id }), extensible({ percent: Id })])
    .meta({ description: 'Shares are proportional to this value of the profile: {score: ID} or {percent: ID}.' }),
  threshold: z.number().optional().meta({ description: 'Below this value (of `by`) a subject gets nothing.' }),
  floor: Amount.optional().meta({ description: 'The least an eligible subject gets (default 0).' }),
  cap: Amount.optional().meta({ description: 'The most a subject gets; the excess goes to the others.' }),
});

/** An engagement policy: tracks, measures, ordered rules and guards. */
export const PolicySchema = extensible({
  $schema: z.string().optional(),
  'mahvan-policy': z.literal(1).meta({ description: 'The policy format version.' }),
  id: Id,
  version: z.string().min(1),
  title: LocalizedText,
  description: LocalizedText.optional(),
  rubric: Id.meta({ description: 'The id of the rubric whose profiles this policy reads.' }),
  selection: z
    .enum(['first-match', 'priority'])
    .optional()
    .meta({ description: 'How the primary track is chosen among the rules that hold (default first-match).' }),
  tracks: z.array(Track).min(1),
  measures: z.array(Measure).optional(),
  rules: z.array(Rule).min(1),
  default: extensible({
    primary: Id,
    secondary: z.array(Id).optional(),
    measures: z.array(Id).optional(),
  })
    .optional()
    .meta({ description: 'What applies when no rule gives a primary track.' }),
  guards: z.array(z.union([DenyGuard, WavesGuard])).optional(),
  eligibility: z
    .array(Eligibility)
    .optional()
    .meta({ description: 'Minimum conditions a subject must meet to receive any allocation.' }),
  allocations: z
    .array(Allocation)
    .optional()
    .meta({ description: 'Pools shared among eligible subjects in proportion to a profile value.' }),
  focus: extensible({
    tier: Id.optional().meta({ description: 'The tier whose gaps are the focus (default: the rubric’s second tier).' }),
    count: z.number().int().min(1).optional().meta({ description: 'How many focus nodes to list (default 3).' }),
  }).optional(),
});

export type PolicyInput = z.infer<typeof PolicySchema>;
export type DenyGuardInput = z.infer<typeof DenyGuard>;
type GuardInput = NonNullable<PolicyInput['guards']>[number];

/** Tells the two kinds of guard apart (both accept x- keys, so `'deny' in guard` alone does not narrow). */
export const isDenyGuard = (guard: GuardInput): guard is DenyGuardInput => 'deny' in guard && 'when' in guard;

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
