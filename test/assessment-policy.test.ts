// Assessment documents take the --invalid policies of exports, and `mahvan score` and the library
// (validateAssessment, then scoreAssessment) give the same result on the same document under each.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InvalidAnswerPolicy } from '../src/index.js';
import { profileDocument, scoreAssessment, validateAssessment } from '../src/index.js';
import { runCli } from './helpers/cli.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

// tiny: D1 = mean(FIN, CTRL), D2 = HR, overall = mean(D1, D2), all on 1..5
const rubricFile = 'test/fixtures/policy/rubric.yaml';
const rubric = mustLoad(readRepoFile(rubricFile));
const strong = { subject: { id: 'strong' }, respondents: [{ id: 'r1', answers: { FIN: 5, CTRL: 5, HR: 4 } }] };
const dir = mkdtempSync(join(tmpdir(), 'mahvan-assessment-policy-'));

// where the CLI points (line 2 holds weak's document; FIN's value at column 69, XX's at 92), and what it says
const invalidLine = (severity: string, outcome: string) =>
  [
    '2:69',
    `${severity} assessment-invalid-answer The answer of 'r1' to 'FIN' is not valid: must be one of 1, 2, 3, 4, 5; ${outcome}.`,
  ] as const;
const unknownLine = [
  '2:92',
  "warning assessment-unknown-indicator Respondent 'r1' answers 'XX', which is not an indicator of this rubric; the answer is left out.",
] as const;

describe('--invalid for assessment documents: the CLI and the library agree', () => {
  it.each([
    // name, weak's answers, --invalid, exit, diagnostic (after the file name), subjects scored, weak's scores by hand
    [
      'an answer off its scale, default: document rejected',
      { FIN: 9, CTRL: 4, HR: 2 },
      undefined,
      1,
      invalidLine('error', 'the document is rejected'),
      ['strong'],
      undefined,
    ],
    [
      'an answer off its scale, reject-row: document rejected',
      { FIN: 9, CTRL: 4, HR: 2 },
      'reject-row',
      1,
      invalidLine('error', 'the document is rejected'),
      ['strong'],
      undefined,
    ],
    // FIN missing: D1 = CTRL = 4 (coverage 1/2), D2 = 2, overall = mean(4, 2) = 3
    [
      'an answer off its scale, missing: counted as missing',
      { FIN: 9, CTRL: 4, HR: 2 },
      'missing',
      0,
      invalidLine('warning', 'counted as missing'),
      ['weak', 'strong'],
      { overall: 3, D1: 4, FIN: null },
    ],
    // D1 = mean(1, 4) = 2.5, D2 = 2, overall = 2.25
    [
      'an unknown indicator, default: left out',
      { FIN: 1, CTRL: 4, HR: 2, XX: 3 },
      undefined,
      0,
      unknownLine,
      ['weak', 'strong'],
      { overall: 2.25, D1: 2.5, FIN: 1 },
    ],
    [
      'an unknown indicator, missing: left out',
      { FIN: 1, CTRL: 4, HR: 2, XX: 3 },
      'missing',
      0,
      unknownLine,
      ['weak', 'strong'],
      { overall: 2.25, D1: 2.5, FIN: 1 },
    ],
  ] as const)('%s', async (name, answers, invalid, exit, line, subjects, scores) => {
    const weak = { subject: { id: 'weak' }, respondents: [{ id: 'r1', answers }] };
    const file = join(dir, `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, `[\n${JSON.stringify(weak)},\n${JSON.stringify(strong)}\n]\n`);
    const cli = await runCli(['score', '--rubric', rubricFile, ...(invalid ? ['--invalid', invalid] : []), file]);
    expect(cli.status).toBe(exit);
    expect(cli.stderr.split('\n')[0]).toBe(`${file}:${line[0]} ${line[1]}`);

    const options = invalid ? { invalid: invalid as InvalidAnswerPolicy } : {};
    const library = [weak, strong].map((doc) => validateAssessment(rubric, doc, options));
    const [said] = library[0]?.diagnostics ?? [];
    expect(`${said?.severity} ${said?.code} ${said?.message}`).toBe(line[1]);
    const profiles = library.flatMap((r) => (r.ok ? [profileDocument(scoreAssessment(rubric, r.assessment))] : []));
    expect(profiles.map((p) => p.subject.id)).toEqual(subjects);
    expect(JSON.parse(cli.stdout)).toEqual(JSON.parse(JSON.stringify(profiles)));
    if (scores) {
      const p = profiles[0];
      expect([p?.overall.score, p?.nodes.D1?.score, p?.nodes.FIN?.score]).toEqual([scores.overall, scores.D1, scores.FIN]);
    }
  });
});
