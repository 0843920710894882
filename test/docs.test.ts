import { describe, expect, it } from 'vitest';
import { diagnosticCodes } from '../src/index.js';
import { readRepoFile } from './helpers/fixtures.js';

const docs = ['rubric-format.md', 'scoring.md', 'exports.md', 'policy-format.md'].map((f) => readRepoFile('docs', f)).join('\n');

describe('the docs', () => {
  it('list every diagnostic code', () => {
    expect(diagnosticCodes.filter((code) => !docs.includes(`\`${code}\``))).toEqual([]);
  });
});
