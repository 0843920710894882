import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Assessment } from '../src/assessment/model.js';
import { summarizeCohort } from '../src/cohort/summarize.js';
import { readAttribute } from '../src/exports/attribute-values.js';
import { StringCells } from '../src/exports/cells.js';
import { parseCsv } from '../src/exports/csv.js';
import { loadMapping } from '../src/exports/mapping.js';
import { openExport } from '../src/exports/read-export.js';
import { exportProfiles } from '../src/exports/score-export.js';
import { readSubjectsFile } from '../src/node/read-subjects-file.js';
import { xlsxBytes } from '../src/node/write-xlsx.js';
import { loadPolicy } from '../src/policy/load.js';
import { recommend } from '../src/policy/recommend.js';
import { renderSubjectReport } from '../src/report/subject-report.js';
import type { Attribute } from '../src/rubric/model.js';
import { explain } from '../src/score/explain.js';
import { scoreAssessment } from '../src/score/score-assessment.js';
import { registerFacts } from '../src/subjects/facts.js';
import { joinAccount, joinAssessments, joinExport } from '../src/subjects/join.js';
import { readSubjects, type SubjectsData } from '../src/subjects/read.js';
import { runCli } from './helpers/cli.js';
import { mustLoad } from './helpers/rubric.js';

const RUBRIC = `mahvan: 1
id: facts
version: "1"
title: {he: עובדות, en: Facts, ar: حقائق}
locales: [he, en, ar]
tiers: [domain, indicator]
attributes:
  - id: type
    title: {he: סוג רשות, en: Authority type, ar: نوع السلطة}
    source: register
    values:
      - {value: city, label: {he: עירייה, en: City, ar: بلدية}}
      - {value: local-council, label: {he: מועצה מקומית, en: Local council, ar: مجلس محلي}}
  - {id: cluster, title: {he: אשכול, en: Cluster, ar: عنقود}, type: integer, min: 1, max: 10, source: register}
  - {id: supervision, title: {he: מצב פיקוח, en: Supervision, ar: الرقابة}, source: register, values: [none, recovery-plan]}
  - {id: approved, title: {he: אושרו, en: Approved, ar: صودق}, type: number, min: 0, source: register}
  - {id: used, title: {he: נוצלו, en: Used, ar: استغلّ}, type: number, min: 0, source: register}
  - {id: drawdown, type: percentage, source: register}
  - {id: audited, type: boolean, source: register}
  - {id: since, type: date, source: register}
scales:
  level5:
    type: ordinal
    levels:
      - {value: 1, label: {he: א, en: a, ar: أ}}
      - {value: 2, label: {he: ב, en: b, ar: ب}}
      - {value: 3, label: {he: ג, en: c, ar: ج}}
      - {value: 4, label: {he: ד, en: d, ar: د}}
      - {value: 5, label: {he: ה, en: e, ar: هـ}}
  pct:
    type: numeric
    min: 0
    max: 100
    bands:
      - {from: 0, points: 1}
      - {from: 50, points: 3}
      - {from: 90, points: 5}
nodes:
  - id: D1
    title: {he: משאבים, en: Resources, ar: موارد}
    children:
      - {id: Q1, question: {he: שאלה, en: Question, ar: سؤال}, scale: level5}
      - {id: DRAW, question: {he: ניצול, en: Draw-down, ar: استغلال}, scale: pct, fact: {percent: [used, approved]}}
      - id: SUP
        question: {he: פיקוח, en: Supervision, ar: رقابة}
        scale: level5
        fact: {attribute: supervision, answers: {none: 5, recovery-plan: 1}}
`;
const rubric = mustLoad(RUBRIC);
const attribute = (id: string) => rubric.rubric.attributes.find((a) => a.id === id) as Attribute;

const HEADER = 'סמל רשות,סוג רשות,אשכול,מצב פיקוח,אושרו,נוצלו';
const subjectsOf = (csv: string, options: { year?: string; file?: string } = {}): SubjectsData =>
  readSubjects(parseCsv(csv), rubric.rubric, { file: 'subjects.csv', ...options });

