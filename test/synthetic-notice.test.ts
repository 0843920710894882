// Reports made from synthetic data say so on every page, in the reader's language; others say nothing of it.
import { describe, expect, it } from 'vitest';
import { summarizeCohort } from '../src/cohort/summarize.js';
import { renderCohortReport } from '../src/report/cohort-report.js';
import { renderMarkdownSummary } from '../src/report/markdown.js';
import { renderSubjectReport } from '../src/report/subject-report.js';
import { scoreAssessment } from '../src/score/score-assessment.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const rubric = mustLoad(readRepoFile('rubrics', 'il-local-authority-capability.yaml'));
const profile = scoreAssessment(rubric, {
  subject: { id: 'LA-001' },
  respondents: [{ id: 'r', role: 'ceo', answers: { 'RU.MAP.1': 3 } }],
});
const summary = summarizeCohort(rubric, [profile]);

describe('a synthetic-data notice', () => {
  it.each([
    ['he', 'נתונים סינתטיים: הנתונים בדוח זה נוצרו לצורך הדגמה ואינם מתארים אף רשות אמיתית.'],
    ['ar', 'بيانات اصطناعية: أُنتجت أرقام هذا التقرير لأغراض العرض التوضيحي ولا تصف أي سلطة حقيقية.'],
    ['en', 'Synthetic data: the figures of this report were generated for a demonstration and describe no real authority.'],
  ])('is on every page in %s', (locale, notice) => {
    const pages = [
      renderSubjectReport({ rubric, profile, locale, synthetic: true }),
      renderCohortReport({ rubric, profiles: [profile], summary, locale, synthetic: true }),
      renderMarkdownSummary({ rubric, profiles: [profile], summary, locale, synthetic: true }),
    ];
    for (const page of pages) expect(page).toContain(notice);
    expect(renderSubjectReport({ rubric, profile, locale })).not.toContain(notice);
  });
});
