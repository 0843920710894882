import type { ScoreRange } from '../../../src/aggregate/types.js';
import type { ProfileLevel } from '../../../src/rubric/model.js';

/** The highest profile level whose lower bound the score reaches, or null. */
export function levelOf(score: number | null, levels: readonly ProfileLevel[]): string | null {
  if (score === null) return null;
  let found: string | null = null;
  for (const level of levels) if (score >= level.from - 1e-9) found = level.id;
  return found;
}

/** The score on 0–100 over its range. */
export function percentOf(score: number | null, range: ScoreRange): number | null {
  if (score === null) return null;
  const [min, max] = range;
  return max > min ? ((score - min) / (max - min)) * 100 : 100;
}

/** A target given as a number or a profile-level id, as a score; undefined when it names no level. */
export function targetScore(target: number | string | undefined, levels: readonly ProfileLevel[]): number | undefined {
  if (typeof target === 'number') return target;
  if (target === undefined) return undefined;
  return levels.find((l) => l.id === target)?.from;
}
