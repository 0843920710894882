import type { AnswerPoints, RespondentPoints } from './profile.js';
import type { RowStore } from './rows.js';
import { CODE, type ScoringTables } from './tables.js';

/** A respondent's answers as a profile keeps them: raw points per indicator, and where evidence came with them. */
export function respondentPoints(
  t: ScoringTables,
  store: RowStore,
  row: number,
  id: string,
  role: string | undefined,
): RespondentPoints {
  const ind = t.indicators;
  const points: AnswerPoints[] = new Array(ind.count);
  const evidence: string[] = [];
  for (let k = 0; k < ind.count; k++) {
    const code = store.code(row, k);
    const v = code & 0x7f;
    points[k] =
      v === CODE.missing
        ? null
        : v === CODE.notApplicable
          ? 'na'
          : v === CODE.invalid
            ? 'invalid'
            : ind.direct[k] === 1
              ? store.value(row, k)
              : ((ind.values[k] as Float64Array)[v - CODE.value] as number);
    if ((code & CODE.evidence) !== 0 && v !== CODE.missing) evidence.push(ind.ids[k] as string);
  }
  return { id, ...(role === undefined ? {} : { role }), points, ...(evidence.length ? { evidence } : {}) };
}
