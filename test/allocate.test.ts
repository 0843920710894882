import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeCohort } from '../src/cohort/summarize.js';
import {
  type CompiledRubric,
  loadPolicy,
  type Policy,
  type Profile,
  type Recommendation,
  recommend,
  renderCohortReport,
  renderSubjectReport,
  scoreAssessment,
} from '../src/index.js';
import { type Allocation, allocate, withAllocations } from '../src/policy/allocate.js';
import { runCli } from './helpers/cli.js';
import { mustLoad } from './helpers/rubric.js';

// One indicator S answered as a number 0–100 (its score is the number), and the register facts eligibility reads.
const RUBRIC = `mahvan: 1
id: grants
version: "1"
title: Grants
locales: [en]
tiers: [domain, capability]
attributes:
  - {id: supervision, values: [none, recovery-plan]}
scales:
  pct: {type: numeric, min: 0, max: 100}
levels:
  - {id: low, label: Low, from: 0}
nodes:
  - id: D
    title: Performance
    children:
      - {id: S, title: Score, question: Score?, scale: pct}
`;
const rubric: CompiledRubric = mustLoad(RUBRIC);

/** A policy with one track per id, the eligibility conditions given, and one pool. */
function policyWith(pool: string, eligibility = ''): Policy {
  const text = `mahvan-policy: 1
id: p
version: "1"
title: t
rubric: grants
tracks: [{id: T1, title: one}, {id: T4, title: four}]
rules: [{id: r, when: true, primary: T4}]
${eligibility}
allocations:
  - ${pool.trim().split('\n').join('\n    ')}
`;
  const result = loadPolicy(text, rubric, { file: 'policy.yaml' });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.code).join(', '));
  return result.policy;
}

const NO_SUPERVISION = `eligibility:
  - {id: E1, when: {"==": [{attribute: supervision}, "none"]}}`;

type Row = [id: string, score: number | null, supervision?: string, track?: string];
function cohortOf(rows: Row[]): { profile: Profile; recommendation: { subject: Profile['subject']; primary: string } }[] {
  return rows.map(([id, score, supervision = 'none', track = 'T4']) => {
    const profile = scoreAssessment(rubric, {
      subject: { id, attributes: { supervision } },
      respondents: [{ id: 'r', answers: score === null ? {} : { S: score } }],
    });
    return { profile, recommendation: { subject: profile.subject, primary: track } };
  });
}

const amounts = (result: ReturnType<typeof allocate>) =>
  Object.fromEntries([...result.bySubject].map(([id, list]) => [id, (list[0] as Allocation).amount]));

