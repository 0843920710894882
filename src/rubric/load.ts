import { builtinAggregations } from '../aggregate/builtin.js';
import type { Aggregation } from '../aggregate/types.js';
import { type Diagnostic, hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { Limits } from '../yaml/limits.js';
import { parseYaml } from '../yaml/parse-yaml.js';
import { zodDiagnostics } from '../yaml/zod-diagnostics.js';
import { createCheckContext, RUBRIC_CHECKS } from './check/index.js';
import { type CompiledRubric, compileRubric } from './compile.js';
import { normalizeRubric } from './normalize.js';
import { type RubricInput, RubricSchema } from './schema.js';

/** Options for loading a rubric. */
export interface LoadRubricOptions {
  /** The file name shown in diagnostics. */
  file?: string;
  /** Size, depth and alias limits (see DEFAULT_LIMITS). */
  limits?: Partial<Limits>;
  /** Extra aggregation methods a rubric may name, beside the built-in ones. */
  aggregations?: readonly Aggregation<never>[];
}

/** A loaded rubric, or why it could not be loaded. Warnings come with a successful load too. */
export type RubricResult =
  | { ok: true; rubric: CompiledRubric; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: [Diagnostic, ...Diagnostic[]] };

/**
 * Loads a rubric from YAML text. Never throws for content problems.
 *
 * ```
 * text ──parseYaml──────▶ data + source       YAML syntax, size, depth, aliases, forbidden keys
 *      ──validate (zod)─▶ RubricInput          shape and types  → 'schema-*'
 *      ──checks─────────▶ (same value)         ids, references, weights, bands, tiers, locales
 *      ──normalizeRubric▶ Rubric               defaults and inheritance applied; cannot fail
 *      ──compileRubric──▶ CompiledRubric       indexed and frozen; cannot fail
 * ```
 * Each stage runs only when the ones before it found no error.
 */
export function loadRubric(text: string, options: LoadRubricOptions = {}): RubricResult {
  const aggregations = new Map([...builtinAggregations, ...(options.aggregations ?? [])].map((a) => [a.id, a] as const));
  const parsed = parseYaml(text, {
    ...(options.file === undefined ? {} : { file: options.file }),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const diagnostics = [...parsed.diagnostics];
  if (hasErrors(diagnostics)) return failure(diagnostics);

  const validated = RubricSchema.safeParse(parsed.data);
  if (!validated.success) return failure([...diagnostics, ...zodDiagnostics(validated.error.issues, parsed.data, parsed.source)]);
  const input = validated.data as RubricInput;

  const context = createCheckContext(input, parsed.source, aggregations, diagnostics);
  for (const check of RUBRIC_CHECKS) check(context);
  if (hasErrors(diagnostics)) return failure(diagnostics);

  const rubric = compileRubric(normalizeRubric(input, aggregations), aggregations);
  return { ok: true, rubric, diagnostics: sortDiagnostics(diagnostics) };
}

function failure(diagnostics: Diagnostic[]): RubricResult {
  const sorted = sortDiagnostics(diagnostics);
  return { ok: false, diagnostics: sorted as [Diagnostic, ...Diagnostic[]] };
}
