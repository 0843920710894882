import * as z from 'zod';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { CompiledRubric } from '../rubric/compile.js';
import { FLAGS, type NodeResult, type Profile } from './profile.js';
import { OVERALL } from './tables.js';
import { traceNode } from './trace.js';

/**
 * A capability profile as a file holds it (what `mahvan score` writes and `recommend` and `report` read back):
 * the profile without what its defaults say, so that a file of many profiles stays small. A node's `status` is
 * `scored` unless given, its `flags` none unless given; `diagnostics` none unless given. `trace`, written with
 * `--trace`, holds each node's explanation as data (see `traceNode`).
 */
const NodeDocument = z
  .strictObject({
    score: z.number().nullable().meta({ description: "The score in the node's own units; null when it cannot be given." }),
    level: z.string().nullable().meta({ description: 'The profile level reached, by id.' }),
    coverage: z.number().min(0).max(1),
    confidence: z.number().min(0).max(1),
    status: z
      .enum(['scored', 'missing', 'not-applicable', 'insufficient-coverage'])
      .optional()
      .meta({ description: 'Where the node stands; scored when absent (a null score always says why).' }),
    reason: z.string().optional().meta({ description: 'Why the score is null.' }),
    flags: z.array(z.enum(FLAGS)).optional().meta({ description: 'Findings on the node; none when absent.' }),
    target: z.number().optional(),
    gap: z.number().nullable().optional().meta({ description: 'Target minus score, never below 0; null when the score is.' }),
  })
  .meta({ description: "One node's result." });

const DiagnosticDocument = z.looseObject({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
});

