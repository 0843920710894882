import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Assessment } from '../src/assessment/model.js';
import { findLevers } from '../src/policy/levers.js';
import { loadPolicy } from '../src/policy/load.js';
import { NODE_OPERATORS } from '../src/policy/logic.js';
import type { Policy } from '../src/policy/model.js';
import { recommend } from '../src/policy/recommend.js';
import type { Profile } from '../src/score/profile.js';
import { rescoreProfile } from '../src/score/rescore.js';
import { scoreAssessment } from '../src/score/score-assessment.js';
import { OVERALL } from '../src/score/tables.js';
import { JsonItemScanner, type JsonItemText } from '../src/source/json-items.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const rubric = mustLoad(readRepoFile('test', 'fixtures', 'policy', 'rubric.yaml'));
const policyText = readRepoFile('test', 'fixtures', 'policy', 'policy.yaml');
const policyOf = (text: string): Policy => {
  const result = loadPolicy(text, rubric);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.code).join());
  return result.policy;
};
const policies = [policyOf(policyText), policyOf(policyText.replace('tracks:', 'selection: priority\ntracks:'))];

/** Up to three respondents, each answering FIN, CTRL and HR with 1–5 or not at all. */
const answer = fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined });
const profile = fc.array(fc.tuple(answer, answer, answer), { minLength: 1, maxLength: 3 }).chain((answers) =>
  fc.record({ cluster: fc.option(fc.constantFrom('north', 'south'), { nil: undefined }) }).map(({ cluster }): Profile => {
    const assessment: Assessment = {
      subject: { id: 'a1', attributes: cluster ? { cluster } : {} },
      respondents: answers.map(([FIN, CTRL, HR], i) => ({
        id: `r${i}`,
        answers: Object.fromEntries(Object.entries({ FIN, CTRL, HR }).filter((e): e is [string, number] => e[1] !== undefined)),
      })),
    };
    return scoreAssessment(rubric, assessment);
  }),
);