describe('attribute cells are read by their declared type', () => {
  it.each([
    ['type', 'מועצה מקומית', 'local-council', undefined],
    ['type', 'مجلس محلي', 'local-council', undefined],
    ['type', 'City', 'city', undefined],
    ['type', 'town', 'town', 'not one of the values'],
    ['cluster', '3', 3, undefined],
    ['cluster', '٣', 3, undefined],
    ['cluster', '3.5', '3.5', 'not a whole number'],
    ['cluster', '11', '11', 'outside the declared range 1–10'],
    ['cluster', 'high', 'high', 'not a number'],
    ['approved', '1500000', 1500000, undefined],
    ['approved', '1,500', '1,500', "'1,500' reads as"],
    ['drawdown', '75%', 75, undefined],
    ['drawdown', '75', 75, undefined],
    ['drawdown', 'most', 'most', 'not a number'],
    ['audited', 'כן', true, undefined],
    ['audited', 'لا', false, undefined],
    ['audited', 'maybe', 'maybe', 'not yes or no'],
    ['since', '2026-03-31', '2026-03-31', undefined],
    ['since', '2026-03-31T00:00:00.000Z', '2026-03-31', undefined],
    ['since', '31/03/2026', '31/03/2026', 'not a date written YYYY-MM-DD'],
    ['since', '2026-02-30', '2026-02-30', 'not a date written YYYY-MM-DD'],
    ['since', '', undefined, undefined],
  ])('%s %j reads as %j', (id, text, value, problem) => {
    const reading = readAttribute(text, attribute(id), undefined);
    expect(reading.value).toEqual(value);
    expect(reading.problem?.reason.slice(0, problem?.length)).toEqual(problem);
  });

  it('suggests the declared value a misspelt label is nearest to', () => {
    expect(readAttribute('מועצה מקומיתת', attribute('type'), undefined).problem?.suggestion).toBe('local-council');
  });
});

describe('the subjects file', () => {
  const csv = `${HEADER},הערות\nA,עירייה,7,none,1000,950\nB,מועצה מקומית,x,recovery-plan,1000,400\n\n,עירייה,1,none,1,1\nC,עירייה,2,none,100,90\nC,עירייה,2,none,100,90\nD,town,2,none,100,ninety\n`;
  const data = subjectsOf(csv);

  it('accounts for every row: read, rejected (no key, repeated key) and skipped add up', () => {
    expect(data.account).toEqual({ rows: 7, read: 3, rejected: 3, skipped: 1, otherYears: 0 });
    expect([...data.records.keys()]).toEqual(['a', 'b', 'd']);
  });

  it('reports each problem at its cell: an unknown column, a bad value, a missing key, a repeated key', () => {
    const found = data.diagnostics.map((d) => [d.code, d.range?.start.line, d.range?.start.column]);
    expect(found).toEqual([
      ['subjects-unknown-column', 1, 7],
      ['subjects-invalid-value', 3, 3],
      ['subjects-missing-key', 5, 1],
      ['subjects-duplicate-key', 7, 1],
      ['subjects-invalid-value', 8, 2],
      ['subjects-invalid-value', 8, 6],
    ]);
    expect(data.diagnostics[1]?.message).toContain("Cell C3 (column 'אשכול') gives the integer 'cluster' the value 'x'");
    expect(data.diagnostics[3]?.message).toContain("Cell A7 repeats the subject 'C' of A6; neither row is used");
  });

  it('keeps a bad cell out: the subject is read without that fact, never with a guess', () => {
    expect(data.records.get('b')?.values).toEqual({
      type: 'local-council',
      supervision: 'recovery-plan',
      approved: 1000,
      used: 400,
    });
  });

  it('refuses a file without a key column, naming its columns', () => {
    const bad = subjectsOf('name,type\nA,city\n');
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics[0]?.code).toBe('subjects-no-key');
  });
});

describe('the subjects file in each format', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mahvan-subjects-'));
  const rows = [
    ['סמל רשות', 'סוג רשות', 'אשכול', 'אושרו', 'נוצלו'],
    ['A', 'עירייה', 7, 1000, 950],
    ['B', 'مجلس محلي', 3, 200, 50],
  ];
  const expected = [
    ['A', { type: 'city', cluster: 7, approved: 1000, used: 950 }],
    ['B', { type: 'local-council', cluster: 3, approved: 200, used: 50 }],
  ];
  const values = (data: SubjectsData) => [...data.records.values()].map((r) => [r.id, r.values]);

  it.each([
    ['subjects.csv', async (path: string) => writeFileSync(path, `\ufeff${rows.map((r) => r.join(',')).join('\r\n')}\r\n`)],
    ['subjects.xlsx', async (path: string) => writeFileSync(path, await xlsxBytes({ subjects: rows }))],
    [
      'subjects.json',
      async (path: string) => {
        const [header, ...body] = rows as [string[], ...(string | number)[][]];
        writeFileSync(path, JSON.stringify(body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])))));
      },
    ],
  ])('%s reads the same', async (name, write) => {
    const path = join(dir, name);
    await write(path);
    const data = await readSubjectsFile(path, rubric);
    expect(data.diagnostics).toEqual([]);
    expect(values(data)).toEqual(expected);
  });
});

