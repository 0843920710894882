import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Assessment,
  loadPolicy,
  profileTable,
  recommend,
  renderCohortReport,
  renderMarkdownSummary,
  renderSubjectReport,
  scoreAssessment,
  summarizeCohort,
  tableCsv,
  tableObjects,
} from '../src/index.js';
import { FIXTURES, readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const rubric = mustLoad(readRepoFile('test', 'fixtures', 'policy', 'rubric.yaml'));
const loaded = loadPolicy(readRepoFile('test', 'fixtures', 'policy', 'policy.yaml'), rubric);
if (!loaded.ok) throw new Error('policy');
const policy = loaded.policy;

const subject = (id: string, name: string, attributes: Record<string, string>, [FIN, CTRL, HR]: [number, number, number]) =>
  scoreAssessment(rubric, {
    subject: { id, name, attributes },
    wave: '2026',
    respondents: [{ id: 'r', answers: { FIN, CTRL, HR } }],
  } as Assessment);

const profiles = [
  subject('a', 'Alpha', { sector: 'arab', cluster: 'north' }, [3, 4, 2]),
  subject('b', 'Beta', { sector: 'jewish' }, [5, 5, 4]),
  subject('c', '=HYPERLINK("http://evil.example","click")', { sector: 'arab' }, [1, 4, 2]),
];
const recommendations = profiles.map((p) => recommend(p, policy));
const summary = summarizeCohort(rubric, profiles, { recommendations, policy });

/** Compares with a committed file; UPDATE_GOLDEN=1 rewrites it. */
function golden(name: string, actual: string) {
  const path = join(FIXTURES, 'report', name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('tables', () => {
  const table = profileTable(rubric, profiles, recommendations);

  it('one row per subject, one column per node (golden CSV: BOM, CRLF, formulas neutralized)', () => {
    golden('profiles.csv', tableCsv(table));
  });

  it('a cell that looks like a formula comes out escaped; numbers, negative ones too, stay numbers', () => {
    const csv = tableCsv({
      columns: ['x', 'y'],
      rows: [
        ['=1+1', -1.5],
        ['+SUM(A1)', 2],
        ['-2+3', null],
        ['@cmd', 0],
        ['\tx', 1],
        ['\rx', 1],
        ['plain', 1],
      ],
    });
    expect(csv.split('\r\n').slice(1, 8)).toEqual([
      "'=1+1,-1.5",
      "'+SUM(A1),2",
      "'-2+3,",
      "'@cmd,0",
      "'\tx,1",
      '"\'\rx",1',
      'plain,1',
    ]);
    expect(tableCsv(table)).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
  });

  it('gives notebooks plain objects', () => {
    expect(tableObjects(table)[0]).toMatchObject({
      subject: 'a',
      name: 'Alpha',
      sector: 'arab',
      overall: 2.75,
      D1: 3.5,
      track: 'PEERS',
    });
  });
});

describe('the Markdown summary', () => {
  it('matches the golden file', () => {
    golden('summary.md', renderMarkdownSummary({ rubric, profiles, summary, recommendations, policy, locale: 'en' }));
  });
});

describe('HTML reports', () => {
  const hostile = scoreAssessment(rubric, {
    subject: {
      id: 'x"><script>alert(1)</script>',
      name: '<img src=x onerror=alert(1)>\u202Egnp.exe',
      attributes: { sector: 'arab', cluster: '" onmouseover="alert(2)' },
    },
    respondents: [{ id: 'r', answers: { FIN: 2, CTRL: 3, HR: 4 } }],
  });

  it('escape everything that came from input, and show direction overrides inertly', () => {
    const html = renderSubjectReport({
      rubric,
      profile: hostile,
      recommendation: recommend(hostile, policy),
      policy,
      locale: 'en',
    });
    const cohort = renderCohortReport({
      rubric,
      profiles: [hostile],
      summary: summarizeCohort(rubric, [hostile]),
      locale: 'he',
      links: { [hostile.subject.id]: 'javascript:alert(3)' },
    });
    for (const page of [html, cohort]) {
      expect(page).not.toMatch(/<script|<img|onmouseover="|javascript:/i);
      expect(page).not.toContain('\u202E');
    }
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;[U+202E]gnp.exe');
    expect(html).toContain('&quot; onmouseover=&quot;alert(2)');
  });

  it('are right to left in Hebrew and Arabic, left to right in English', () => {
    const dir = (locale: string) =>
      /<html lang="([^"]+)" dir="(rtl|ltr)">/.exec(renderSubjectReport({ rubric, profile: profiles[0]!, locale }))?.slice(1);
    expect([dir('he'), dir('ar'), dir('en')]).toEqual([
      ['he', 'rtl'],
      ['ar', 'rtl'],
      ['en', 'ltr'],
    ]);
  });

  it('draw one radar axis per domain, and are the same bytes every time', () => {
    const render = () =>
      renderSubjectReport({
        rubric,
        profile: profiles[0]!,
        recommendation: recommendations[0]!,
        policy,
        previous: profiles[1]!,
        locale: 'he',
      });
    expect(render().match(/class="axis"/g)).toHaveLength(2);
    expect(render()).toBe(render());
  });
});