describe('allocate: hand-worked pools', () => {
  it('eligibility: a subject under a recovery plan gets nothing, with the condition and the value read', () => {
    const result = allocate(
      policyWith('{id: G, pool: 1000, by: {score: S}}', NO_SUPERVISION),
      cohortOf([
        ['a', 60],
        ['b', 80, 'recovery-plan'],
      ]),
    );
    expect(amounts(result)).toEqual({ a: 1000, b: 0 });
    const b = result.bySubject.get('b')?.[0];
    expect(b?.eligible).toBe(false);
    expect(b?.reasons).toEqual([
      {
        kind: 'eligibility',
        id: 'E1',
        holds: false,
        facts: [expect.objectContaining({ holds: false, values: { 'attribute(supervision)': 'recovery-plan' } })],
      },
    ]);
    expect(result.pools[0]).toMatchObject({ considered: 2, eligible: 1, ineligible: 1, total: 1000, undistributed: 0 });
  });

  it('threshold: 40 < 50 gets nothing; 60 and 90 share 1000 as 400 and 600; no score is counted apart', () => {
    const result = allocate(
      policyWith('{id: G, pool: 1000, by: {score: S}, threshold: 50}'),
      cohortOf([
        ['a', 40],
        ['b', 60],
        ['c', 90],
        ['d', null],
      ]),
    );
    expect(amounts(result)).toEqual({ a: 0, b: 400, c: 600, d: 0 });
    expect(result.bySubject.get('a')?.[0]?.reasons).toEqual([
      { kind: 'threshold', holds: false, measure: 'score S', value: 40, threshold: 50 },
    ]);
    expect(result.pools[0]).toMatchObject({ considered: 4, eligible: 2, belowThreshold: 1, unscored: 1, ineligible: 0 });
  });

  it('floor: 10/45/45 of 1000 is 100/450/450; a is raised to 200 and b, c share the 800 left', () => {
    const result = allocate(
      policyWith('{id: G, pool: 1000, by: {score: S}, floor: 200}'),
      cohortOf([
        ['a', 10],
        ['b', 45],
        ['c', 45],
      ]),
    );
    expect(amounts(result)).toEqual({ a: 200, b: 400, c: 400 });
    expect(result.bySubject.get('a')?.[0]?.reasons.at(-1)).toMatchObject({ kind: 'share', rule: 'floor', exact: 200 });
    expect(result.bySubject.get('b')?.[0]?.reasons.at(-1)).toMatchObject({
      kind: 'share',
      rule: 'proportional',
      value: 45,
      total: 90,
      shared: 800,
      exact: 400,
    });
  });

  it('cap, redistributed twice: 50/40/10 of 1000 capped at 400 is 400, then 480 → 400, then c 200', () => {
    const result = allocate(
      policyWith('{id: G, pool: 1000, by: {score: S}, cap: 400}'),
      cohortOf([
        ['a', 50],
        ['b', 40],
        ['c', 10],
      ]),
    );
    expect(amounts(result)).toEqual({ a: 400, b: 400, c: 200 });
    expect(result.pools[0]).toMatchObject({ status: 'allocated', total: 1000, undistributed: 0 });
  });

  it('floor and cap both binding: 1/9/90 of 1000 in [100, 500]: cap c first (400 over > 100 short), then a to 100, b 400', () => {
    const result = allocate(
      policyWith('{id: G, pool: 1000, by: {score: S}, floor: 100, cap: 500}'),
      cohortOf([
        ['a', 1],
        ['b', 9],
        ['c', 90],
      ]),
    );
    expect(amounts(result)).toEqual({ a: 100, b: 400, c: 500 });
    expect(result.bySubject.get('b')?.[0]?.reasons.at(-1)).toMatchObject({ rule: 'proportional', total: 9, shared: 400 });
  });

  it('rounding with a tie: 10 shared 1:1:2 is 2.5/2.5/5; the one unit left goes to a (by id), not b (listed first)', () => {
    const result = allocate(
      policyWith('{id: G, pool: 10, by: {score: S}}'),
      cohortOf([
        ['b', 30],
        ['a', 30],
        ['c', 60],
      ]),
    );
    expect(amounts(result)).toEqual({ b: 2, a: 3, c: 5 });
    expect(result.bySubject.get('a')?.[0]?.reasons.at(-1)).toMatchObject({ exact: 2.5, roundedUp: true });
    expect(result.bySubject.get('b')?.[0]?.reasons.at(-1)).toMatchObject({ exact: 2.5, roundedUp: false });
  });

  it('rounding in agorot: 100.00 in three equal shares is 33.34 + 33.33 + 33.33', () => {
    const result = allocate(
      policyWith('{id: G, pool: 100, unit: 0.01, by: {score: S}}'),
      cohortOf([
        ['c', 7],
        ['a', 7],
        ['b', 7],
      ]),
    );
    expect(amounts(result)).toEqual({ c: 33.33, a: 33.34, b: 33.33 });
    expect(result.pools[0]).toMatchObject({ total: 100, undistributed: 0 });
  });

  it('an empty pool: no one eligible is reported, nothing divided by zero', () => {
    const result = allocate(
      policyWith('{id: G, pool: 1000, by: {score: S}}', NO_SUPERVISION),
      cohortOf([['a', 60, 'recovery-plan']]),
    );
    expect(amounts(result)).toEqual({ a: 0 });
    expect(result.pools[0]).toMatchObject({ status: 'no-eligible', eligible: 0, total: 0, undistributed: 1000 });
    expect(allocate(policyWith('{id: G, pool: 1000, by: {score: S}}'), []).pools[0]).toMatchObject({
      status: 'no-eligible',
      considered: 0,
      undistributed: 1000,
    });
  });

  it('caps that exactly use the pool: 2 × 500 of 1000 is allocated, not left over', () => {
    const result = allocate(
      policyWith('{id: G, pool: 1000, by: {score: S}, cap: 500}'),
      cohortOf([
        ['a', 60],
        ['b', 20],
      ]),
    );
    expect(amounts(result)).toEqual({ a: 500, b: 500 });
    expect(result.pools[0]).toMatchObject({ status: 'allocated', total: 1000, undistributed: 0 });
  });

  it('caps that cannot use the pool: each gets its cap and the rest is reported undistributed', () => {
    const result = allocate(
      policyWith('{id: G, pool: 1000, by: {score: S}, cap: 300}'),
      cohortOf([
        ['a', 60],
        ['b', 20],
      ]),
    );
    expect(amounts(result)).toEqual({ a: 300, b: 300 });
    expect(result.pools[0]).toMatchObject({ status: 'capped', total: 600, undistributed: 400 });
  });

  it('floors the pool cannot pay: nothing is allocated and the pool says why', () => {
    const result = allocate(
      policyWith('{id: G, pool: 1000, by: {score: S}, floor: 400}'),
      cohortOf([
        ['a', 60],
        ['b', 20],
        ['c', 20],
      ]),
    );
    expect(amounts(result)).toEqual({ a: 0, b: 0, c: 0 });
    expect(result.pools[0]).toMatchObject({ status: 'floors-exceed-pool', eligible: 3, total: 0, undistributed: 1000 });
  });

  it('a pool for one track: subjects on another track are not considered', () => {
    const result = allocate(
      policyWith('{id: G, pool: 900, tracks: [T4], by: {score: S}}'),
      cohortOf([
        ['a', 60],
        ['b', 30],
        ['c', 90, 'none', 'T1'],
      ]),
    );
    expect(amounts(result)).toEqual({ a: 600, b: 300 });
    expect(result.pools[0]).toMatchObject({ considered: 2, eligible: 2 });
  });
});

