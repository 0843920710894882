import type { AnswerValue } from '../../../src/assessment/model.js';
import type { Scale } from '../../../src/rubric/model.js';

/** Why "not applicable" does not count on a scale without that answer (the scorer's and the export reader's words). */
export const NO_NOT_APPLICABLE = 'this scale does not allow "not applicable"';

/** The points an answer gives on a scale, or why it is not a valid answer there. */
export type Points = { points: number } | { invalid: string };

/**
 * Converts an answer to points: an ordinal level by value (or level id), a number through the scale's bands,
 * yes/no, or the share of checklist options checked mapped onto the scale's points range.
 */
export function answerPoints(scale: Scale, value: AnswerValue): Points {
  switch (scale.type) {
    case 'ordinal': {
      const level = scale.levels.find((l) => (typeof value === 'number' ? l.points === value : l.key === String(value)));
      return level
        ? { points: level.points }
        : { invalid: `not a level of the scale (${scale.levels.map((l) => l.key).join(', ')})` };
    }
    case 'numeric': {
      const numeric = scale.numeric;
      if (typeof value !== 'number' || !Number.isFinite(value) || !numeric) return { invalid: 'not a number' };
      if (value < numeric.min || value > numeric.max) return { invalid: `outside ${numeric.min}..${numeric.max}` };
      if (!numeric.bands) return { points: value };
      let points = numeric.bands[0]?.points ?? 0;
      for (const band of numeric.bands) if (value >= band.from) points = band.points;
      return { points };
    }
    case 'boolean': {
      const yes = value === true || value === 'yes';
      const no = value === false || value === 'no';
      if (!yes && !no) return { invalid: 'not yes or no' };
      const level = scale.levels.find((l) => l.key === (yes ? 'yes' : 'no'));
      return { points: level?.points ?? 0 };
    }
    case 'checklist': {
      if (!Array.isArray(value)) return { invalid: 'not a list of options' };
      const ids = new Set(scale.levels.map((l) => l.key));
      const checked = new Set<string>();
      for (const id of value as readonly string[]) {
        if (!ids.has(id)) return { invalid: `'${id}' is not an option` };
        checked.add(id);
      }
      const [min, max] = scale.range;
      return { points: min + (checked.size / ids.size) * (max - min) };
    }
  }
}
