import * as z from 'zod';
import { extensible, Id, LocalizedText, Share, Weight } from '../schema/helpers.js';

/** The answer to "how is a target or band written": a number on the score scale or a profile level id. */
const LevelRef = z.union([z.number(), Id]);

const OrdinalLevel = extensible({
  value: z.number(),
  id: Id.optional(),
  label: LocalizedText,
  descriptor: LocalizedText.optional(),
});

const Band = extensible({
  from: z.number().meta({ description: 'Lowest value in the band (inclusive); the band runs to the next one.' }),
  points: z.number(),
  label: LocalizedText.optional(),
  descriptor: LocalizedText.optional(),
});

const ChecklistOption = extensible({
  id: Id,
  label: LocalizedText,
  descriptor: LocalizedText.optional(),
});

const PointRange = extensible({ min: z.number(), max: z.number() });

const common = {
  title: LocalizedText.optional(),
  description: LocalizedText.optional(),
  notApplicable: z.boolean().optional().meta({ description: 'Whether "not applicable" is an allowed answer.' }),
};

const OrdinalScale = extensible({
  type: z.literal('ordinal'),
  ...common,
  levels: z.array(OrdinalLevel).min(1),
});

const NumericScale = extensible({
  type: z.literal('numeric'),
  ...common,
  min: z.number(),
  max: z.number(),
  unit: z.string().optional(),
  bands: z.array(Band).min(1).optional(),
});

const BooleanScale = extensible({
  type: z.literal('boolean'),
  ...common,
  labels: extensible({ yes: LocalizedText, no: LocalizedText }).optional(),
  points: extensible({ yes: z.number(), no: z.number() }).optional(),
});

const ChecklistScale = extensible({
  type: z.literal('checklist'),
  ...common,
  options: z.array(ChecklistOption).min(1),
  points: PointRange.optional().meta({ description: 'The share of options checked is mapped onto this range (default 0..1).' }),
});

/** An answer scale, reused by indicators by name. */
export const ScaleSchema = z.discriminatedUnion('type', [OrdinalScale, NumericScale, BooleanScale, ChecklistScale]);

/** A named profile level: a band over a node's score. */
export const ProfileLevelSchema = extensible({
  id: Id,
  label: LocalizedText,
  from: z.number().meta({ description: 'Lowest score of this level (inclusive).' }),
  description: LocalizedText.optional(),
});

const Evidence = extensible({
  from: z.number().meta({ description: 'Answers whose points, after reverse keying, are at or above this value need evidence.' }),
  cap: z.number().optional().meta({ description: 'An answer without the required evidence counts as this value at most.' }),
});

const Aggregation = z.union([
  Id,
  z
    .object({ method: Id })
    .catchall(z.unknown())
    .meta({ description: 'A method with its options, e.g. {method: staged, threshold: 1}.' }),
]);

const Fact = z.union([
  extensible({
    attribute: Id,
    answers: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .optional()
      .meta({ description: "The scale's answer for each of the attribute's values." }),
  }),
  extensible({
    percent: z.tuple([Id, Id]).meta({ description: 'One numeric attribute as a percentage of another: [part, whole].' }),
  }),
]);

/** A fact as written (see Fact in the model). */
export type FactInput = { attribute: string; answers?: Record<string, string | number> } | { percent: [string, string] };

/** A node of the tree: a group (with `children`) or an indicator (with `scale`). */
export interface NodeInput {
  id: string;
  title?: z.infer<typeof LocalizedText>;
  description?: z.infer<typeof LocalizedText>;
  weight?: number;
  target?: number | string;
  roles?: string[];
  evidence?: z.infer<typeof Evidence>;
  levels?: z.infer<typeof ProfileLevelSchema>[];
  replaces?: string[];
  stage?: number;
  agreement?: { min: number; [extension: `x-${string}`]: unknown };
  control?: 'authority' | 'government';
  aggregation?: z.infer<typeof Aggregation>;
  minCoverage?: number;
  children?: NodeInput[];
  code?: string;
  question?: z.infer<typeof LocalizedText>;
  scale?: string;
  descriptors?: Record<string, z.infer<typeof LocalizedText>>;
  reverse?: boolean;
  critical?: boolean;
  fact?: FactInput;
  [extension: `x-${string}`]: unknown;
}

const Agreement = extensible({
  min: Share.meta({ description: 'The least rwg (0–1) for a score to count as settled; below it: needs-consensus.' }),
}).meta({ description: 'Agreement among respondents a score needs (rwg; 0.7 is the usual threshold).' });

