import type { Engine } from './engine.js';
import type { RowStore } from './rows.js';
import type { NodeArrays } from './rules.js';
import type { ScoringTables } from './tables.js';

/**
 * What validators (an internal auditor, an accompanying accountant, a cluster's CEO) rated, scored by the same
 * rules as the self-assessment but kept apart from it: shown beside it, never in it.
 */
export interface Validation {
  /** How many validators answered. */
  respondents: number;
  overall: number | null;
  /** Every node's score by id, in rubric order (null where validators gave none). */
  nodes: Record<string, number | null>;
}

/** A subject's rows split into the self-assessment's and the validators' (none when the rubric has no validators). */
export function splitValidators(
  t: ScoringTables,
  store: RowStore,
  rows: Int32Array,
): { self: Int32Array; validators?: Int32Array } {
  const mask = t.policy.validators;
  if (!mask) return { self: rows };
  let n = 0;
  for (let i = 0; i < rows.length; i++) n += mask[store.role[rows[i] as number] as number] as number;
  if (n === 0) return { self: rows };
  const self = new Int32Array(rows.length - n);
  const validators = new Int32Array(n);
  let s = 0;
  let v = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as number;
    if (mask[store.role[r] as number] === 1) validators[v++] = r;
    else self[s++] = r;
  }
  return { self, validators };
}

/** The validators' rows scored into `out` (a scratch of one subject), as a validation. */
export function scoreValidation(engine: Engine, store: RowStore, validators: Int32Array, out: NodeArrays): Validation {
  const t = engine.tables;
  engine.score(store, validators, out, 0);
  const score = (i: number) => {
    const v = out.score[i] as number;
    return Number.isNaN(v) ? null : v;
  };
  const nodes: Record<string, number | null> = {};
  for (const node of t.compiled.nodes) nodes[node.id] = score(t.stepOf.get(node.id) as number);
  return { respondents: validators.length, overall: score(t.ids.length - 1), nodes };
}
