import type { ScoringPolicy } from '../../../src/rubric/model.js';

/**
 * Combines the points several respondents gave one indicator: the first `n` entries of `points` (and of
 * `weights`, for role weights). Plain arrays and typed arrays alike, so both scorers share this arithmetic.
 */
export function combinePoints(
  method: ScoringPolicy['respondents']['combine'],
  points: ArrayLike<number>,
  weights: ArrayLike<number>,
  n = points.length,
): number {
  switch (method) {
    case 'median': {
      const sorted = Float64Array.from({ length: n }, (_, i) => points[i] as number).sort();
      const mid = n >> 1;
      return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
    }
    case 'min': {
      let m = points[0] as number;
      for (let i = 1; i < n; i++) if ((points[i] as number) < m) m = points[i] as number;
      return m;
    }
    case 'max': {
      let m = points[0] as number;
      for (let i = 1; i < n; i++) if ((points[i] as number) > m) m = points[i] as number;
      return m;
    }
    case 'role-weights': {
      let sum = 0;
      let total = 0;
      for (let i = 0; i < n; i++) {
        sum += (points[i] as number) * ((weights[i] as number | undefined) ?? 1);
        total += (weights[i] as number | undefined) ?? 1;
      }
      if (total > 0) return sum / total;
      break;
    }
  }
  let sum = 0;
  for (let i = 0; i < n; i++) sum += points[i] as number;
  return sum / n;
}
