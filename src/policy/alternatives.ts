import * as z from 'zod';
import { builtinAggregations } from '../aggregate/builtin.js';
import type { Aggregation } from '../aggregate/types.js';
import { createDiagnostic } from '../diagnostics/create.js';
import { type Diagnostic, hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import { suggest } from '../diagnostics/messages.js';
import { locate } from '../source/locate.js';
import type { Limits } from '../yaml/limits.js';
import { parseYaml } from '../yaml/parse-yaml.js';
import { zodDiagnostics } from '../yaml/zod-diagnostics.js';

/**
 * One defensible other way to score: every node weighing the same, another aggregation for every group, a
 * missing answer counted as zero (or left out), or respondents combined by mean or median.
 */
export type Alternative =
  | { id: string; weights: 'equal' }
  | { id: string; aggregation: string }
  | { id: string; missing: 'zero' | 'exclude' }
  | { id: string; combine: 'mean' | 'median' };

const AlternativeSchema = z.union([
  z.object({ id: z.string().min(1), weights: z.literal('equal') }).strict(),
  z.object({ id: z.string().min(1), aggregation: z.string().min(1) }).strict(),
  z.object({ id: z.string().min(1), missing: z.enum(['zero', 'exclude']) }).strict(),
  z.object({ id: z.string().min(1), combine: z.enum(['mean', 'median']) }).strict(),
]);

const AlternativesSchema = z
  .object({ 'mahvan-alternatives': z.literal(1), alternatives: z.array(AlternativeSchema).min(1) })
  .strict();

/**
 * Reads an alternatives file (`mahvan-alternatives: 1`): YAML syntax, shape, then ids and methods
 * (each id once; each aggregation a known method), every problem at its line and column. Never throws for
 * content problems.
 */
export function loadAlternatives(
  text: string,
  options: {
    file?: string;
    limits?: Partial<Limits>;
    /** The methods an alternative may name: the rubric's (`compiled.aggregations`); the built-in ones by default. */
    aggregations?: ReadonlyMap<string, Aggregation<never>>;
  } = {},
): { ok: true; alternatives: Alternative[]; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(text, options);
  if (hasErrors(parsed.diagnostics)) return { ok: false, diagnostics: parsed.diagnostics };
  const validated = AlternativesSchema.safeParse(parsed.data);
  if (!validated.success)
    return {
      ok: false,
      diagnostics: [...parsed.diagnostics, ...zodDiagnostics(validated.error.issues, parsed.data, parsed.source)],
    };
  const alternatives = validated.data.alternatives as Alternative[];
  const diagnostics = [...parsed.diagnostics];
  const report = (code: 'unknown-aggregation' | 'alternatives-duplicate-id', params: never, path: (string | number)[]) => {
    const range = locate(parsed.source, path);
    const file = options.file;
    diagnostics.push(
      createDiagnostic(code, params, { path, ...(file === undefined ? {} : { file }), ...(range ? { range } : {}) }),
    );
  };
  const methods = options.aggregations ?? BUILT_IN;
  const known = [...methods.keys()];
  const seen = new Set<string>();
  alternatives.forEach((a, i) => {
    if (seen.has(a.id)) report('alternatives-duplicate-id', { id: a.id } as never, ['alternatives', i, 'id']);
    seen.add(a.id);
    if ('aggregation' in a && !methods.has(a.aggregation)) {
      const suggestion = suggest(a.aggregation, known);
      const params = { name: a.aggregation, known, ...(suggestion ? { suggestion } : {}) };
      report('unknown-aggregation', params as never, ['alternatives', i, 'aggregation']);
    }
  });
  if (hasErrors(diagnostics)) return { ok: false, diagnostics: sortDiagnostics(diagnostics) };
  return { ok: true, alternatives, diagnostics };
}

const BUILT_IN: ReadonlyMap<string, Aggregation<never>> = new Map(builtinAggregations.map((a) => [a.id, a] as const));
