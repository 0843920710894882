import { describe, expect, it } from 'vitest';
import {
  type Assessment,
  type CompiledRubric,
  findLevers,
  formatRecommendation,
  loadPolicy,
  type Policy,
  type Profile,
  readProfiles,
  recommend,
  rescoreProfile,
  scoreAssessment,
} from '../src/index.js';
import { conditionHolds, traceCondition } from '../src/policy/logic.js';
import { qualifiedTrack } from '../src/policy/recommend.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const rubric: CompiledRubric = mustLoad(readRepoFile('test', 'fixtures', 'policy', 'rubric.yaml'));
const policyText = readRepoFile('test', 'fixtures', 'policy', 'policy.yaml');

function mustLoadPolicy(text: string, r: CompiledRubric = rubric): Policy {
  const result = loadPolicy(text, r, { file: 'policy.yaml' });
  if (!result.ok)
    throw new Error(result.diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.code}`).join('\n'));
  return result.policy;
}
const policy = mustLoadPolicy(policyText);

/** One respondent per list entry; each answers FIN, CTRL and HR. */
function profileOf(answers: [number, number, number][], attributes: Record<string, string> = {}, wave?: string): Profile {
  const assessment: Assessment = {
    subject: { id: 'a1', attributes },
    ...(wave ? { wave } : {}),
    respondents: answers.map(([FIN, CTRL, HR], i) => ({ id: `r${i}`, answers: { FIN, CTRL, HR } })),
  };
  return scoreAssessment(rubric, assessment);
}

/** A policy with one rule whose condition is `when`, to test each construct alone. */
function holds(when: unknown, profile: Profile, previous?: Profile): boolean {
  const text = `mahvan-policy: 1
id: p
version: "1"
title: t
rubric: tiny
tracks: [{id: YES, title: yes}]
rules:
  - id: r
    when: ${JSON.stringify(when)}
    primary: YES
`;
  const p = mustLoadPolicy(text);
  return recommend(profile, p, previous ? { previous: { profile: previous } } : {}).primary === 'YES';
}

// FIN 3, CTRL 4, HR 2: D1 = (3 + 4) / 2 = 3.5 (solid), D2 = 2 (basic), overall = (3.5 + 2) / 2 = 2.75
const base = profileOf([[3, 4, 2]], { sector: 'arab', cluster: 'north' });

describe('conditions, one construct at a time (profile: FIN 3, CTRL 4, HR 2 → D1 3.5, D2 2, overall 2.75)', () => {
  it.each([
    ['<', { '<': [{ score: 'overall' }, 3] }, true],
    ['< (equal is not less)', { '<': [{ score: 'D1' }, 3.5] }, false],
    ['<=', { '<=': [{ score: 'D1' }, 3.5] }, true],
    ['>', { '>': [{ score: 'FIN' }, 2] }, true],
    ['>=', { '>=': [{ score: 'HR' }, 2.5] }, false],
    ['between (a <= x <= b)', { '<=': [2.5, { score: 'overall' }, 3] }, true],
    ['percent: (2.75 − 1) / 4 = 43.75 %', { '==': [{ percent: 'overall' }, 43.75] }, true],
    ['level by id', { '==': [{ level: 'D1' }, 'solid'] }, true],
    ['level !=', { '!=': [{ level: 'D2' }, 'basic'] }, false],
    ['gap: target 4 − 2.75 = 1.25', { '==': [{ gap: 'overall' }, 1.25] }, true],
    ['target', { '==': [{ target: 'D2' }, 4] }, true],
    ['coverage: every indicator answered', { '==': [{ coverage: 'overall' }, 1] }, true],
    ['confidence', { '>=': [{ confidence: 'overall' }, 0.7] }, true],
    ['attribute ==', { '==': [{ attribute: 'sector' }, 'arab'] }, true],
    ['attribute in', { in: [{ attribute: 'sector' }, ['jewish', 'druze']] }, false],
    ['attribute set (!!)', { '!!': [{ attribute: 'cluster' }] }, true],
    ['and: all hold', { and: [{ '>': [{ score: 'D1' }, 3] }, { '<': [{ score: 'D2' }, 3] }] }, true],
    ['and: one fails', { and: [{ '>': [{ score: 'D1' }, 3] }, { '>': [{ score: 'D2' }, 3] }] }, false],
    ['or: one holds', { or: [{ '>': [{ score: 'D1' }, 4] }, { '<': [{ score: 'D2' }, 3] }] }, true],
    ['not', { '!': [{ '<': [{ score: 'D1' }, 3] }] }, true],
    [
      'count over a tier: one domain below 3',
      { '==': [{ length: { filter: [{ nodes: 'domain' }, { '<': [{ var: 'score' }, 3] }] } }, 1] },
      true,
    ],
    ['some over a tier', { some: [{ nodes: 'capability' }, { '>=': [{ var: 'score' }, 4] }] }, true],
    ['flag: none set', { flag: 'disagreement' }, false],
    ['change without a previous wave is null, so no comparison holds', { '<': [{ change: 'D1' }, 100] }, false],
  ])('%s', (_, when, expected) => {
    expect(holds(when, base)).toBe(expected);
  });

  // the engine throws on these (NaN, or its own error object); one profile's odd value must not end a run
  it.each([
    ['a level compared with a number', { '==': [{ level: 'D1' }, 3] }, 'a value is not a number'],
    ['a division by zero', { '<': [{ '/': [{ score: 'D1' }, 0] }, 3] }, 'a value is not a number'],
    ['min of nothing', { '<': [{ min: [] }, 3] }, 'Invalid Arguments'],
  ])('%s does not hold, and the reason says it could not be evaluated', (_, when, error) => {
    const text = `mahvan-policy: 1\nid: p\nversion: "1"\ntitle: t\nrubric: tiny\ntracks: [{id: YES, title: yes}]\nrules:\n  - {id: r, when: ${JSON.stringify(when)}, primary: YES}\n`;
    const rec = recommend(base, mustLoadPolicy(text));
    expect(rec.primary).toBeNull();
    const [fact] = rec.reasons.find((r) => r.id === 'r')?.facts ?? [];
    expect(fact).toMatchObject({ holds: false, error });
    expect(formatRecommendation(rec, mustLoadPolicy(text), 'en')).toContain(`(cannot be evaluated: ${error})`);
  });

  it('a node without a score never satisfies a comparison (JSON Logic alone would read null as 0)', () => {
    // nobody answered HR: D2 has no score
    const partial = scoreAssessment(rubric, { subject: { id: 'a1' }, respondents: [{ id: 'r', answers: { FIN: 3, CTRL: 4 } }] });
    expect(partial.nodes.D2?.score).toBeNull();
    expect(holds({ '<': [{ score: 'D2' }, 3] }, partial)).toBe(false);
    expect(holds({ '>=': [{ score: 'D2' }, 0] }, partial)).toBe(false);
    expect(holds({ '==': [{ score: 'D2' }, null] }, partial)).toBe(true);
  });

  it('flags, on any node or one node', () => {
    // two respondents 1 and 5 on FIN: a spread of 4 levels ≥ 2 flags disagreement on FIN
    const split = profileOf([
      [1, 4, 2],
      [5, 4, 2],
    ]);
    expect(holds({ flag: 'disagreement' }, split)).toBe(true);
    expect(holds({ flag: ['disagreement', 'FIN'] }, split)).toBe(true);
    expect(holds({ flag: ['disagreement', 'HR'] }, split)).toBe(false);
  });

  it('change since the previous wave', () => {
    // previous D1 = (4 + 5) / 2 = 4.5 → now 3.5: change −1
    const before = profileOf([[4, 5, 2]]);
    expect(holds({ '<=': [{ change: 'D1' }, -1] }, base, before)).toBe(true);
    expect(holds({ '<': [{ change: 'D1' }, -1] }, base, before)).toBe(false);
  });
});

describe('recommend: rules, selection, guards', () => {
  it('first match gives the primary track; a rule without a primary adds its secondary track', () => {
    const r = recommend(base, policy);
    // overall 2.75: not stabilize (FIN 3), not flexibility, not intensive (≥ 2.5); peers adds PEERS; default PEERS
    expect([r.primary, r.decidedBy, r.secondary]).toEqual(['PEERS', 'default', []]);
  });

  it('changing one score flips the track, and the reasons name the condition and its value', () => {
    const weak = profileOf([[1, 4, 2]], { cluster: 'north' });
    const r = recommend(weak, policy);
    expect([r.primary, r.decidedBy, r.secondary]).toEqual(['STABILIZE', 'stabilize', ['PEERS']]);
    const reason = r.reasons.find((x) => x.id === 'stabilize');
    expect(reason).toMatchObject({ holds: true, effect: 'primary STABILIZE' });
    expect(reason?.facts).toEqual([
      { condition: 'score(FIN) ≤ 1', logic: { '<=': [{ score: 'FIN' }, 1] }, holds: true, values: { 'score(FIN)': 1 } },
    ]);
  });

  it('the strongest qualify for flexibility, with its measure', () => {
    // FIN 5, CTRL 5 → D1 5 (high); HR 4 → D2 4; overall 4.5
    const strong = profileOf([[5, 5, 4]]);
    const r = recommend(strong, policy);
    expect([r.primary, r.measures]).toEqual(['FLEX', ['mentor']]);
  });

  it('low confidence never grants flexibility: the guard denies it and the next rule decides', () => {
    // FIN and CTRL: medians 5 and 5, but answers spread 4 levels, so each counts half in confidence: D1 0.5;
    // HR unanswered: D2 0. Overall score = D1 = 5 (qualifies for FLEX); confidence (0.5 + 0) / 2 = 0.25
    const unsure = scoreAssessment(rubric, {
      subject: { id: 'a1' },
      respondents: [
        { id: 'r1', answers: { FIN: 5, CTRL: 5 } },
        { id: 'r2', answers: { FIN: 5, CTRL: 1 } },
        { id: 'r3', answers: { FIN: 1, CTRL: 5 } },
      ],
    });
    expect([unsure.overall.score, unsure.overall.confidence]).toEqual([5, 0.25]);
    const r = recommend(unsure, policy);
    expect(r.primary).not.toBe('FLEX');
    expect(r.reasons.find((x) => x.id === 'low-confidence')).toMatchObject({ holds: true, effect: 'denies FLEX' });
    expect(r.measures).toContain('validate');
    expect(r.measures).not.toContain('mentor');
  });

  it('priority selection picks the highest-priority track among the rules that hold', () => {
    const both = policyText.replace('title: Tiny policy', 'title: Tiny policy\nselection: priority');
    const p = mustLoadPolicy(both.replace('{"<=": [{score: FIN}, 1]}', '{">=": [{score: FIN}, 1]}'));
    const strong = profileOf([[5, 5, 4]]);
    expect(recommend(strong, p).primary).toBe('FLEX');
    expect(recommend(strong, policy).primary).toBe('FLEX');
    // with first-match, the loosened stabilize rule would come first
    const firstMatch = mustLoadPolicy(policyText.replace('{"<=": [{score: FIN}, 1]}', '{">=": [{score: FIN}, 1]}'));
    expect(recommend(strong, firstMatch).primary).toBe('STABILIZE');
  });

  it('a change of track needs two consecutive waves that qualify', () => {
    const wave1 = recommend(profileOf([[3, 4, 2]], {}, '2026'), policy);
    expect([wave1.primary, wave1.streak]).toEqual(['PEERS', 1]);
    const strong = profileOf([[5, 5, 4]], {}, '2027');
    const wave2 = recommend(strong, policy, { previous: { recommendation: wave1 } });
    expect([wave2.qualified, wave2.primary, wave2.streak]).toEqual(['FLEX', 'PEERS', 1]);
    expect(wave2.reasons.at(-1)).toMatchObject({
      kind: 'waves',
      holds: true,
      effect: 'keeps PEERS: FLEX qualified 1 of 2 consecutive waves',
    });
    const wave3 = recommend(strong, policy, { previous: { recommendation: wave2 } });
    expect([wave3.qualified, wave3.primary, wave3.streak]).toEqual(['FLEX', 'FLEX', 2]);
  });

  it('lists the focus: the largest weighted gaps of the profile', () => {
    const r = recommend(base, policy);
    expect(r.focus.map((f) => f.id)).toEqual(base.priorities.slice(0, 3).map((p) => p.id));
  });

  it('reads as text with the reasons', () => {
    const text = formatRecommendation(recommend(profileOf([[1, 4, 2]]), policy), policy, 'en');
    expect(text.split('\n').slice(0, 5)).toEqual([
      'a1: Stabilize',
      `  Focus: ${recommend(profileOf([[1, 4, 2]]), policy)
        .focus.map((f) => `${rubric.byId.get(f.id)?.title} (Gap ${Math.round(f.gap * 100) / 100})`)
        .join(', ')}`,
      '  Why:',
      '    ✓ stabilize — primary track: Stabilize',
      '        ✓ Finance: 1 — at most 1',
    ]);
  });
});

describe('policy diagnostics point at the line and column', () => {
  const at = (text: string) => {
    const result = loadPolicy(text, rubric, { file: 'p.yaml' });
    return result.diagnostics.map(
      (d) => `${d.range?.start.line}:${d.range?.start.column} ${d.severity} ${d.code}${d.hint ? ` (${d.hint})` : ''}`,
    );
  };

  it.each([
    ['a node the rubric lacks', '{score: FIN}', '{score: FNI}', "policy-unknown-node (Did you mean 'FIN'?)"],
    ['an unknown operator', '{"<=": [{score: FIN}, 1]}', '{"=<": [{score: FIN}, 1]}', 'policy-unknown-operator'],
    [
      'a level the node lacks',
      '{"==": [{level: D1}, high]}',
      '{"==": [{level: D1}, hihg]}',
      "policy-unknown-level (Did you mean 'high'?)",
    ],
    [
      'an undeclared attribute',
      '{attribute: cluster}',
      '{attribute: clustr}',
      "policy-unknown-attribute (Did you mean 'cluster'?)",
    ],
    ['a track not defined', 'primary: STABILIZE', 'primary: STABLIZE', "policy-unknown-track (Did you mean 'STABILIZE'?)"],
    [
      'a flag scoring never sets',
      '{"!!": [{attribute: cluster}]}',
      '{flag: disagreemnt}',
      "policy-unknown-flag (Did you mean 'disagreement'?)",
    ],
  ])('%s', (_, from, to, expected) => {
    const text = policyText.replace(from, to);
    const n = text.split('\n').findIndex((l) => l.includes(to)) + 1;
    const column = text.split('\n')[n - 1]!.indexOf(to) + 1;
    const [d] = at(text);
    expect(d).toMatch(new RegExp(`^${n}:\\d+ error ${expected.replace(/[()?.]/g, '\\$&')}`));
    const col = Number(d!.split(' ')[0]!.split(':')[1]);
    expect(col).toBeGreaterThanOrEqual(column);
    expect(col).toBeLessThan(column + to.length);
  });

  // each repeat is reported where it repeats: tracks would be counted twice, a rule's reason be ambiguous
  it.each([
    ['track', '{id: INTENSIVE, title: Intensive}', '{id: STABILIZE, title: Intensive}', '8:10'],
    ['measure', '{id: validate, title:', '{id: mentor, title:', '13:10'],
    ['rule', '  - id: flexibility', '  - id: stabilize', '18:9'],
    ['guard', '  - id: two-waves', '  - id: low-confidence', '40:9'],
  ])('a repeated %s id', (kind, from, to, place) => {
    const text = policyText.replace(from, to);
    expect(text).not.toBe(policyText);
    const repeated = loadPolicy(text, rubric, { file: 'p.yaml' }).diagnostics.filter((d) => d.code === 'duplicate-id');
    expect(repeated.map((d) => [`${d.range?.start.line}:${d.range?.start.column}`, d.message.split(' ')[1]])).toEqual([
      [place, kind],
    ]);
  });

  it('warns when an attribute is compared with a value it never takes', () => {
    const to = '{"==": [{attribute: sector}, arabic]}';
    const text = policyText.replace('{"!!": [{attribute: cluster}]}', to);
    const n = text.split('\n').findIndex((l) => l.includes(to)) + 1;
    const column = text.split('\n')[n - 1]!.indexOf('arabic') + 1;
    expect(at(text)).toEqual([`${n}:${column} warning policy-unknown-attribute-value (Did you mean 'arab'?)`]);
  });

  it('refuses a policy written for another rubric', () => {
    expect(at(policyText.replace('rubric: tiny', 'rubric: other'))).toEqual([
      '5:9 error policy-rubric-mismatch (Use the policy written for this rubric, or correct its rubric: line.)',
    ]);
  });
});

describe('the shipped engagement policy', () => {
  it('loads against the shipped rubric with no errors or warnings', () => {
    const il = mustLoad(readRepoFile('rubrics', 'il-local-authority-capability.yaml'));
    const result = loadPolicy(readRepoFile('policies', 'il-engagement.yaml'), il);
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe('levers: what would change the decision', () => {
  it('lists the indicators whose one-level improvement raises a level above them, worked by hand', () => {
    // FIN 3 → 4: D1 (4 + 4) / 2 = 4 high (from solid 3.5), overall (4 + 2) / 2 = 3 solid (from basic 2.75)
    // CTRL 4 → 5: D1 (3 + 5) / 2 = 4 high, overall 3 solid;  HR 2 → 3: D2 3 solid (from basic), overall 3.25 solid
    expect(findLevers(rubric, base)).toEqual([
      {
        indicator: 'FIN',
        from: 3,
        to: 4,
        raises: [
          { id: 'D1', from: 'solid', to: 'high' },
          { id: 'overall', from: 'basic', to: 'solid' },
        ],
      },
      {
        indicator: 'CTRL',
        from: 4,
        to: 5,
        raises: [
          { id: 'D1', from: 'solid', to: 'high' },
          { id: 'overall', from: 'basic', to: 'solid' },
        ],
      },
      {
        indicator: 'HR',
        from: 2,
        to: 3,
        raises: [
          { id: 'D2', from: 'basic', to: 'solid' },
          { id: 'overall', from: 'basic', to: 'solid' },
        ],
      },
    ]);
  });

  it('puts first the improvements that move the subject to another track', () => {
    // FIN 1 → 2 ends stabilization: D1 (2 + 4) / 2 = 3, overall (3 + 2) / 2 = 2.5, not < 2.5 → default PEERS
    const weak = profileOf([[1, 4, 2]]);
    const [first] = findLevers(rubric, weak, { policy });
    expect(first).toMatchObject({ indicator: 'FIN', from: 1, to: 2, track: { from: 'STABILIZE', to: 'PEERS' } });
  });

  it('rescoring with no change gives the same profile', () => {
    expect(rescoreProfile(rubric, base, {})).toEqual(base);
  });
});

describe('whether a condition holds, without its facts', () => {
  const engine = policy.engine;
  const profiles = [
    profileOf([[1, 1, 1]]),
    profileOf([[3, 4, 2]], { sector: 'arab' }),
    profileOf([[5, 5, 5]], { sector: 'jewish' }),
  ];
  // an unknown node makes its comparison fail: in an `or`, the other part still decides, as in the trace
  it.each([
    { when: { or: [{ '<': [{ score: 'NOPE' }, 3] }, { '>=': [{ score: 'overall' }, 0] }] }, holds: [true, true, true] },
    {
      when: { and: [{ '>=': [{ score: 'overall' }, 3] }, { not: { '<': [{ score: 'NOPE' }, 3] } }] },
      holds: [false, false, true],
    },
    { when: { '!': { '>=': [{ score: 'overall' }, 3] } }, holds: [true, true, false] },
    { when: { in: [{ attribute: 'sector' }, ['arab', 'druze']] }, holds: [false, true, false] },
  ])('$when holds as the trace says: $holds', ({ when, holds }) => {
    expect(profiles.map((profile) => conditionHolds(engine, when, { profile }))).toEqual(holds);
    expect(profiles.map((profile) => traceCondition(engine, when, { profile }).holds)).toEqual(holds);
  });

  it("gives every rule and guard of the shipped policy the trace's answer, on every bundled profile", async () => {
    const shipped = mustLoad(readRepoFile('rubrics', 'il-local-authority-capability.yaml'));
    const loaded = loadPolicy(readRepoFile('policies', 'il-engagement.yaml'), shipped);
    if (!loaded.ok) throw new Error('the shipped policy does not load');
    const { runCli } = await import('./helpers/cli.js');
    const scored = await runCli([
      'score',
      '--rubric',
      'rubrics/il-local-authority-capability.yaml',
      '--mapping',
      'examples/mapping.yaml',
      '--format',
      'ndjson',
      'examples/data/survey-export-2026.csv',
    ]);
    const read = readProfiles(
      scored.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
      shipped,
    );
    const conditions = [
      ...loaded.policy.rules.map((r) => r.when),
      ...loaded.policy.guards.flatMap((g) => (g.kind === 'deny' ? [g.when] : [])),
    ];
    let compared = 0;
    for (const profile of read.items)
      for (const when of conditions) {
        expect(conditionHolds(loaded.policy.engine, when, { profile })).toBe(
          traceCondition(loaded.policy.engine, when, { profile }).holds,
        );
        compared++;
      }
    expect(compared).toBe(255 * conditions.length);
    // and the track levers compute is the one recommend gives
    for (const profile of read.items.slice(0, 40))
      expect(qualifiedTrack(profile, loaded.policy)).toBe(recommend(profile, loaded.policy).qualified);
  });
});

describe('focus from what decided the track', () => {
  const policyWith = (focus: string) =>
    mustLoadPolicy(`mahvan-policy: 1
id: p
version: "1"
title: P
rubric: tiny
tracks: [{id: T, title: T}]
rules:
  - {id: r, when: {"<": [{score: overall}, 5]}, primary: T${focus}}
focus: {count: 1}
`);
  // FIN 2, CTRL 2, HR 1 against a target of 4: D1 (2) has a weighted gap of 25 (2/4 × 0.5), D2 (1) of 37.5
  const profile = profileOf([[2, 2, 1]]);
  it.each([
    ['', 'D2'],
    [', focus: [D1]', 'D1'],
    [', focus: {tier: domain, below: 1.5}', 'D2'],
    [', focus: {tier: domain, below: 2.5}', 'D2'],
    // under FIN there is no priority: the focus falls back to the largest gaps
    [', focus: [FIN]', 'D2'],
  ])('rule%s focuses on %s', (focus, id) => {
    expect(recommend(profile, policyWith(focus)).focus.map((f) => f.id)).toEqual([id]);
  });

  it('names a focus node the rubric does not have', () => {
    const loaded = loadPolicy(
      'mahvan-policy: 1\nid: p\nversion: "1"\ntitle: P\nrubric: tiny\ntracks: [{id: T, title: T}]\nrules:\n  - {id: r, when: true, primary: T, focus: [D3]}\n',
      rubric,
    );
    expect(loaded.diagnostics.map((d) => d.code)).toEqual(['policy-unknown-node']);
  });
});

describe('what central government controls', () => {
  // D2 tagged as depending on central government: its gap is listed apart, never in the focus
  const tagged = mustLoad(
    readRepoFile('test', 'fixtures', 'policy', 'rubric.yaml').replace('  - id: D2\n', '  - id: D2\n    control: government\n'),
  );
  const loadedPolicy = loadPolicy(
    'mahvan-policy: 1\nid: p\nversion: "1"\ntitle: P\nrubric: tiny\ntracks: [{id: T, title: T}]\nrules:\n  - {id: r, when: true, primary: T}\nfocus: {count: 2}\n',
    tagged,
  );
  if (!loadedPolicy.ok) throw new Error('policy');
  it('is shown apart from the focus, with its gap', () => {
    // FIN 2, CTRL 2, HR 1 against a target of 4: gaps D1 2, D2 3
    const profile = scoreAssessment(tagged, {
      subject: { id: 'a' },
      respondents: [{ id: 'r', answers: { FIN: 2, CTRL: 2, HR: 1 } }],
    });
    const rec = recommend(profile, loadedPolicy.policy);
    expect(rec.focus.map((f) => f.id)).toEqual(['D1']);
    expect(rec.government?.map((f) => [f.id, f.gap])).toEqual([['D2', 3]]);
    expect(formatRecommendation(rec, loadedPolicy.policy, 'he', ['en'])).toContain('פערים התלויים בשלטון המרכזי');
  });
});
