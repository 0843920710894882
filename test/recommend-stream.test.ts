import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { summarizeCohort } from '../src/cohort/summarize.js';
import { withAllocations } from '../src/policy/allocate.js';
import { recommendationDocument } from '../src/policy/document.js';
import { recommendWithLevers } from '../src/policy/levers.js';
import { loadPolicy } from '../src/policy/load.js';
import type { Policy } from '../src/policy/model.js';
import { readProfiles } from '../src/score/read-profiles.js';
import { ROOT, readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const RUBRIC = 'rubrics/il-local-authority-capability.yaml';
const POLICY = 'policies/il-engagement.yaml';
const rubric = mustLoad(readRepoFile(RUBRIC));
const loaded = loadPolicy(readRepoFile(POLICY), rubric);
const policy = (loaded.ok ? loaded.policy : undefined) as Policy;

/** The CLI in-process, with each piece written to standard output kept apart. */
async function run(argv: string[]) {
  const pieces: string[] = [];
  let stderr = '';
  const decoder = new TextDecoder();
  const status = await main(argv, {
    stdout: (chunk) => {
      pieces.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk));
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd: ROOT,
  });
  return { status, pieces, stdout: pieces.join(''), stderr };
}

describe('mahvan recommend on many profiles', () => {
  const out = mkdtempSync(join(tmpdir(), 'mahvan-recommend-stream-'));
  const file = join(out, 'profiles.ndjson');
  let lines: string[] = [];

  beforeAll(async () => {
    // the bundled example's 255 profiles, three times under new ids: about 3 MB of recommendations
    const scored = join(out, 'scored.ndjson');
    const score = ['score', '--rubric', RUBRIC, '--mapping', 'examples/mapping.yaml', 'examples/data/survey-export-2026.csv'];
    expect((await run([...score, '--format', 'ndjson', '-o', scored])).status).toBe(0);
    const base = readFileSync(scored, 'utf8').trim().split('\n');
    lines = [0, 1, 2].flatMap((copy) =>
      base.map((line) => {
        const profile = JSON.parse(line);
        profile.subject.id = `${profile.subject.id}-${copy}`;
        return JSON.stringify(profile);
      }),
    );
    writeFileSync(file, `${lines.join('\n')}\n`);
  });

  const expected = () => {
    const reading = readProfiles(
      lines.map((l) => JSON.parse(l)),
      rubric,
    );
    // the reference policy shares a pool among the cohort, so each recommendation carries its allocation
    const cohort = reading.items.map((profile) => ({ profile, recommendation: recommendWithLevers(rubric, profile, policy) }));
    return withAllocations(policy, cohort);
  };

  it('writes each recommendation to standard output as it goes, equal to the library’s', async () => {
    const { status, pieces, stdout, stderr } = await run([
      'recommend',
      '--rubric',
      RUBRIC,
      '--policy',
      POLICY,
      file,
      '--format',
      'ndjson',
    ]);
    expect(status, stderr).toBe(0);
    const { recommendations, pools } = expected();
    expect(stdout).toBe(recommendations.map((r) => `${JSON.stringify(recommendationDocument(r))}\n`).join(''));
    // in pieces of about a megabyte, not one string of the whole output
    expect(pieces.length).toBeGreaterThan(1);
    expect(stderr).toMatch(
      /^765 recommendations \(T0 \d+, T1 \d+, T2 \d+, T3 \d+, T4 \d+, T5 \d+\)\n(warning: )?allocation 'flexibility-grant': /,
    );
    // without the subjects file no authority has the register facts flexibility needs: the pool is reported
    expect(pools[0]).toMatchObject({ status: 'no-eligible', total: 0, undistributed: 4_000_000 });
  });

  it('writes the same list to a file, and the cohort summary the library gives for all of them', async () => {
    const [recs, cohort] = [join(out, 'recs.json'), join(out, 'cohort.json')];
    const argv = ['recommend', '--rubric', RUBRIC, '--policy', POLICY, file, '-o', recs, '--cohort', cohort];
    const { status, stderr } = await run(argv);
    expect(status, stderr).toBe(0);
    const { recommendations, pools } = expected();
    expect(readFileSync(recs, 'utf8')).toBe(
      `[\n${recommendations.map((r) => JSON.stringify(recommendationDocument(r))).join(',\n')}\n]\n`,
    );
    const profiles = readProfiles(
      lines.map((l) => JSON.parse(l)),
      rubric,
    ).items;
    expect(JSON.parse(readFileSync(cohort, 'utf8'))).toEqual(
      JSON.parse(JSON.stringify({ ...summarizeCohort(rubric, profiles, { recommendations, policy }), allocations: pools })),
    );
  });

  it('writes no file when a profile is refused, and names it', async () => {
    const bad = join(out, 'bad.ndjson');
    const broken = JSON.parse(lines[1] as string);
    broken.respondents = 'two';
    writeFileSync(bad, `${[lines[0], JSON.stringify(broken), lines[2]].join('\n')}\n`);
    const recs = join(out, 'never.json');
    const { status, stderr } = await run(['recommend', '--rubric', RUBRIC, '--policy', POLICY, bad, '-o', recs]);
    expect(status).toBe(1);
    expect(stderr).toMatch(/bad\.ndjson:2:\d+ error document-shape/);
    expect(() => readFileSync(recs)).toThrow();
  });
});
