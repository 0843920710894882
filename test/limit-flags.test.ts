// Each refusal names the option that raises its limit; every command that reads YAML takes those options.
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const RUBRIC = 'test/fixtures/rubrics/valid/minimal.yaml';

describe('the YAML limits a refusal names are options of every command that reads YAML', () => {
  it.each([
    ['validate', [RUBRIC]],
    ['score', ['--rubric', RUBRIC, 'x.csv']],
    ['recommend', ['--rubric', RUBRIC, '--policy', 'p.yaml', 'x.json']],
    ['report', ['--rubric', RUBRIC, '-o', 'out/never', 'x.json']],
    ['explain', ['--rubric', RUBRIC, '--node', 'overall', 'x.json']],
    ['template', ['--rubric', RUBRIC, '-o', 'out/never']],
  ])('%s --max-size refuses the rubric, naming --max-size', async (command, args) => {
    const run = await runCli([command, ...args, '--max-size', '40']);
    expect(run.stdout + run.stderr).toMatch(/input-too-large .*\n\s+hint: .*--max-size/);
    expect(run.status).toBe(1);
  });
});
