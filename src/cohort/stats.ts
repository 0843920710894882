/** Descriptive statistics for cohorts. Inputs are plain number lists; nothing here mutates its input. */

export const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Sample variance (n − 1), as R's var() and psych use. */
export function variance(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
}

/** Quantile by linear interpolation between order statistics (R's default, type 7). */
export function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

/**
 * Percentile rank of `x` among `sorted` (ascending): the share below it plus half the share equal to it, in
 * percent. Two binary searches, so that ranking every subject of a cohort stays O(n log n).
 */
export function percentRank(sorted: readonly number[], x: number): number {
  const below = firstAtLeast(sorted, x, false);
  const equal = firstAtLeast(sorted, x, true) - below;
  return ((below + equal / 2) / sorted.length) * 100;
}

/** The index of the first value ≥ x (or > x, with `past`) in an ascending list. */
function firstAtLeast(sorted: readonly number[], x: number, past: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] as number;
    if (v < x || (past && v === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Pearson correlation; null when either list has no variance. */
export function correlation(xs: readonly number[], ys: readonly number[]): number | null {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}

/**
 * Cronbach's alpha of k items over complete cases (rows), k / (k − 1) · (1 − Σ var(item) / var(total)), and each
 * item's corrected item-total correlation (with the sum of the other items: psych's r.drop).
 */
export function cronbach(rows: readonly (readonly number[])[]): { alpha: number | null; itemTotal: (number | null)[] } {
  const k = rows[0]?.length ?? 0;
  const items = Array.from({ length: k }, (_, j) => rows.map((r) => r[j] as number));
  const totals = rows.map((r) => r.reduce((s, x) => s + x, 0));
  const totalVar = variance(totals);
  const alpha = k > 1 && totalVar > 0 ? (k / (k - 1)) * (1 - items.reduce((s, it) => s + variance(it), 0) / totalVar) : null;
  const itemTotal = items.map((it, j) =>
    correlation(
      it,
      totals.map((t, i) => t - (rows[i]?.[j] as number)),
    ),
  );
  return { alpha, itemTotal };
}