/** The file form of one profile (see `profileDocument`). */
export const ProfileDocumentSchema = z.strictObject({
  rubric: z.strictObject({ id: z.string(), version: z.string() }).meta({ description: 'The rubric it was scored with.' }),
  subject: z.strictObject({
    id: z.string(),
    name: z.string().optional(),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
  wave: z.string().optional(),
  respondents: z.number().int().min(0).meta({ description: 'How many respondents answered.' }),
  overall: NodeDocument,
  nodes: z.record(z.string(), NodeDocument).meta({ description: 'Every node of the rubric by id, in rubric order.' }),
  priorities: z
    .array(z.strictObject({ id: z.string(), gap: z.number(), weightedGap: z.number() }))
    .meta({ description: 'Nodes of the priority tier below target, largest weighted gap first.' }),
  diagnostics: z.array(DiagnosticDocument).optional(),
  answers: z
    .array(
      z.strictObject({
        id: z.string(),
        role: z.string().optional(),
        points: z
          .array(z.union([z.number(), z.literal('na'), z.literal('invalid'), z.null()]))
          .meta({ description: "Raw points per indicator, in the rubric's order: null unanswered, 'na', 'invalid'." }),
        evidence: z.array(z.string()).optional().meta({ description: 'The indicators whose answer came with evidence.' }),
      }),
    )
    .meta({ description: "Each respondent's answers, by respondent id: what explains the indicators' scores." }),
  agreement: z
    .strictObject({
      nodes: z.record(
        z.string(),
        z.strictObject({
          rwg: z.number().min(0).max(1).meta({ description: 'rwg for an indicator, rwg(J) for a group; truncated to 0.' }),
          awg: z.number().min(-1).max(1).optional().meta({ description: "Brown and Hauenstein's awg (indicators)." }),
          n: z.number().int().min(2).meta({ description: 'Respondents counted (a group: the most on one indicator).' }),
          items: z.number().int().min(1).optional().meta({ description: 'A group: its indicators with an rwg (J).' }),
        }),
      ),
    })
    .optional()
    .meta({ description: 'How far respondents agree, per node where computable (see docs/decisions.md).' }),
  facts: z
    .record(
      z.string(),
      z.strictObject({
        answer: z.union([z.number(), z.string(), z.boolean(), z.array(z.string())]),
        file: z.string().optional(),
        row: z.number().int().min(1),
        from: z.array(
          z.strictObject({
            attribute: z.string(),
            value: z.union([z.string(), z.number(), z.boolean()]),
            cell: z.string(),
            column: z.string(),
          }),
        ),
      }),
    )
    .optional()
    .meta({ description: "Fact-fed indicators' answers by indicator id, with the subjects file's row and cells." }),
  validation: z
    .strictObject({
      respondents: z.number().int().min(1),
      overall: z.number().nullable(),
      nodes: z.record(z.string(), z.number().nullable()),
    })
    .optional()
    .meta({ description: 'What validators rated, scored apart from the self-assessment: shown beside it, not in it.' }),
  trace: z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .optional()
    .meta({ description: "With --trace: each node's explanation as data, by node id (see traceNode)." }),
});
export type ProfileDocument = z.infer<typeof ProfileDocumentSchema>;

/** A node's result as a file holds it: the four numbers, then only what differs from the defaults. */
export function nodeDocument(r: NodeResult): z.infer<typeof NodeDocument> {
  return {
    score: r.score,
    level: r.level,
    coverage: r.coverage,
    confidence: r.confidence,
    ...(r.status === 'scored' ? {} : { status: r.status }),
    ...(r.reason === undefined ? {} : { reason: r.reason }),
    ...(r.flags.length ? { flags: r.flags } : {}),
    ...(r.target === undefined ? {} : { target: r.target, gap: r.gap ?? null }),
  };
}

/** A profile as a file holds it: keys in a fixed order, defaults left out. */
export function profileDocument(p: Profile): ProfileDocument {
  const nodes: Record<string, z.infer<typeof NodeDocument>> = {};
  for (const [id, r] of Object.entries(p.nodes)) nodes[id] = nodeDocument(r);
  return {
    rubric: { id: p.rubric.id, version: p.rubric.version },
    subject: p.subject as ProfileDocument['subject'],
    ...(p.wave === undefined ? {} : { wave: p.wave }),
    respondents: p.respondents,
    overall: nodeDocument(p.overall),
    nodes,
    priorities: p.priorities,
    ...(p.diagnostics.length ? { diagnostics: p.diagnostics as unknown as ProfileDocument['diagnostics'] } : {}),
    answers: p.answers.map((a) => ({
      id: a.id,
      ...(a.role === undefined ? {} : { role: a.role }),
      points: a.points,
      ...(a.evidence ? { evidence: a.evidence } : {}),
    })),
    ...(p.agreement ? { agreement: p.agreement } : {}),
    ...(p.facts ? { facts: p.facts as ProfileDocument['facts'] } : {}),
    ...(p.validation ? { validation: p.validation } : {}),
  };
}

/** A profile from its file form (validated against ProfileDocumentSchema), its defaults filled in. */
export function profileFromDocument(d: ProfileDocument): Profile {
  const node = (n: z.infer<typeof NodeDocument>): NodeResult => ({
    status: n.status ?? 'scored',
    score: n.score,
    level: n.level,
    coverage: n.coverage,
    confidence: n.confidence,
    flags: n.flags ?? [],
    ...(n.reason === undefined ? {} : { reason: n.reason }),
    ...(n.target === undefined ? {} : { target: n.target, gap: n.gap ?? null }),
  });
  const nodes: Record<string, NodeResult> = {};
  for (const [id, n] of Object.entries(d.nodes)) nodes[id] = node(n);
  return {
    rubric: d.rubric,
    subject: d.subject,
    ...(d.wave === undefined ? {} : { wave: d.wave }),
    respondents: d.respondents,
    overall: node(d.overall),
    nodes,
    priorities: d.priorities,
    diagnostics: (d.diagnostics ?? []) as unknown as Diagnostic[],
    answers: d.answers.map((a) => ({
      id: a.id,
      ...(a.role === undefined ? {} : { role: a.role }),
      points: a.points,
      ...(a.evidence ? { evidence: a.evidence } : {}),
    })),
    ...(d.agreement ? { agreement: d.agreement } : {}),
    ...(d.facts ? { facts: d.facts } : {}),
    ...(d.validation ? { validation: d.validation } : {}),
  };
}

/**
 * A profile as a file holds it, with every node's explanation as data (`--trace`): for each node, the rubric's
 * facts about it and how its inputs counted (see `traceNode`).
 */
export function tracedDocument(compiled: CompiledRubric, p: Profile): ProfileDocument {
  const trace: Record<string, Record<string, unknown>> = {};
  for (const id of [OVERALL, ...compiled.nodes.map((n) => n.id)]) {
    const traced = traceNode(compiled, p, id);
    if (!traced) continue;
    const { id: _id, result: _result, ...explained } = traced;
    trace[id] = explained;
  }
  return { ...profileDocument(p), trace };
}
