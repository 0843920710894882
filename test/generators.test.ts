// The synthetic-data generators (examples/authorities.mjs, generate-export.mjs) must be able to test fairness: no
// capability penalty by sector, respondents where each role exists, validators as outsiders, a 2027 wave whose
// change differs per authority. Checked on the generated data itself, with a small rubric of the roles involved.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/exports/csv.js';
import { ROOT } from './helpers/fixtures.js';

interface Year {
  supervision: string;
  approved: number;
  received: number;
  executed: number;
}
interface Authority {
  id: string;
  type: string;
  arab: boolean;
  cluster: string;
  residents: number;
  socio: number;
  periphery: number;
  ability: number;
  mawared: boolean;
  years: Map<number, Year>;
}
interface AuthoritiesModule {
  authorities: Authority[];
  change: (a: Authority, wave: number) => { general: number; resources: number };
}

const module = join(ROOT, 'examples', 'authorities.mjs');
let gen: AuthoritiesModule;
beforeAll(async () => {
  gen = (await import(pathToFileURL(module).href)) as AuthoritiesModule;
});

const ROLES = [
  'ceo',
  'treasurer',
  'welfare_head',
  'education_head',
  'resource_maximizer',
  'edc_head',
  'hr',
  'auditor',
  'accompanying_accountant',
  'cluster_ceo',
];
const VALIDATORS = ['auditor', 'accompanying_accountant', 'cluster_ceo'];
const RUBRIC = `mahvan: 1
id: generated
version: "1"
title: {en: Generated}
locales: [en]
tiers: [domain, indicator]
roles:
${ROLES.map((r) => `  - {id: ${r}, title: ${r}${VALIDATORS.includes(r) ? ', validator: true' : ''}}`).join('\n')}
scales:
  level5:
    type: ordinal
    notApplicable: true
    levels: [{value: 1, label: "1"}, {value: 2, label: "2"}, {value: 3, label: "3"}, {value: 4, label: "4"}, {value: 5, label: "5"}]
nodes:
  - id: D1
    title: Management
    children:
      - {id: I1, question: How well is it managed?, scale: level5}
      - id: I2
        question: How active is it in its regional cluster? A non-member answers "not applicable".
        scale: level5
`;

/** The generated export of the small rubric for `wave`, as rows of {code, role, I1, I2}. */
function generate(wave: string) {
  const dir = mkdtempSync(join(tmpdir(), 'mahvan-generators-'));
  writeFileSync(join(dir, 'rubric.yaml'), RUBRIC);
  const out = join(dir, 'export.csv');
  const args = ['examples/generate-export.mjs', '--rubric', join(dir, 'rubric.yaml'), '--wave', wave, '--seed', wave];
  execFileSync(process.execPath, [...args, '--out', out], { cwd: ROOT, stdio: 'ignore' });
  const table = parseCsv(readFileSync(out, 'utf8').replace(/^\ufeff/, ''));
  // columns: timestamp, e-mail, code, name, role, I1, I1's evidence, I2, I2's evidence
  return table.rows.map(({ cells }) => ({ code: cells[2], role: cells[4], I1: cells[5], I2: cells[7] }));
}

/** Ordinary least squares by the normal equations (XᵀX)β = Xᵀy, solved by Gauss-Jordan elimination. */
function leastSquares(x: number[][], y: number[]): number[] {
  const k = x[0]?.length ?? 0;
  const m = Array.from({ length: k }, (_, i) => [
    ...Array.from({ length: k }, (_, j) => x.reduce((s, row) => s + (row[i] as number) * (row[j] as number), 0)),
    x.reduce((s, row, n) => s + (row[i] as number) * (y[n] as number), 0),
  ]);
  for (let i = 0; i < k; i++) {
    const pivot = m[i] as number[];
    const p = pivot[i] as number;
    for (let j = 0; j <= k; j++) pivot[j] = (pivot[j] as number) / p;
    for (const [r, row] of m.entries()) {
      if (r === i) continue;
      const f = row[i] as number;
      for (let j = 0; j <= k; j++) row[j] = (row[j] as number) - f * (pivot[j] as number);
    }
  }
  return m.map((row) => row[k] as number);
}