describe('allocate: the UNCDF worked example (docs/decisions.md, anchors: performance-based climate grants)', () => {
  // pool 80,000; district 8 fails its minimum conditions; scores under 50 get no performance share.
  // Eligible {2, 3, 4, 5, 7}, ΣS = 355: exact shares 12,394.366 / 13,521.127 / 15,774.648 / 18,028.169 / 20,281.690.
  // Rounded each to the agora they sum to 80,000.01 (the anchor's figures); largest remainder gives the 3 agorot
  // left after rounding down to the largest remainders (.90 for 5, .79 for 4, .68 for 3), so 2 gets 12,394.36.
  it('shares 80,000 among districts 2, 3, 4, 5, 7 to the agora, summing exactly to the pool', () => {
    const scores: [string, number][] = [
      ['1', 40],
      ['2', 55],
      ['3', 60],
      ['4', 70],
      ['5', 80],
      ['6', 45],
      ['7', 90],
      ['8', 65],
    ];
    const policy = policyWith('{id: G, pool: 80000, unit: 0.01, by: {score: S}, threshold: 50}', NO_SUPERVISION);
    const result = allocate(policy, cohortOf(scores.map(([id, s]) => [id, s, id === '8' ? 'recovery-plan' : 'none'] as Row)));
    expect(amounts(result)).toEqual({
      '1': 0,
      '2': 12394.36,
      '3': 13521.13,
      '4': 15774.65,
      '5': 18028.17,
      '6': 0,
      '7': 20281.69,
      '8': 0,
    });
    expect(result.pools[0]).toMatchObject({
      considered: 8,
      eligible: 5,
      ineligible: 1,
      belowThreshold: 2,
      total: 80000,
      undistributed: 0,
    });
  });
});

