import type { ScoringPolicy } from '../rubric/model.js';

/** Combines the points several respondents gave one indicator. */
export function combinePoints(
  method: ScoringPolicy['respondents']['combine'],
  points: readonly number[],
  weights: readonly number[],
): number {
  switch (method) {
    case 'mean':
      return points.reduce((s, p) => s + p, 0) / points.length;
    case 'median': {
      const sorted = [...points].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
    }
    case 'min':
      return Math.min(...points);
    case 'max':
      return Math.max(...points);
    case 'role-weights': {
      let sum = 0;
      let total = 0;
      points.forEach((p, i) => {
        sum += p * (weights[i] ?? 1);
        total += weights[i] ?? 1;
      });
      return total > 0 ? sum / total : points.reduce((s, p) => s + p, 0) / points.length;
    }
  }
}
