import type { ScoreRange } from '../aggregate/types.js';
import type { ProfileLevel } from '../rubric/model.js';

/** The highest profile level whose lower bound the score reaches, or null. */
export function levelOf(score: number | null, levels: readonly ProfileLevel[]): string | null {
  if (score === null) return null;
  return levels[levelIndex(score, levels)]?.id ?? null;
}

/** The index of the highest level whose lower bound the score reaches (-1: none; NaN reaches none). */
export function levelIndex(score: number, levels: readonly ProfileLevel[]): number {
  let found = -1;
  for (let i = 0; i < levels.length; i++) if (score >= (levels[i] as ProfileLevel).from - 1e-9) found = i;
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