describe('policy check: allocations', () => {
  const codes = (pool: string) => {
    const text = `mahvan-policy: 1
id: p
version: "1"
title: t
rubric: grants
tracks: [{id: T4, title: four}]
rules: [{id: r, when: true, primary: T4}]
allocations:
  - ${pool}
`;
    const result = loadPolicy(text, rubric, { file: 'policy.yaml' });
    return result.diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.code}`);
  };
  it.each([
    ['a pool not a whole number of units', '{id: G, pool: 100.5, by: {score: S}}', ['9:19 policy-allocation-unit']],
    [
      'a floor in agorot with a unit of shekels',
      '{id: G, pool: 100, floor: 0.5, by: {score: S}}',
      ['9:31 policy-allocation-unit'],
    ],
    ['a floor above the cap', '{id: G, pool: 100, floor: 50, cap: 40, by: {score: S}}', ['9:31 policy-allocation-bounds']],
    ['an unknown track', '{id: G, pool: 100, tracks: [T9], by: {score: S}}', ['9:33 policy-unknown-track']],
    ['an unknown node', '{id: G, pool: 100, by: {score: X}}', ['9:36 policy-unknown-node']],
    ['a valid pool', '{id: G, pool: 100.5, unit: 0.5, floor: 1, cap: 50, by: {percent: D}}', []],
  ])('%s', (_, pool, expected) => {
    expect(codes(pool)).toEqual(expected);
  });
});

describe('mahvan recommend with an allocation pool', () => {
  it('writes each subject’s amount with its reasons, the pool in the cohort summary, and a line on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mahvan-allocate-'));
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const rubricFile = file('rubric.yaml', RUBRIC);
    const policyFile = file(
      'policy.yaml',
      `mahvan-policy: 1
id: p
version: "1"
title: t
rubric: grants
tracks: [{id: T4, title: four}]
rules: [{id: r, when: true, primary: T4}]
${NO_SUPERVISION}
allocations:
  - {id: G, pool: 1000, by: {score: S}, threshold: 50}
`,
    );
    const assessments = file(
      'assessments.json',
      JSON.stringify(
        [
          ['a', 60, 'none'],
          ['b', 40, 'none'],
          ['c', 90, 'recovery-plan'],
          ['d', 90, 'none'],
        ].map(([id, S, supervision]) => ({
          subject: { id, attributes: { supervision } },
          respondents: [{ id: 'r', answers: { S } }],
        })),
      ),
    );
    const profiles = join(dir, 'profiles.json');
    expect((await runCli(['score', '--rubric', rubricFile, assessments, '-o', profiles])).status).toBe(0);
    const recs = join(dir, 'recs.json');
    const cohort = join(dir, 'cohort.json');
    const run = await runCli([
      'recommend',
      '--rubric',
      rubricFile,
      '--policy',
      policyFile,
      profiles,
      '-o',
      recs,
      '--cohort',
      cohort,
    ]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(
      "allocation 'G': 1000 of 1000 to 2 of 4 subjects considered (1 ineligible, 1 below the threshold, 0 without a score)\n",
    );
    const written = JSON.parse(readFileSync(recs, 'utf8')) as { subject: { id: string }; allocations: Allocation[] }[];
    // 60 and 90 share 1000: 400 and 600
    expect(written.map((r) => [r.subject.id, r.allocations.map((a) => a.amount)])).toEqual([
      ['a', [400]],
      ['b', [0]],
      ['c', [0]],
      ['d', [600]],
    ]);
    expect(JSON.parse(readFileSync(cohort, 'utf8')).allocations).toEqual([
      expect.objectContaining({
        id: 'G',
        status: 'allocated',
        eligible: 2,
        total: 1000,
        rounding: 'largest remainder, ties by subject id',
      }),
    ]);
    const text = await runCli(['recommend', '--rubric', rubricFile, '--policy', policyFile, '--format', 'text', profiles]);
    // in the locale's words (the rubric's default here: en), the pool by its title or id
    expect(text.stdout).toContain('  Allocation: G: 600 (60% of the pool)\n');
    expect(text.stdout).toContain('  Allocation: G: Not eligible\n');
    // the file reads back as recommendations (the waves guard of the next wave reads it)
    const again = await runCli(['recommend', '--rubric', rubricFile, '--policy', policyFile, '--previous', recs, profiles]);
    expect(again.status).toBe(0);
  });
});

describe('reports show each subject’s amount and the cohort’s pools, in he, ar and en', () => {
  const rubric3 = mustLoad(
    RUBRIC.replace('locales: [en]', 'locales: [he, ar, en]')
      .replace('title: Performance', 'title: {he: "ביצועים", ar: "الأداء", en: "Performance"}')
      .replace('title: Score,', 'title: {he: "ציון", ar: "الدرجة", en: "Score"},')
      .replace(
        '{id: supervision, values: [none, recovery-plan]}',
        '{id: supervision, title: {he: "פיקוח", ar: "الرقابة", en: "Supervision"}, values: [{value: none, label: {he: "ללא", ar: "بدون", en: "None"}}, {value: recovery-plan, label: {he: "תוכנית הבראה", ar: "خطة إشفاء", en: "Recovery plan"}}]}',
      ),
  );
  const loaded = loadPolicy(
    `mahvan-policy: 1
id: p
version: "1"
title: t
rubric: grants
tracks: [{id: T4, title: four}]
rules: [{id: r, when: true, primary: T4}]
eligibility:
  - id: E1
    title: {he: "ללא פיקוח מיוחד", ar: "بدون رقابة خاصة", en: "No special supervision"}
    when: {"==": [{attribute: supervision}, "none"]}
allocations:
  - {id: G, title: {he: "מענק", ar: "منحة", en: "Grant"}, pool: 1000, by: {score: S}, threshold: 50, floor: 100, cap: 700}
`,
    rubric3,
  );
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.code).join());
  const policy = loaded.policy;
  const cohort = (
    [
      ['a', 60, 'none'],
      ['b', 90, 'none'],
      ['c', 90, 'recovery-plan'],
    ] as const
  ).map(([id, S, supervision]) => {
    const profile = scoreAssessment(rubric3, {
      subject: { id, attributes: { supervision } },
      respondents: [{ id: 'r', answers: { S } }],
    });
    return { profile, recommendation: recommend(profile, policy) };
  });
  const { recommendations, pools } = withAllocations(policy, cohort);
  const summary = {
    ...summarizeCohort(
      rubric3,
      cohort.map((c) => c.profile),
      { recommendations, policy },
    ),
    allocations: pools,
  };
  const section = (html: string) =>
    (/<section class="allocations">.*?<\/section>/s.exec(html)?.[0] ?? '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  it.each([
    // 60 and 90 share 1000: 400 and 600, within the floor 100 and the cap 700
    [
      'en',
      'Grant: 600 (60% of the pool)',
      'Not eligible',
      'Grant In proportion to Score · threshold 50 · floor 100 · cap 700 1,000 2 / 3 1,000 0',
    ],
    [
      'he',
      'מענק: 600 (60% מהקרן)',
      'לא זכאית',
      'מענק חלוקה יחסית לפי ציון · ציון סף 50 · סכום מזערי 100 · תקרה 700 1,000 2 / 3 1,000 0',
    ],
    [
      'ar',
      'منحة: 600 (60‎%‎ من الصندوق)',
      'غير مستحِقّة',
      'منحة بالتناسب مع الدرجة · العتبة 50 · الحدّ الأدنى 100 · السقف 700 1,000 2 / 3 1,000 0',
    ],
  ])('%s', (locale, amount, refused, pool) => {
    const [a, b, c] = recommendations;
    const page = (r: typeof a) =>
      section(
        renderSubjectReport({
          rubric: rubric3,
          profile: cohort.find((x) => x.profile.subject.id === r?.subject.id)?.profile as Profile,
          recommendation: r as Recommendation,
          policy,
          locale,
        }),
      );
    expect(page(b)).toContain(amount);
    expect(page(a)).toContain('400');
    expect(page(c)).toContain(refused);
    const cohortPage = section(
      renderCohortReport({ rubric: rubric3, profiles: cohort.map((x) => x.profile), summary, policy, locale }),
    );
    expect(cohortPage).toContain(pool);
    // no English in the Hebrew and Arabic pages' allocations
    if (locale !== 'en') for (const text of [page(a), page(b), page(c), cohortPage]) expect(text).not.toMatch(/[A-Za-z]/);
  });
});
