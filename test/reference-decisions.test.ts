// The reference policy on the bundled (synthetic) data, read as a ministry would: more weakness never gets less
// help, and flexibility depends on the core domains alone, never on who the authority is.

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMapping, loadPolicy, readSubjectsFile, readTextFile, recommend, scoreExportFile } from '../src/node/index.js';
import type { Policy, Recommendation } from '../src/policy/model.js';
import type { Profile } from '../src/score/profile.js';
import { ROOT, readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const rubric = mustLoad(readRepoFile('rubrics', 'il-local-authority-capability.yaml'));
const loaded = loadPolicy(readRepoFile('policies', 'il-engagement.yaml'), rubric);
if (!loaded.ok) throw new Error('the reference policy does not load');
const policy: Policy = loaded.policy;
const DOMAINS = rubric.rubric.nodes.map((n) => n.id);
const weakDomains = (p: Profile) => DOMAINS.filter((d) => (p.nodes[d]?.score ?? 5) < 2.5).length;
/** How much help a track gives: stabilisation and intensive accompaniment most, autonomy least. */
const HELP: Record<string, number> = { T0: 5, T1: 5, T2: 4, T3: 3, T5: 2, T4: 1 };

/** The core conditions of flexibility (R4-flexibility), as the docs state them. */
function meetsCore(p: Profile): boolean {
  const at = (id: string, v: number) => (p.nodes[id]?.score ?? 0) >= v;
  const sure = (id: string) => (p.nodes[id]?.confidence ?? 0) >= 0.7;
  return (
    p.subject.attributes?.supervision === 'none' &&
    at('D1', 3.5) &&
    at('D2', 3.5) &&
    at('D8', 3.5) &&
    at('RU.CTRL', 4) &&
    at('MG.FIN', 3) &&
    sure('D1') &&
    sure('D2') &&
    sure('D8')
  );
}

let profiles: Profile[] = [];
let recommendations: Recommendation[] = [];
beforeAll(async () => {
  const mapping = loadMapping(await readTextFile(join(ROOT, 'examples', 'mapping.yaml')));
  if (!mapping.ok) throw new Error('the example mapping does not load');
  const subjects = await readSubjectsFile(join(ROOT, 'examples', 'data', 'subjects.csv'), rubric, { year: '2025' });
  const scored = await scoreExportFile(join(ROOT, 'examples', 'data', 'survey-export-2026.csv'), rubric, mapping.mapping, {
    subjects,
  });
  profiles = scored.profiles;
  recommendations = profiles.map((p) => recommend(p, policy));
});

describe('the reference policy on the bundled data', () => {
  it('scores and recommends for all 255 authorities', () => {
    expect(profiles).toHaveLength(255);
    expect(recommendations.every((r) => r.primary !== null)).toBe(true);
  });

  it('gives no authority with four or more weak domains less help than one with fewer', () => {
    const weak = profiles.map(weakDomains);
    const help = recommendations.map((r) => HELP[r.primary as string] as number);
    const broadlyWeak = weak.flatMap((w, i) => (w >= 4 ? [i] : []));
    expect(broadlyWeak.length).toBeGreaterThan(20);
    for (const i of broadlyWeak) {
      expect(recommendations[i]?.primary, profiles[i]?.subject.id).toMatch(/^T[01]$/);
      for (let j = 0; j < profiles.length; j++)
        if ((weak[j] as number) < (weak[i] as number)) expect(help[i]).toBeGreaterThanOrEqual(help[j] as number);
    }
  });

  it('gives flexibility to every authority that meets the core conditions, and to no other', () => {
    const core = profiles.map(meetsCore);
    expect(core.some(Boolean)).toBe(true);
    recommendations.forEach((r, i) =>
      expect([profiles[i]?.subject.id, r.primary === 'T4']).toEqual([profiles[i]?.subject.id, core[i]]),
    );
  });

  it('makes flexibility reachable for every sector: the same profile gets the same track whatever its sector', () => {
    const sectors = rubric.rubric.attributes.find((a) => a.id === 'sector')?.values ?? [];
    expect(sectors).toHaveLength(6);
    for (const [i, p] of profiles.entries()) {
      if (i % 5 !== 0 && !meetsCore(p)) continue;
      for (const sector of sectors) {
        const moved = { ...p, subject: { ...p.subject, attributes: { ...p.subject.attributes, sector } } };
        expect([p.subject.id, sector, recommend(moved, policy).primary]).toEqual([
          p.subject.id,
          sector,
          recommendations[i]?.primary,
        ]);
      }
    }
  });

  it('focuses intensive accompaniment on the domains that triggered it', () => {
    const compiled = rubric;
    const domainOf = (id: string) => {
      let at = id;
      for (let up = compiled.parentOf.get(at); up !== undefined; up = compiled.parentOf.get(at)) at = up;
      return at;
    };
    for (const [i, r] of recommendations.entries()) {
      if (r.primary !== 'T1' || r.focus.length === 0) continue;
      const p = profiles[i] as Profile;
      for (const f of r.focus)
        expect([p.subject.id, f.id, p.nodes[domainOf(f.id)]?.score ?? 0]).toSatisfy(([, , s]) => (s as number) < 2.5);
    }
  });
});
