import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/io.js';
import { diagnosticCodes } from '../src/index.js';
import { readRepoFile } from './helpers/fixtures.js';

const docs = ['rubric-format.md', 'scoring.md', 'exports.md', 'policy-format.md', 'subjects.md', 'decisions.md']
  .map((f) => readRepoFile('docs', f))
  .join('\n');

describe('the docs', () => {
  it('list every diagnostic code', () => {
    expect(diagnosticCodes.filter((code) => !docs.includes(`\`${code}\``))).toEqual([]);
  });

  it("the README's exit-code table has a row for each code the CLI returns, and names each signal's", () => {
    const readme = readRepoFile('README.md');
    const rows = [...readme.matchAll(/^\| (\d+|128 \+ \*n\*) \|/gm)].map((m) => m[1]);
    expect(rows).toEqual([...Object.values(EXIT).map(String), '128 + *n*']);
    const signals = [...readRepoFile('src', 'cli', 'bin.ts').matchAll(/\['(SIG\w+)', (\d+)\]/g)];
    expect(signals.length).toBeGreaterThan(0);
    for (const [, name, n] of signals)
      expect(readme).toContain(`${128 + Number(n)} on ${name === 'SIGINT' ? 'Ctrl-C (SIGINT)' : name}`);
  });
});
