import type { Aggregation } from '../../aggregate/types.js';
import type { DiagnosticCode } from '../../diagnostics/codes.js';
import { createDiagnostic, type DiagnosticPlace } from '../../diagnostics/create.js';
import type { DataPath, Diagnostic } from '../../diagnostics/diagnostic.js';
import type { MessageParams } from '../../diagnostics/messages.js';
import { locate, type YamlSource } from '../../source/locate.js';
import type { RubricInput } from '../schema.js';
import { type VisitedNode, walkNodes } from './walk.js';

/** What every semantic check receives: the validated rubric, its source, and a way to report. */
export interface CheckContext {
  rubric: RubricInput;
  /** The rubric's nodes in pre-order with their paths, walked once for every check. */
  nodes: readonly VisitedNode[];
  aggregations: ReadonlyMap<string, Aggregation<never>>;
  report<C extends DiagnosticCode>(
    code: C,
    params: MessageParams<C>,
    path: DataPath,
    options?: { key?: boolean } & Omit<DiagnosticPlace, 'path' | 'file' | 'range'>,
  ): void;
  /** The source range of a path, for related locations. */
  rangeOf(path: DataPath, key?: boolean): Diagnostic['range'];
  file?: string;
}

/** A semantic check: reads the rubric and reports what is wrong; never throws, never changes the rubric. */
export type RubricCheck = (ctx: CheckContext) => void;

/** Builds a check context that collects diagnostics located in `source`. */
export function createCheckContext(
  rubric: RubricInput,
  source: YamlSource,
  aggregations: ReadonlyMap<string, Aggregation<never>>,
  sink: Diagnostic[],
): CheckContext {
  const file = source.file;
  const rangeOf = (path: DataPath, key = false) => locate(source, path, { key });
  return {
    rubric,
    nodes: walkNodes(rubric),
    aggregations,
    rangeOf,
    ...(file === undefined ? {} : { file }),
    report(code, params, path, options = {}) {
      const { key, ...extra } = options;
      const range = rangeOf(path, key);
      sink.push(
        createDiagnostic(code, params, {
          ...extra,
          path,
          ...(file === undefined ? {} : { file }),
          ...(range ? { range } : {}),
        }),
      );
    },
  };
}
