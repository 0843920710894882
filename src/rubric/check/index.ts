import type { RubricCheck } from './context.js';
import { checkAttributes, checkFacts } from './facts.js';
import { checkUniqueIds } from './ids.js';
import { checkLocales, checkTranslations } from './locales.js';
import { checkScales } from './scales.js';
import { checkRanges, checkReferences, checkTiers } from './tree.js';

export { type CheckContext, createCheckContext, type RubricCheck } from './context.js';

/** The semantic checks, in the order their findings are most useful to read. */
export const RUBRIC_CHECKS: readonly RubricCheck[] = [
  checkLocales,
  checkUniqueIds,
  checkScales,
  checkTiers,
  checkReferences,
  checkRanges,
  checkAttributes,
  checkFacts,
  checkTranslations,
];