describe('years and waves', () => {
  const csv = `${HEADER},שנה\nA,עירייה,7,none,100,50,2025\nA,עירייה,7,recovery-plan,100,95,2026\n`;

  it('asks which year when the file has several, and reads the one chosen', () => {
    const none = subjectsOf(csv);
    expect(none.ok).toBe(false);
    expect(none.diagnostics.map((d) => d.code)).toEqual(['subjects-year-needed']);
    expect(none.diagnostics[0]?.message).toContain("rows for '2025', '2026', and no year was chosen");
    const chosen = subjectsOf(csv, { year: '2026' });
    expect(chosen.account).toEqual({ rows: 2, read: 1, rejected: 0, skipped: 0, otherYears: 1 });
    expect(chosen.records.get('a')?.values.supervision).toBe('recovery-plan');
    expect(subjectsOf(csv, { year: '2024' }).diagnostics[0]?.message).toContain('no rows for 2024');
  });

  it('joins each wave of a subject to its own row when the file has a wave column', () => {
    const waves = subjectsOf('subject,wave,מצב פיקוח,אושרו,נוצלו\nA,2026,none,100,40\nA,2027,none,100,95\n');
    const assessment = (wave: string): Assessment => ({ subject: { id: 'A' }, wave, respondents: [] });
    const joined = joinAssessments(rubric, [assessment('2026'), assessment('2027')], waves);
    const draws = joined.assessments.map(
      (a) => scoreAssessment(rubric, a, { register: joined.registers.get(a) }).nodes.DRAW?.score,
    );
    // 40 % is in the band from 0 (1 point); 95 % in the band from 90 (5 points)
    expect(draws).toEqual([1, 5]);
  });
});

describe('facts as indicators', () => {
  const data = subjectsOf(`${HEADER}\nA,עירייה,7,none,1000,950\nB,עירייה,3,,0,0\n`);
  const assessment = (id: string): Assessment => ({
    subject: { id },
    respondents: [{ id: 'r1', answers: { Q1: 2, DRAW: 100, SUP: 1 } }],
  });

  it('scores a fact-fed indicator from the register, with its provenance, whatever respondents answered', () => {
    const joined = joinAssessments(rubric, [assessment('A')], data);
    const a = joined.assessments[0] as Assessment;
    const profile = scoreAssessment(rubric, a, { register: joined.registers.get(a) });
    // 950 of 1000 is 95 %: the band from 90 gives 5; supervision 'none' answers 5
    expect(profile.nodes.DRAW?.score).toBe(5);
    expect(profile.nodes.SUP?.score).toBe(5);
    expect(profile.facts?.DRAW).toEqual({
      answer: 95,
      file: 'subjects.csv',
      row: 2,
      from: [
        { attribute: 'used', value: 950, cell: 'F2', column: 'נוצלו' },
        { attribute: 'approved', value: 1000, cell: 'E2', column: 'אושרו' },
      ],
    });
    expect(profile.diagnostics.map((d) => d.code)).toEqual(['assessment-fact-answered', 'assessment-fact-answered']);
    expect(explain(rubric, profile, 'DRAW')?.text).toContain(
      "fact from subjects.csv, row 2: used 950 (F2 'נוצלו'), approved 1000 (E2 'אושרו') → 95",
    );
  });

  it('leaves a fact missing, with the reason, when the register cannot give it: never zero', () => {
    const joined = joinAssessments(rubric, [assessment('B'), assessment('Z')], data);
    const [b, z] = joined.assessments.map((a) => scoreAssessment(rubric, a, { register: joined.registers.get(a) }));
    expect(b?.nodes.DRAW).toMatchObject({ score: null, status: 'missing' });
    expect(b?.nodes.SUP).toMatchObject({ score: null, status: 'missing' });
    expect(b?.diagnostics.filter((d) => d.code === 'fact-missing').map((d) => d.message)).toEqual([
      "'B' has no fact for 'DRAW': 'approved' is 0, so no percentage of it can be taken; it is missing, not zero.",
      "'B' has no fact for 'SUP': no value of 'supervision'; it is missing, not zero.",
    ]);
    expect(z?.nodes.DRAW?.status).toBe('missing');
    expect(registerFacts(rubric, undefined).missing[0]?.reason).toBe('the subject has no row in the subjects file');
  });

  it('lets a policy rule read a register fact', () => {
    const policyText = `mahvan-policy: 1
id: p
version: "1"
title: P
rubric: facts
tracks:
  - {id: STABILIZE, title: Stabilize}
  - {id: GROW, title: Grow}
rules:
  - id: supervised
    when: {"==": [{attribute: supervision}, "recovery-plan"]}
    primary: STABILIZE
default:
  primary: GROW
`;
    const loaded = loadPolicy(policyText, rubric);
    if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
    const register = subjectsOf(`${HEADER}\nA,עירייה,7,recovery-plan,10,9\nB,עירייה,7,none,10,9\n`);
    const joined = joinAssessments(rubric, [assessment('A'), assessment('B')], register);
    const tracks = joined.assessments.map(
      (a) => recommend(scoreAssessment(rubric, a, { register: joined.registers.get(a) }), loaded.policy).primary,
    );
    expect(tracks).toEqual(['STABILIZE', 'GROW']);
  });
});

