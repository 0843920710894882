import type { DataPath } from '../../diagnostics/diagnostic.js';
import type { ProfileLevelInput } from '../schema.js';
import type { CheckContext } from './context.js';

/** Ordinal values and numeric bands must increase; bands must cover the numeric range. */
export function checkScales(ctx: CheckContext): void {
  for (const [name, scale] of Object.entries(ctx.rubric.scales)) {
    const base = ['scales', name];
    if (scale.type === 'ordinal') {
      increasing(
        ctx,
        'Scale values',
        scale.levels.map((l) => l.value),
        [...base, 'levels'],
        'value',
      );
    } else if (scale.type === 'numeric') {
      if (scale.min >= scale.max) {
        ctx.report(
          'bands-not-covering',
          { what: 'The numeric range', detail: `min ${scale.min} is not below max ${scale.max}.` },
          [...base, 'max'],
        );
        continue;
      }
      // Without bands the number itself is the points: nothing more to check.
      if (
        !scale.bands ||
        !increasing(
          ctx,
          'Band starts',
          scale.bands.map((b) => b.from),
          [...base, 'bands'],
          'from',
        )
      )
        continue;
      const first = scale.bands[0];
      const last = scale.bands[scale.bands.length - 1];
      if (first && first.from > scale.min) {
        ctx.report(
          'bands-not-covering',
          { what: 'The bands', detail: `values from ${scale.min} up to ${first.from} fall in no band.` },
          [...base, 'bands', 0, 'from'],
        );
      } else if (first && first.from < scale.min) {
        ctx.report(
          'bands-not-covering',
          { what: 'The bands', detail: `the first band starts at ${first.from}, below the minimum ${scale.min}.` },
          [...base, 'bands', 0, 'from'],
        );
      } else if (last && last.from > scale.max) {
        ctx.report(
          'bands-not-covering',
          { what: 'The bands', detail: `the last band starts at ${last.from}, above the maximum ${scale.max}.` },
          [...base, 'bands', scale.bands.length - 1, 'from'],
        );
      }
    } else if (scale.type === 'checklist' && scale.points && scale.points.min >= scale.points.max) {
      ctx.report(
        'bands-not-covering',
        { what: 'The points range', detail: `min ${scale.points.min} is not below max ${scale.points.max}.` },
        [...base, 'points', 'max'],
      );
    }
  }
}

/** Reports the first value that does not rise above the one before; true when all rise. */
export function increasing(ctx: CheckContext, what: string, values: readonly number[], listPath: DataPath, key: string): boolean {
  for (let i = 1; i < values.length; i++) {
    const previous = values[i - 1] as number;
    const actual = values[i] as number;
    if (!(actual > previous)) {
      ctx.report('bands-not-increasing', { what, previous, actual }, [...listPath, i, key]);
      return false;
    }
  }
  return true;
}

/** Profile levels must increase and cover the range of every node they apply to. */
export function checkProfileLevels(
  ctx: CheckContext,
  levels: readonly ProfileLevelInput[],
  path: DataPath,
  range: readonly [number, number] | undefined,
): boolean {
  if (
    !increasing(
      ctx,
      'Level starts',
      levels.map((l) => l.from),
      path,
      'from',
    )
  )
    return false;
  const first = levels[0];
  if (range && first && first.from > range[0]) {
    ctx.report(
      'bands-not-covering',
      { what: 'The profile levels', detail: `scores from ${range[0]} up to ${first.from} have no level.` },
      [...path, 0, 'from'],
    );
    return false;
  }
  return true;
}