describe('levers and conditions worked out the fast way agree with the whole way', () => {
  it('each lever is what rescoring the whole profile and recommending again gives, and none is missed', () => {
    fc.assert(
      fc.property(profile, fc.option(profile, { nil: undefined }), fc.integer({ min: 0, max: 1 }), (p, before, k) => {
        const policy = policies[k] as Policy;
        const options = before ? { previous: { profile: before } } : {};
        const baseline = recommend(p, policy, options);
        const levers = findLevers(rubric, p, { policy, recommend: options });
        const expected = rubric.indicators.flatMap((indicator) => {
          const now = p.nodes[indicator.id];
          if (now?.status !== 'scored' || now.score === null) return [];
          // the five-point scale: the next whole point above the combined score
          const to = [1, 2, 3, 4, 5].find((v) => v > (now.score as number) + 1e-9);
          if (to === undefined) return [];
          const after = rescoreProfile(rubric, p, { [indicator.id]: to });
          const raises = [...['D1', 'D2'].filter((d) => rubric.parentOf.get(indicator.id) === d), OVERALL].flatMap((id) => {
            const [a, b] = id === OVERALL ? [p.overall, after.overall] : [p.nodes[id], after.nodes[id]];
            return a && b && a.level !== b.level ? [{ id, from: a.level, to: b.level }] : [];
          });
          const moved = recommend(after, policy, options).qualified;
          const track = moved === baseline.qualified ? undefined : { from: baseline.qualified, to: moved };
          return raises.length || track
            ? [{ indicator: indicator.id, from: now.score, to, raises, ...(track ? { track } : {}) }]
            : [];
        });
        expect([...levers].sort((a, b) => a.indicator.localeCompare(b.indicator))).toEqual(
          expected.sort((a, b) => a.indicator.localeCompare(b.indicator)),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('a comparison of node operators runs as the JSON Logic engine runs it', () => {
    const engine = (policies[0] as Policy).engine;
    const id = fc.constantFrom('FIN', 'CTRL', 'HR', 'D1', 'D2', OVERALL, 'nope');
    const operand = fc.oneof(
      fc.double({ min: -1, max: 6, noNaN: true }),
      fc.constantFrom(null, true, 'high', 'basic'),
      fc.record({ op: fc.constantFrom(...NODE_OPERATORS), id, list: fc.boolean() }).map(({ op, id, list }) => ({
        [op]: list ? [id] : id,
      })),
    );
    const logic = fc.oneof(
      fc.tuple(fc.constantFrom('<', '<=', '>', '>='), fc.array(operand, { minLength: 1, maxLength: 3 })).map(([op, args]) => ({
        [op]: args,
      })),
      operand.filter((o) => typeof o === 'object' && o !== null),
    );
    fc.assert(
      fc.property(logic, profile, fc.option(profile, { nil: undefined }), (l, p, before) => {
        const data = { profile: p, ...(before ? { previous: before } : {}) };
        // wrapped in a one-part `and`, the engine runs it itself (and gives back the part's value)
        expect(engine.run(l, data)).toEqual(engine.run({ and: [l] }, data));
      }),
      { numRuns: RUNS * 5 },
    );
  });
});

describe('the item scanner reads a line of NDJSON whole as it would character by character', () => {
  /** The items found (each parsed, or why not) and the error that ended the scan, if any. */
  const scan = (chunks: readonly string[]) => {
    const items: { text: string; start: JsonItemText['start']; value: unknown }[] = [];
    const scanner = new JsonItemScanner((item) => {
      let value: unknown;
      try {
        value = 'value' in item ? item.value : JSON.parse(item.text);
      } catch {
        value = 'not JSON';
      }
      items.push({ text: item.text, start: item.start, value });
    });
    try {
      for (const chunk of chunks) scanner.push(chunk);
      scanner.end();
      return { items };
    } catch (error) {
      return { items, error: (error as Error).message };
    }
  };
  const line = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.jsonValue().map((v) => JSON.stringify(v, null, 1)),
    fc
      .tuple(fc.jsonValue(), fc.constantFrom(' ', '\t', '\r', '\u00a0', '  \r', ' x'))
      .map(([v, end]) => `${JSON.stringify(v)}${end}`),
    fc.constantFrom('', ' ', '{', '}', '[', ']', ',', '"a"x', '{"a":1} {"b":2}', '{"a":1}{"b":2}', '1 2', '{"a":[1,}', '[1,2]'),
  );
  it('gives the same items, positions and errors in one chunk as in chunks that each end before a line break', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
        const text = lines.join('\n');
        // no chunk holds a whole line then: every character goes through the scanner
        expect(scan([text])).toEqual(scan(text.split(/(?=\n)/)));
      }),
      { numRuns: RUNS * 5 },
    );
  });
});

describe('conditions over a tier run directly as the JSON Logic engine runs them', () => {
  const engine = (policies[0] as Policy).engine;
  const literal = fc.oneof(fc.double({ min: -1, max: 101, noNaN: true }), fc.constantFrom(null, 'basic', 'D1', 2.5, 0, 1));
  const field = fc.constantFrom('score', 'percent', 'level', 'gap', 'coverage', 'confidence', 'id', 'flags', 'nope');
  const comparison = fc.constantFrom('<', '<=', '>', '>=');
  const test = fc
    .tuple(
      comparison,
      fc.array(
        fc.oneof(
          literal,
          field.map((f) => ({ var: f })),
        ),
        { minLength: 1, maxLength: 3 },
      ),
    )
    .map(([op, args]) => ({ [op]: args }));
  const nodes = fc
    .tuple(fc.constantFrom('domain', 'capability', 'nope'), fc.boolean())
    .map(([tier, list]) => ({ nodes: list ? [tier] : tier }));
  const overTier = fc.oneof(
    fc.tuple(fc.constantFrom('some', 'all', 'none'), nodes, test).map(([op, list, t]) => ({ [op]: [list, t] })),
    fc.tuple(comparison, nodes, test, literal, fc.boolean()).map(([op, list, t, value, before]) => {
      const count = { length: { filter: [list, t] } };
      return { [op]: before ? [value, count] : [count, value] };
    }),
    fc.tuple(nodes, test).map(([list, t]) => ({ length: { filter: [list, t] } })),
  );
  it('gives what the engine gives for counts, some, all and none over a tier', () => {
    fc.assert(
      fc.property(overTier, profile, (l, p) => {
        const data = { profile: p };
        // wrapped in a one-part `and`, the engine runs it itself (and gives back the part's value)
        expect(engine.run(l, data)).toEqual(engine.run({ and: [l] }, data));
      }),
      { numRuns: RUNS * 5 },
    );
  });
});
