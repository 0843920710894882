import type { CompiledRubric } from '../../src/rubric/compile.js';
import { loadRubric } from '../../src/rubric/load.js';

/** Loads rubric text that must be valid; fails the test with the diagnostics otherwise. */
export function mustLoad(text: string): CompiledRubric {
  const result = loadRubric(text);
  if (!result.ok)
    throw new Error(
      result.diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.code} ${d.message}`).join('\n'),
    );
  return result.rubric;
}