describe('the synthetic authorities', () => {
  it('carry no capability term for the sector: high-capability Arab, Druze and Bedouin authorities exist', () => {
    const sorted = gen.authorities.map((a) => a.ability).sort((x, y) => x - y);
    const topThird = sorted[Math.floor((sorted.length * 2) / 3)] as number;
    expect(gen.authorities.filter((a) => a.arab && a.ability >= topThird).length).toBeGreaterThanOrEqual(3);
    // fitted on socio-economic cluster, periphery and sector, the sector's coefficient is near zero (it was −0.25)
    const [, , , arab] = leastSquares(
      gen.authorities.map((a) => [1, a.socio, a.periphery, a.arab ? 1 : 0]),
      gen.authorities.map((a) => a.ability),
    );
    expect(Math.abs(arab as number)).toBeLessThan(0.12);
  });

  it('take part in Mawared: 58, all Arab, Druze or Bedouin', () => {
    const mawared = gen.authorities.filter((a) => a.mawared);
    expect(mawared).toHaveLength(58);
    expect(mawared.every((a) => a.arab)).toBe(true);
  });

  it('receive no more than approved and execute no more than received; about 33% unused in Arab authorities', () => {
    const unused = (xs: Authority[], year: number) => {
      const f = xs.map((a) => a.years.get(year) as Year);
      return 1 - f.reduce((s, y) => s + y.received, 0) / f.reduce((s, y) => s + y.approved, 0);
    };
    for (const year of [2025, 2026]) {
      for (const a of gen.authorities) {
        const f = a.years.get(year) as Year;
        expect(f.executed <= f.received && f.received <= f.approved, `${a.id} ${year}`).toBe(true);
      }
      expect(unused(gen.authorities, year)).toBeGreaterThan(0.08);
      expect(unused(gen.authorities, year)).toBeLessThan(0.12);
      expect(
        unused(
          gen.authorities.filter((a) => a.arab),
          year,
        ),
      ).toBeGreaterThan(0.28);
      expect(
        unused(
          gen.authorities.filter((a) => a.arab),
          year,
        ),
      ).toBeLessThan(0.38);
    }
  });

  it('change by 2027 each its own way: most little, some markedly up, a few down, Mawared ones in resources', () => {
    const changes = gen.authorities.map((a) => ({ a, ...gen.change(a, 2027) }));
    expect(gen.authorities.every((a) => gen.change(a, 2026).general === 0)).toBe(true);
    const share = (f: (c: (typeof changes)[number]) => boolean) => changes.filter(f).length / changes.length;
    expect(share((c) => Math.abs(c.general) <= 0.2)).toBeGreaterThan(0.6);
    expect(share((c) => c.general < -0.2)).toBeGreaterThan(0.05);
    expect(share((c) => c.general > 0.2)).toBeGreaterThan(0.05);
    expect(changes.every((c) => c.resources > 0.3 === c.a.mawared)).toBe(true);
  });
});

describe('the synthetic export', () => {
  let rows: ReturnType<typeof generate>;
  let byId: Map<string, Authority>;
  beforeAll(() => {
    rows = generate('2026');
    byId = new Map(gen.authorities.map((a) => [a.id, a]));
  });
  const codesOf = (role: string) => new Set(rows.filter((r) => r.role === role).map((r) => r.code));
  const authority = (code: string | undefined) => byId.get(code as string) as Authority;

  it('has the heads of welfare and education in every authority, the Mawared officer only in Mawared ones', () => {
    expect(codesOf('welfare_head').size).toBe(255);
    expect(codesOf('education_head').size).toBe(255);
    expect([...codesOf('resource_maximizer')].sort()).toEqual(gen.authorities.filter((a) => a.mawared).map((a) => a.id));
  });

  it("has the economic development company's head only in cities and local councils of 12,000 or more", () => {
    const large = (a: Authority) => a.type === 'city' || (a.type === 'local-council' && a.residents >= 12000);
    expect(codesOf('edc_head').size).toBeGreaterThan(0);
    expect([...codesOf('edc_head')].filter((c) => !large(authority(c)))).toEqual([]);
  });

  it('has validators only where they work: accountants under supervision, cluster CEOs in clusters', () => {
    const supervised = (a: Authority) => (a.years.get(2025) as Year).supervision !== 'ללא';
    expect([...codesOf('accompanying_accountant')].sort()).toEqual(gen.authorities.filter(supervised).map((a) => a.id));
    expect([...codesOf('cluster_ceo')].sort()).toEqual(gen.authorities.filter((a) => a.cluster).map((a) => a.id));
    expect(codesOf('auditor').size / 255).toBeGreaterThan(0.75);
    expect(codesOf('auditor').size / 255).toBeLessThan(0.95);
  });

  it('answers the cluster question "not applicable" outside a regional cluster', () => {
    const outside = rows.filter((r) => authority(r.code).cluster === '');
    expect(outside.length).toBeGreaterThan(0);
    expect(outside.filter((r) => r.I2 !== 'לא רלוונטי')).toEqual([]);
  });

  it('has validators rate closer to the latent capability than the self-assessors', () => {
    const bias = (validator: boolean) => {
      const answered = rows.filter((r) => VALIDATORS.includes(r.role as string) === validator && /^\d$/.test(r.I1 ?? ''));
      const total = answered.reduce((s, r) => s + Number(r.I1) - Math.max(1, Math.min(5, authority(r.code).ability)), 0);
      return total / answered.length;
    };
    expect(Math.abs(bias(true))).toBeLessThan(bias(false) - 0.15);
  });
});
