import * as z from 'zod';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
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

/** Reads an alternatives file (`mahvan-alternatives: 1`): YAML syntax, then shape; never throws for content. */
export function loadAlternatives(
  text: string,
  options: { file?: string; limits?: Partial<Limits> } = {},
): { ok: true; alternatives: Alternative[]; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(text, options);
  if (hasErrors(parsed.diagnostics)) return { ok: false, diagnostics: parsed.diagnostics };
  const validated = AlternativesSchema.safeParse(parsed.data);
  if (!validated.success)
    return {
      ok: false,
      diagnostics: [...parsed.diagnostics, ...zodDiagnostics(validated.error.issues, parsed.data, parsed.source)],
    };
  return { ok: true, alternatives: validated.data.alternatives as Alternative[], diagnostics: parsed.diagnostics };
}
