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

/** Percentile rank of `x` among `values`: the share below it plus half the share equal to it, in percent. */
export function percentRank(values: readonly number[], x: number): number {
  let below = 0;
  let equal = 0;
  for (const v of values) {
    if (v < x) below++;
    else if (v === x) equal++;
  }
  return ((below + equal / 2) / values.length) * 100;
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
