// report, recommend and explain read profiles only for the rubric (id and version) they were scored with: the
// numbers in a profile are that rubric's, and another's structure around them would show or explain them wrongly.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { readRepoFile } from './helpers/fixtures.js';

const tiny = readRepoFile('test', 'fixtures', 'policy', 'rubric.yaml');
const policy = 'test/fixtures/policy/policy.yaml';
const dir = mkdtempSync(join(tmpdir(), 'mahvan-document-rubric-'));
const at = (name: string) => join(dir, name);

// profiles.json: 'weak' (FIN 1, CTRL 4, HR 2) and 'strong', scored with 'tiny' version 1, one profile a line
beforeAll(async () => {
  writeFileSync(at('other.yaml'), tiny.replace('id: tiny', 'id: other').replace('version: "1"', 'version: "7"'));
  // version 2 scores D1 by the lowest child: weak's D1 is min(1, 4) = 1 where version 1 gave mean(1, 4) = 2.5
  writeFileSync(
    at('v2.yaml'),
    tiny.replace('version: "1"', 'version: "2"').replace('title: Finance\n', 'title: Finance\n    aggregation: min\n'),
  );
  // version 3 renames HR: profiles of version 1 lack its node
  writeFileSync(at('v3.yaml'), tiny.replace('version: "1"', 'version: "3"').replaceAll('id: HR', 'id: PPL'));
  const scored = await runCli([
    'score',
    '--rubric',
    'test/fixtures/policy/rubric.yaml',
    'test/fixtures/policy/assessments.json',
    '-o',
    at('profiles.json'),
  ]);
  expect(scored.status, scored.stderr).toBe(0);
  const bare = JSON.parse(readFileSync(at('profiles.json'), 'utf8')).map(({ rubric: _, ...p }: Record<string, unknown>) => p);
  writeFileSync(at('bare.json'), `[\n${bare.map((p: unknown) => JSON.stringify(p)).join(',\n')}\n]\n`);
});

const mismatch = (file: string, rubric: string) => [
  `${at(file)}:2:11 error document-rubric-mismatch profile 1 (subject 'weak') and 1 more like it were made with the rubric 'tiny' version 1, not ${rubric}.`,
  `  hint: Give the rubric 'tiny' version 1, or make them again with ${rubric}.`,
];

describe('profiles of another rubric are refused, naming both rubrics', () => {
  it.each([
    ['report, another rubric', 'report', 'other.yaml', [], "'other' version 7"],
    ['report, another version', 'report', 'v2.yaml', [], "'tiny' version 2"],
    ['recommend, another version', 'recommend', 'v2.yaml', ['--policy', policy], "'tiny' version 2"],
    ['explain, another version', 'explain', 'v2.yaml', ['--node', 'D1'], "'tiny' version 2"],
  ])('%s: exit 1, one error for the whole file, nothing written', async (_, command, rubric, extra, named) => {
    const out = at(`out-${command}-${rubric}`);
    const { status, stdout, stderr } = await runCli([
      command,
      '--rubric',
      at(rubric),
      ...extra,
      at('profiles.json'),
      ...(command === 'explain' ? [] : ['-o', out]),
    ]);
    expect(status).toBe(1);
    expect(stderr.split('\n').slice(0, 2)).toEqual(mismatch('profiles.json', named));
    expect(stderr.match(/document-rubric-mismatch/g)).toHaveLength(1);
    expect(stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('a profile that names no rubric is read, with one warning, when its nodes are the rubric’s', async () => {
    const { status, stderr } = await runCli([
      'report',
      '--rubric',
      'test/fixtures/policy/rubric.yaml',
      at('bare.json'),
      '-o',
      at('out-bare'),
    ]);
    expect(status).toBe(0);
    expect(stderr.split('\n').slice(0, 2)).toEqual([
      `${at('bare.json')}:2:1 warning document-rubric-unnamed profile 1 (subject 'weak') and 1 more like it do not name the rubric they were scored with; read as scored with 'tiny' version 1, whose nodes they have.`,
      '  hint: Score the answers again with mahvan score, which names the rubric in every profile.',
    ]);
    expect(existsSync(join(at('out-bare'), 'subjects', 'weak.html'))).toBe(true);
  });

  it('a profile that names no rubric is refused when its nodes are not the rubric’s', async () => {
    const { status, stderr } = await runCli(['report', '--rubric', at('v3.yaml'), at('bare.json'), '-o', at('out-bare-v3')]);
    expect(status).toBe(1);
    expect(stderr.split('\n').slice(0, 2)).toEqual([
      `${at('bare.json')}:2:174 error document-nodes-mismatch profile 1 (subject 'weak') does not fit the rubric's nodes: it lacks 'PPL'.`,
      '  hint: It does not name the rubric it was scored with: give that rubric, or score the answers again with this one.',
    ]);
    expect(existsSync(at('out-bare-v3'))).toBe(false);
  });

  // not a refusal: an earlier wave's profiles may come from an earlier version (passes before the change too)
  it('--previous-profiles may come from another version of the rubric with the same nodes', async () => {
    const current = at('profiles-v2.json');
    await runCli(['score', '--rubric', at('v2.yaml'), 'test/fixtures/policy/assessments.json', '-o', current]);
    const { status, stderr } = await runCli([
      'recommend',
      '--rubric',
      at('v2.yaml'),
      '--policy',
      policy,
      current,
      '--previous-profiles',
      at('profiles.json'),
    ]);
    expect([status, stderr]).toEqual([0, '2 recommendations (STABILIZE 1, INTENSIVE 0, PEERS 0, FLEX 1)\n']);
  });
});
