import type { AnswerValue } from '../assessment/model.js';
import type { AttributeValue } from '../exports/attribute-values.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { IndicatorFact, IndicatorNode } from '../rubric/model.js';
import { answerPoints } from '../score/answer-points.js';
import type { SubjectRecord } from './read.js';

/** Where a fact-fed indicator's answer came from: the file, its row, and each value read with its cell. */
export interface FactProvenance {
  /** The answer given to the indicator's scale. */
  answer: AnswerValue;
  file?: string;
  row: number;
  from: readonly { attribute: string; value: AttributeValue; cell: string; column: string }[];
}

/** A subject's facts as answers: the register's answer per fact-fed indicator, and the facts it lacks. */
export interface RegisterFacts {
  answers: Readonly<Record<string, AnswerValue>>;
  facts: Readonly<Record<string, FactProvenance>>;
  missing: readonly { indicator: string; reason: string }[];
}

export const NO_FACTS: RegisterFacts = Object.freeze({ answers: {}, facts: {}, missing: [] });

/**
 * Every fact-fed indicator's answer for one subject, from its record of the subjects file (none: every fact
 * missing). An answer its scale does not take is missing too, with the reason: a fact is never guessed.
 */
export function registerFacts(compiled: CompiledRubric, record: SubjectRecord | undefined, file?: string): RegisterFacts {
  const answers: Record<string, AnswerValue> = {};
  const facts: Record<string, FactProvenance> = {};
  const missing: { indicator: string; reason: string }[] = [];
  for (const indicator of compiled.indicators) {
    if (!indicator.fact) continue;
    const read = record ? factAnswer(indicator.fact, record) : { reason: 'the subject has no row in the subjects file' };
    const scale = compiled.rubric.scales[indicator.scale];
    const points = 'answer' in read && scale ? answerPoints(scale, read.answer) : undefined;
    if (!('answer' in read) || !points || 'invalid' in points) {
      missing.push({
        indicator: indicator.id,
        reason: 'reason' in read ? read.reason : `${read.answer} is ${invalidOf(points)}`,
      });
      continue;
    }
    answers[indicator.id] = read.answer;
    facts[indicator.id] = provenance(indicator, read.answer, record as SubjectRecord, file);
  }
  return { answers, facts, missing };
}

const invalidOf = (points: ReturnType<typeof answerPoints> | undefined) =>
  points && 'invalid' in points ? points.invalid : 'not an answer of the scale';

/** The answer a fact gives: the attribute's value (through `answers`), or one value as a percentage of another. */
function factAnswer(fact: IndicatorFact, record: SubjectRecord): { answer: AnswerValue } | { reason: string } {
  const value = (id: string) => record.values[id];
  if ('percent' in fact) {
    const [part, whole] = fact.percent.map(value);
    if (typeof part !== 'number') return { reason: `no value of '${fact.percent[0]}'` };
    if (typeof whole !== 'number') return { reason: `no value of '${fact.percent[1]}'` };
    if (whole === 0) return { reason: `'${fact.percent[1]}' is 0, so no percentage of it can be taken` };
    return { answer: (part / whole) * 100 };
  }
  const v = value(fact.attribute);
  if (v === undefined) return { reason: `no value of '${fact.attribute}'` };
  if (!fact.answers) return { answer: typeof v === 'boolean' ? (v ? 'yes' : 'no') : v };
  const answer = fact.answers[String(v)];
  return answer === undefined ? { reason: `'${v}' of '${fact.attribute}' has no answer` } : { answer };
}

function provenance(indicator: IndicatorNode, answer: AnswerValue, record: SubjectRecord, file?: string): FactProvenance {
  const fact = indicator.fact as IndicatorFact;
  const ids = 'percent' in fact ? fact.percent : [fact.attribute];
  return {
    answer,
    ...(file === undefined ? {} : { file }),
    row: record.row,
    from: ids.map((attribute) => ({
      attribute,
      value: record.values[attribute] as AttributeValue,
      ...(record.cells[attribute] as { cell: string; column: string }),
    })),
  };
}
