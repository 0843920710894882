// Loading a rubric whose anchors are reused grows linearly with the number of aliases. `yaml` found each alias's
// anchor by walking the whole document, so checking the aliases, converting to data and locating a warning
// through an alias each took aliases × nodes: a 318 KB rubric with 9,000 aliases took 38 s. The loads are
// timed on two sizes and only the ratio is compared, with wide slack: 8 times the aliases take about 64 times
// as long when quadratic, and 8 to 10 times as long now.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRubric } from '../src/index.js';
import { readRepoFile } from './helpers/fixtures.js';

const minimal = readRepoFile('test', 'fixtures', 'rubrics', 'valid', 'minimal.yaml');
const head = minimal.split('nodes:')[0] ?? '';

/** A rubric of `n` indicators, each using the anchored `title` as `field`; `extra` locales make warnings. */
function rubric(n: number, field: 'question' | 'descriptor', extra: boolean): string {
  const title = `{he: א, en: A${extra ? ', x-note: N' : ''}}`;
  const lines = [`${head}nodes:`, '  - id: D1', `    title: &t ${title}`, '    children:', '      - id: C1', '        title: *t'];
  lines.push('        children:');
  for (let i = 0; i < n; i++) {
    const use = field === 'question' ? 'question: *t' : 'question: {he: ש, en: Q}\n            descriptors: {1: *t}';
    lines.push(`          - id: I${i}`, `            ${use}`, '            scale: level5');
  }
  return `${lines.join('\n')}\n`;
}

/** The shortest of a few timed loads, which the scheduler disturbs least. */
function fastestLoad(text: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    loadRubric(text);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('alias expansion grows linearly', () => {
  it('with the number of aliases, checked, converted and located', () => {
    fc.assert(
      fc.property(fc.constantFrom('question' as const, 'descriptor' as const), fc.boolean(), (field, extra) => {
        const small = rubric(100, field, extra);
        const large = rubric(800, field, extra);
        expect(loadRubric(large).ok).toBe(true);
        fastestLoad(small); // warm up the code paths once
        // 8 times the aliases: linear is about 8, aliases × nodes about 64; a busy machine stays far below 24
        expect(fastestLoad(large) / fastestLoad(small)).toBeLessThan(24);
      }),
      { numRuns: 4 },
    );
  });
});
