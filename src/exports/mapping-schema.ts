import * as z from 'zod';
import { extensible, Id } from '../schema/helpers.js';
import { jsonSchemaOf } from '../schema/json-schema.js';
import { TIMESTAMP_ORDERS } from './timestamps.js';

/** The survey tools whose export layouts mahvan knows. */
export const PRESETS = ['mahvan', 'google-forms', 'qualtrics', 'kobo', 'limesurvey'] as const;

const Column = z.string().min(1).meta({ description: 'A column header, exactly as in the export.' });

/** A mapping file: how a survey export's columns and answer labels map to a rubric. */
export const MappingSchema = extensible({
  $schema: z.string().optional(),
  'mahvan-mapping': z.literal(1).meta({ description: 'The mapping format version.' }),
  rubric: Id.optional().meta({ description: 'The id of the rubric this mapping is for (checked when scoring).' }),
  preset: z.enum(PRESETS).optional().meta({ description: 'The export layout of a survey tool; its defaults apply.' }),
  headerRows: z.number().int().min(1).max(10).optional(),
  columns: extensible({
    subject: Column.optional(),
    subjectName: Column.optional(),
    respondent: Column.optional(),
    role: Column.optional(),
    timestamp: Column.optional(),
    wave: Column.optional(),
    attributes: z.record(Id, Column).optional(),
  }).optional(),
  timestamps: z.enum(TIMESTAMP_ORDERS).optional().meta({
    description:
      "How the timestamp column writes dates such as 01/03/2026: day-first, month-first, or iso (only ISO 8601 dates, and slashed ones that read one way alone). Defaults to the preset's: iso, but none for google-forms, whose dates follow the sheet's locale.",
  }),
  indicators: z
    .record(Id, Column)
    .optional()
    .meta({ description: 'Indicator id → column header, for columns not matched by code or question text.' }),
  match: z
    .array(z.enum(['id', 'code', 'question']))
    .optional()
    .meta({ description: 'How other columns are matched to indicators, in order: by id, question code, question text.' }),
  labels: z
    .record(z.string(), z.union([z.number(), z.boolean(), z.string()]))
    .optional()
    .meta({ description: 'Extra answer labels → scale values, for every indicator.' }),
  notApplicable: z.array(z.string()).optional().meta({ description: 'Labels that mean "not applicable".' }),
  roles: z.record(z.string(), Id).optional().meta({ description: 'Role labels as written in the export → role ids.' }),
  wave: z.string().optional().meta({ description: 'The wave of every row, when no column holds it.' }),
  evidence: extensible({
    suffix: z
      .string()
      .min(1)
      .optional()
      .meta({ description: "An indicator's evidence is in the column named as its answer column plus this suffix." }),
    columns: z.record(Id, Column).optional().meta({ description: 'Indicator id → the column of its evidence.' }),
  })
    .optional()
    .meta({ description: 'Columns that hold evidence (links or document names, one per line or separated by ;).' }),
  numbers: extensible({
    decimal: z.enum(['.', ',']).meta({ description: 'The decimal separator.' }),
    thousands: z
      .enum([',', '.', ' ', "'", ''])
      .optional()
      .meta({ description: "What groups thousands ('' for nothing; a space also matches a non-breaking one)." }),
  })
    .optional()
    .meta({
      description:
        "How numbers are written in the export's cells. Undeclared, only texts every convention reads alike are numbers; '5,500' is refused as ambiguous.",
    }),
  checkMarks: extensible({
    checked: z
      .array(z.string())
      .optional()
      .meta({ description: 'Marks that tick a checklist option, beside the built-in ones.' }),
    unchecked: z
      .array(z.string())
      .optional()
      .meta({ description: 'Marks that leave it unticked, beside blank and the built-in ones.' }),
  })
    .optional()
    .meta({ description: 'Marks in checklist columns spread one option per column; any other mark is an invalid answer.' }),
  policies: extensible({
    duplicates: z.enum(['latest', 'first', 'reject']).optional(),
    invalid: z.enum(['reject-row', 'missing']).optional(),
  }).optional(),
});

export type MappingInput = z.infer<typeof MappingSchema>;
export type Preset = (typeof PRESETS)[number];

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