describe('the join is accounted for', () => {
  const register = subjectsOf(`${HEADER}\nA,עירייה,7,none,10,9\nB,מועצה מקומית,3,none,10,9\nN,עירייה,1,none,10,9\n`);

  it('lists who is assessed but not in the file, and who is in the file but never assessed', () => {
    const found = joinAccount(register, [{ id: 'A' }, { id: 'b' }, { id: 'X' }]).map((d) => [d.code, d.message]);
    expect(found).toEqual([
      ['subjects-not-in-file', '1 assessed subject has no row in the subjects file (X); their facts are missing.'],
      ['subjects-not-assessed', '1 subject of the subjects file was never assessed: N.'],
    ]);
  });

  it("uses the register's value over the respondents', naming both", () => {
    const mapping = loadMapping(
      'mahvan-mapping: 1\ncolumns: {subject: subject, respondent: respondent, attributes: {type: type}}\n',
    );
    if (!mapping.ok) throw new Error('mapping');
    const table = parseCsv('subject,respondent,type,Q1\nA,r1,local-council,3\nB,r2,local-council,4\n');
    const collector = openExport(table.headerRows, rubric, mapping.mapping);
    for (const row of table.rows) collector.push(new StringCells(row.row, row.cells));
    const joined = joinExport(collector.finish(), register);
    expect(joined.diagnostics.map((d) => d.message)).toEqual([
      "Respondents give 'A' the type 'local-council', the subjects file (subjects.csv B2) 'city'; the register's value is used.",
    ]);
    const profiles = exportProfiles(joined.data);
    expect(profiles.map((p) => p.subject.attributes?.type)).toEqual(['city', 'local-council']);
    expect(profiles.map((p) => p.nodes.DRAW?.score)).toEqual([5, 5]);
  });
});

describe('peer groups', () => {
  it('group by categories, yes/no and short whole-number scales, not by amounts, percentages or dates', () => {
    const attributes = {
      type: 'city',
      cluster: 3,
      supervision: 'none',
      approved: 1000,
      used: 900,
      drawdown: 90,
      audited: true,
      since: '2026-01-01',
    };
    const profile = scoreAssessment(rubric, { subject: { id: 'A', attributes }, respondents: [] });
    const grouped = new Set(summarizeCohort(rubric, [profile]).groups.map((g) => g.attribute));
    expect([...grouped]).toEqual(['type', 'cluster', 'supervision', 'audited']);
  });
});

describe('reports say value labels, not ids', () => {
  it.each([
    ['he', 'מועצה מקומית', 'כן'],
    ['ar', 'مجلس محلي', 'نعم'],
    ['en', 'Local council', 'yes'],
  ])('in %s', (locale, label, yes) => {
    const attributes = { type: 'local-council', audited: true };
    const profile = scoreAssessment(rubric, { subject: { id: 'B', attributes }, respondents: [] });
    const html = renderSubjectReport({ rubric, profile, locale });
    expect(html).toContain(label);
    expect(html).toContain(`audited: <bdi>${yes}</bdi>`);
    expect(html).not.toContain('local-council');
    expect(html).not.toContain('true');
  });
});

describe('mahvan score --subjects', () => {
  it('joins the register to an export and prints its row account like the export', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mahvan-subjects-'));
    writeFileSync(join(dir, 'rubric.yaml'), RUBRIC);
    writeFileSync(join(dir, 'export.csv'), 'subject_id,respondent_id,Q1\nA,r1,3\nB,r2,4\n');
    writeFileSync(
      join(dir, 'subjects.csv'),
      `${HEADER},שנה\nA,עירייה,7,none,100,95,2025\nA,עירייה,7,none,100,40,2026\nB,עירייה,7,none,100,60,2026\n`,
    );
    const args = ['score', '--rubric', 'rubric.yaml', '--subjects', 'subjects.csv', 'export.csv'];
    const unchosen = await runCli(args, dir);
    expect(unchosen.status).toBe(1);
    expect(unchosen.stderr).toContain("has rows for '2025', '2026', and no year was chosen");
    const run = await runCli([...args, '--subjects-year', '2026'], dir);
    expect(run.stderr).toContain('subjects.csv: 3 rows: 2 read (2026), 1 of other years, 0 rejected, 0 skipped');
    expect(run.status).toBe(0);
    const profiles = JSON.parse(run.stdout) as {
      subject: { id: string };
      nodes: Record<string, { score: number }>;
      facts: object;
    }[];
    expect(profiles.map((p) => [p.subject.id, p.nodes.DRAW?.score])).toEqual([
      ['A', 1],
      ['B', 3],
    ]);
    expect(profiles[0]?.facts).toHaveProperty('DRAW.row', 3);
  });
});
