// The shipped reference rubric and engagement policy: they load with no error or warning, every text reads in
// every declared locale (its own translation or the fallback the rubric declares), and every indicator says what
// each of its levels looks like.
import { describe, expect, it } from 'vitest';
import { type LocalizedText, loadPolicy, loadRubric } from '../src/index.js';
import { readRepoFile } from './helpers/fixtures.js';

const rubricResult = loadRubric(readRepoFile('rubrics', 'il-local-authority-capability.yaml'));
if (!rubricResult.ok) throw new Error('the reference rubric does not load');
const compiled = rubricResult.rubric;
const { rubric } = compiled;
const policyResult = loadPolicy(readRepoFile('policies', 'il-engagement.yaml'), compiled);

/** Resolves a text strictly: the locale, then only the fallbacks the rubric declares for it. */
const strict = (text: LocalizedText | undefined, locale: string) => {
  if (text === undefined) return undefined;
  if (typeof text === 'string') return text;
  for (const tag of [locale, ...(rubric.fallbacks[locale] ?? [])]) if (text[tag]) return text[tag];
  return undefined;
};

describe('the reference rubric and policy', () => {
  it('load with no error and no warning', () => {
    expect(rubricResult.diagnostics).toEqual([]);
    expect(policyResult.diagnostics).toEqual([]);
    expect(policyResult.ok).toBe(true);
  });

  it('have the size the source documents call for: 9 domains, at least 30 capabilities', () => {
    expect(rubric.nodes).toHaveLength(9);
    expect(compiled.nodes.filter((n) => n.tier === 'capability').length).toBeGreaterThanOrEqual(30);
  });

  it.each(rubric.locales)('read in %s: every title, question, label, level, track and measure', (locale) => {
    const texts: [string, LocalizedText | undefined][] = [
      ['title', rubric.title],
      ...compiled.nodes.map((n) => [`${n.id} title`, n.title] as [string, LocalizedText | undefined]),
      ...compiled.indicators
        .filter((n) => !n.fact)
        .map((n) => [`${n.id} question`, n.question] as [string, LocalizedText | undefined]),
      ...Object.entries(rubric.scales).flatMap(([name, s]) =>
        s.levels.map((l) => [`scale ${name} ${l.key}`, l.label] as [string, LocalizedText | undefined]),
      ),
      ...rubric.levels.map((l) => [`level ${l.id}`, l.label] as [string, LocalizedText | undefined]),
      ...rubric.roles.map((r) => [`role ${r.id}`, r.title] as [string, LocalizedText | undefined]),
      ...(policyResult.ok
        ? [
            ...policyResult.policy.tracks.map((t) => [`track ${t.id}`, t.title] as [string, LocalizedText | undefined]),
            ...policyResult.policy.measures.map((m) => [`measure ${m.id}`, m.title] as [string, LocalizedText | undefined]),
          ]
        : []),
    ];
    expect(texts.filter(([, text]) => !strict(text, locale)).map(([where]) => where)).toEqual([]);
  });

  it('has, for every indicator, a descriptor of each of its levels in Hebrew and English', () => {
    const missing = compiled.indicators.flatMap((i) => {
      const keys = rubric.scales[i.scale]?.levels.map((l) => l.key) ?? [];
      return keys.filter((k) => !strict(i.descriptors[k], 'he') || !strict(i.descriptors[k], 'en')).map((k) => `${i.id}:${k}`);
    });
    expect(missing).toEqual([]);
  });

  it('assigns every indicator to respondent roles, and asks evidence for high answers', () => {
    expect(compiled.indicators.filter((i) => i.roles.length === 0).map((i) => i.id)).toEqual([]);
    expect(compiled.indicators.filter((i) => !i.evidence).map((i) => i.id)).toEqual([]);
  });
});