export const NodeSchema: z.ZodType<NodeInput> = extensible({
  id: Id,
  title: LocalizedText.optional(),
  description: LocalizedText.optional(),
  weight: Weight.optional(),
  target: LevelRef.optional().meta({ description: 'Target score, or the id of a profile level.' }),
  roles: z.array(Id).optional().meta({ description: 'Respondent roles that answer this node (inherited by children).' }),
  evidence: Evidence.optional(),
  levels: z.array(ProfileLevelSchema).min(1).optional(),
  replaces: z.array(Id).optional().meta({ description: 'Ids in an earlier rubric version that this node continues.' }),
  stage: z.number().optional().meta({ description: 'The level this node belongs to, for staged and high-water parents.' }),
  agreement: Agreement.optional(),
  control: z.enum(['authority', 'government']).optional().meta({
    description:
      'Who can change it: the subject itself (default) or central government (transfers, approvals); inherited. Focus lists only what the subject controls.',
  }),
  // groups
  aggregation: Aggregation.optional(),
  minCoverage: Share.optional(),
  get children() {
    return z.array(NodeSchema).min(1).optional();
  },
  // indicators
  code: z.string().min(1).optional().meta({ description: 'The question code used in survey exports.' }),
  question: LocalizedText.optional(),
  scale: Id.optional(),
  descriptors: z.record(z.string(), LocalizedText).optional(),
  reverse: z.boolean().optional(),
  critical: z.boolean().optional().meta({ description: "The parent's score cannot exceed this indicator's." }),
  fact: Fact.optional().meta({ description: 'Take the answer from the subjects file, not from respondents.' }),
}) as unknown as z.ZodType<NodeInput>;

const Tier = z.union([Id, extensible({ id: Id, title: LocalizedText.optional() })]);

const Role = extensible({
  id: Id,
  title: LocalizedText.optional(),
  weight: Weight.optional(),
  validator: z
    .boolean()
    .optional()
    .meta({ description: 'Rates the subject from outside: shown beside the self-assessment, not counted in it.' }),
});

const AttributeValue = z.union([
  z.string(),
  z.number(),
  extensible({ value: z.union([z.string(), z.number()]), label: LocalizedText.optional() }),
]);

/** A subject attribute (authority type, cluster, a register fact): policies, peer groups and facts read them. */
const Attribute = extensible({
  id: Id,
  title: LocalizedText.optional(),
  type: z
    .enum(['category', 'integer', 'number', 'percentage', 'boolean', 'date'])
    .optional()
    .meta({ description: 'The kind of value (default: category). A percentage is written 0–100, with or without %.' }),
  source: z
    .enum(['survey', 'register'])
    .optional()
    .meta({ description: 'Who gives it: respondents in the survey (default), or a register through the subjects file.' }),
  values: z
    .array(AttributeValue)
    .optional()
    .meta({ description: "A category's values, when they form a closed list, each with its label in every locale." }),
  ordered: z.boolean().optional().meta({ description: "Whether the category's values are ordered as listed, lowest first." }),
  min: z.number().optional(),
  max: z.number().optional(),
  unit: z.string().optional(),
});

const Scoring = extensible({
  notApplicable: z.enum(['exclude', 'zero']).optional(),
  missing: z.enum(['exclude', 'zero']).optional(),
  aggregation: Aggregation.optional(),
  minCoverage: Share.optional(),
  target: LevelRef.optional(),
  evidence: Evidence.optional(),
  respondents: extensible({
    combine: z.enum(['mean', 'median', 'min', 'max', 'role-weights']).optional(),
    disagreement: z.number().min(0).optional(),
  }).optional(),
  agreement: Agreement.optional(),
});

/** The rubric file, version 1, as written by an author. */
export const RubricSchema = extensible({
  $schema: z.string().optional(),
  mahvan: z.literal(1).meta({ description: 'The rubric format version.' }),
  id: Id,
  version: z.string().min(1).meta({ description: 'The rubric version; quote it so 1.10 stays "1.10".' }),
  title: LocalizedText,
  description: LocalizedText.optional(),
  locales: z.array(z.string()).min(1),
  defaultLocale: z.string().optional(),
  fallbacks: z.record(z.string(), z.array(z.string())).optional(),
  tiers: z.array(Tier).min(1),
  roles: z.array(Role).optional(),
  attributes: z.array(Attribute).optional(),
  scales: z.record(Id, ScaleSchema),
  levels: z.array(ProfileLevelSchema).min(1).optional(),
  scoring: Scoring.optional(),
  nodes: z.array(NodeSchema).min(1),
});

/** A rubric as written, after its shape was validated. */
export type RubricInput = z.infer<typeof RubricSchema>;
export type ScaleInput = z.infer<typeof ScaleSchema>;
export type ProfileLevelInput = z.infer<typeof ProfileLevelSchema>;
export type ScoringInput = z.infer<typeof Scoring>;
export type AggregationInput = z.infer<typeof Aggregation>;
export type AttributeInput = z.infer<typeof Attribute>;
