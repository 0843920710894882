import type { ScoreRange } from '../aggregate/types.js';
import type { Extensions, Scale, ScaleLevel } from './model.js';
import type { ScaleInput } from './schema.js';

/** The `x-` fields of a written object. */
export function extensionsOf(value: object): Extensions {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) if (k.startsWith('x-')) out[k] = (value as Record<string, unknown>)[k];
  return out as Extensions;
}

/** A scale with its points range and answer options made uniform. Total: works on any validated scale. */
export function normalizeScale(name: string, input: ScaleInput): Scale {
  const base = {
    name,
    type: input.type,
    notApplicable: input.notApplicable ?? false,
    extensions: extensionsOf(input),
    ...(input.title === undefined ? {} : { title: input.title }),
    ...(input.description === undefined ? {} : { description: input.description }),
  };
  switch (input.type) {
    case 'ordinal': {
      const levels: ScaleLevel[] = input.levels.map((l) => ({
        key: String(l.value),
        points: l.value,
        label: l.label,
        ...(l.descriptor === undefined ? {} : { descriptor: l.descriptor }),
      }));
      return { ...base, range: spanOf(levels.map((l) => l.points)), levels };
    }
    case 'numeric': {
      const levels: ScaleLevel[] = (input.bands ?? []).map((b) => ({
        key: String(b.points),
        points: b.points,
        ...(b.label === undefined ? {} : { label: b.label }),
        ...(b.descriptor === undefined ? {} : { descriptor: b.descriptor }),
      }));
      return {
        ...base,
        range: input.bands ? spanOf(levels.map((l) => l.points)) : [input.min, input.max],
        levels,
        numeric: {
          min: input.min,
          max: input.max,
          ...(input.unit === undefined ? {} : { unit: input.unit }),
          ...(input.bands ? { bands: input.bands.map((b) => ({ from: b.from, points: b.points })) } : {}),
        },
      };
    }
    case 'boolean': {
      const points = { yes: input.points?.yes ?? 1, no: input.points?.no ?? 0 };
      const levels: ScaleLevel[] = (['no', 'yes'] as const).map((key) => ({
        key,
        points: points[key],
        ...(input.labels ? { label: input.labels[key] } : {}),
      }));
      return { ...base, range: spanOf([points.no, points.yes]), levels };
    }
    case 'checklist': {
      const points = { min: input.points?.min ?? 0, max: input.points?.max ?? 1 };
      const levels: ScaleLevel[] = input.options.map((o) => ({
        key: o.id,
        points: 1,
        label: o.label,
        ...(o.descriptor === undefined ? {} : { descriptor: o.descriptor }),
      }));
      return { ...base, range: [points.min, points.max], levels };
    }
  }
}

function spanOf(values: readonly number[]): ScoreRange {
  return [Math.min(...values), Math.max(...values)];
}
