// Validators (an internal auditor, an accompanying accountant, a cluster's CEO) rate the subject from outside:
// their ratings are scored by the same rules, apart, and shown beside the self-assessment, never in it.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Assessment } from '../src/assessment/model.js';
import { StringCells } from '../src/exports/cells.js';
import { parseCsv } from '../src/exports/csv.js';
import { loadMapping } from '../src/exports/mapping.js';
import { openExport } from '../src/exports/read-export.js';
import { exportProfiles } from '../src/exports/score-export.js';
import { renderSubjectReport } from '../src/report/subject-report.js';
import { profileDocument } from '../src/score/document.js';
import { explain } from '../src/score/explain.js';
import { scoreAssessment } from '../src/score/score-assessment.js';
import { runCli } from './helpers/cli.js';
import { mustLoad } from './helpers/rubric.js';

const RUBRIC = `mahvan: 1
id: validated
version: "1"
title: {en: Validated}
locales: [en]
tiers: [domain, indicator]
roles:
  - {id: ceo, title: CEO}
  - {id: treasurer, title: Treasurer}
  - {id: auditor, title: Auditor, validator: true}
scales:
  level5:
    type: ordinal
    levels: [{value: 1, label: a}, {value: 2, label: b}, {value: 3, label: c}, {value: 4, label: d}, {value: 5, label: e}]
scoring:
  respondents: {combine: mean}
nodes:
  - id: D1
    title: Domain
    children:
      - {id: I1, question: One, scale: level5}
      - {id: I2, question: Two, scale: level5}
`;
const rubric = mustLoad(RUBRIC);

const assessment: Assessment = {
  subject: { id: 'A' },
  respondents: [
    { id: 'c', role: 'ceo', answers: { I1: 4, I2: 2 } },
    { id: 't', role: 'treasurer', answers: { I1: 2, I2: 2 } },
    { id: 'v', role: 'auditor', answers: { I1: 1, I2: 5 } },
  ],
};

describe('validators', () => {
  it('are scored apart: the self-assessment is what it is without them, and their rating is beside it', () => {
    const withValidator = scoreAssessment(rubric, assessment);
    const without = scoreAssessment(rubric, { ...assessment, respondents: assessment.respondents.slice(0, 2) });
    // self: I1 mean(4, 2) = 3, I2 mean(2, 2) = 2, D1 = 2.5; the auditor: I1 1, I2 5, D1 3
    expect(withValidator.nodes).toEqual(without.nodes);
    expect(withValidator.overall.score).toBe(2.5);
    expect(withValidator.respondents).toBe(2);
    expect(withValidator.validation).toEqual({ respondents: 1, overall: 3, nodes: { D1: 3, I1: 1, I2: 5 } });
    expect(without.validation).toBeUndefined();
  });

  it('are named as such in the explanation', () => {
    const text = explain(rubric, scoreAssessment(rubric, assessment), 'I1')?.text ?? '';
    expect(text).toContain('v (auditor): validator (a validator: counted in the validation only)');
    expect(text).toContain('combined by mean of 4, 2');
    expect(text).toContain("validators' rating (1, not counted above): 1");
  });

  it('are scored apart in an export too, as the same profile', () => {
    const mapping = loadMapping('mahvan-mapping: 1\ncolumns: {subject: subject, respondent: respondent, role: role}\n');
    if (!mapping.ok) throw new Error('mapping');
    const table = parseCsv('subject,respondent,role,I1,I2\nA,c,ceo,4,2\nA,v,auditor,1,5\nA,t,treasurer,2,2\n');
    const collector = openExport(table.headerRows, rubric, mapping.mapping);
    for (const row of table.rows) collector.push(new StringCells(row.row, row.cells));
    const [profile] = exportProfiles(collector.finish());
    expect(profileDocument(profile as never)).toEqual(profileDocument(scoreAssessment(rubric, assessment)));
  });

  it("are shown beside the self-assessment in the subject's report", () => {
    const html = renderSubjectReport({ rubric, profile: scoreAssessment(rubric, assessment) });
    expect(html).toContain('External validators&#39; rating (1)');
    expect(html).toContain('class="mark validation"');
    expect(html).toContain('3.00 · – · External validators&#39; rating: 1.00');
  });

  it('are written by the CLI as the library writes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mahvan-validators-'));
    writeFileSync(join(dir, 'rubric.yaml'), RUBRIC);
    writeFileSync(
      join(dir, 'export.csv'),
      'subject_id,respondent_id,role,I1,I2\nA,c,ceo,4,2\nA,v,auditor,1,5\nA,t,treasurer,2,2\n',
    );
    const run = await runCli(['score', '--rubric', 'rubric.yaml', 'export.csv', '--format', 'ndjson'], dir);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(profileDocument(scoreAssessment(rubric, assessment)))));
  });
});
