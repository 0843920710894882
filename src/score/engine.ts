import { Accumulators, accumulate } from './accumulate.js';
import type { RowStore } from './rows.js';
import { Counted, type NodeArrays, scoreGroups, scoreIndicators } from './rules.js';
import type { ScoringTables } from './tables.js';

/**
 * The scoring engine, the only implementation of the scoring rules: a subject's rows in, every node's score,
 * status, coverage, confidence and flags out, as arrays.
 *
 * ```
 * rows ──accumulate──────▶ per indicator: points added, counted, combined; bits seen   (answerContribution)
 *      ──scoreIndicators─▶ indicator results                                          (the indicator rule)
 *      ──scoreGroups─────▶ group and overall results, children before parents         (the group rule)
 * ```
 */
export interface Engine {
  tables: ScoringTables;
  /** Scores a subject's rows of `store`, writing its nodes at [at + step] of `out`. */
  score(store: RowStore, rows: Int32Array, out: NodeArrays, at: number): void;
}

/** An engine with its own scratch space (reused from subject to subject: one per run). */
export function createEngine(tables: ScoringTables): Engine {
  const acc = new Accumulators(tables.indicators.count);
  const counted = new Counted(tables.widestGroup);
  return {
    tables,
    score(store, rows, out, at) {
      accumulate(tables, store, rows, acc);
      scoreIndicators(tables, acc, out, at);
      scoreGroups(tables, out, at, counted);
    },
  };
}

/** Arrays for `subjects` subjects' nodes. */
export function nodeArrays(tables: ScoringTables, subjects = 1): NodeArrays {
  const size = tables.ids.length * subjects;
  return {
    score: new Float64Array(size),
    coverage: new Float64Array(size),
    confidence: new Float64Array(size),
    status: new Uint8Array(size),
    flags: new Uint8Array(size),
  };
}
