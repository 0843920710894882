import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { assessmentJsonSchema, validateAssessment } from '../src/index.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const rubric = mustLoad(
  readRepoFile('test', 'fixtures', 'scoring', 'basic.yaml').replace(
    '  l5:\n',
    '  yn: {type: boolean}\n  docs: {type: checklist, options: [{id: plan, label: Plan}, {id: report, label: Report}]}\n  pct: {type: numeric, min: 0, max: 100, bands: [{from: 0, points: 1}, {from: 50, points: 5}]}\n  l5:\n',
  ),
);

const ok = (answers: Record<string, unknown>, role = 'ceo') => ({
  subject: { id: 'A' },
  respondents: [{ id: 'r1', role, answers }],
});

describe('the assessment schema of a rubric', () => {
  it('is valid JSON Schema that ajv compiles, usable by other apps', () => {
    const schema = assessmentJsonSchema(rubric);
    expect(() => new Ajv2020({ strict: false }).compile(schema)).not.toThrow();
    expect(schema.$id).toBe('urn:mahvan:schema:assessment:scoring-basic:1');
  });

  it.each([
    ['a level value', { I1: 3 }],
    ['null for no answer', { I1: null }],
    ['an answer with evidence and a comment', { I1: { value: 4, evidence: ['a.pdf'], comment: 'ok' } }],
    ['not applicable where the scale allows it', { I1: { na: true } }],
  ])('accepts %s', (_, answers) => {
    expect(validateAssessment(rubric, ok(answers)).ok).toBe(true);
  });

  it.each([
    [
      'a value not on the scale',
      { I1: 7 },
      'assessment-invalid-answer',
      "The answer of 'r1' to 'I1' is not valid: must be one of 1, 2, 3, 4, 5; the document is rejected.",
    ],
    [
      'an unknown key in an answer',
      { I1: { value: 3, note: 'x' } },
      'assessment-invalid-answer',
      "The answer of 'r1' to 'I1' is not valid: 'note' is not allowed; the document is rejected.",
    ],
  ])('rejects %s and names the indicator', (_, answers, code, message) => {
    const result = validateAssessment(rubric, ok(answers));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([[code, 'error', message]]);
  });

  it('with invalid: missing, leaves out only the answer; a problem of the document around it still rejects it', () => {
    const left = validateAssessment(rubric, ok({ I1: 7, I2: 3 }), { invalid: 'missing' });
    expect(left.ok && left.assessment.respondents[0]?.answers).toEqual({ I2: 3 });
    // the respondent's missing id is an error of its parent, which the answer's problem would otherwise hide
    const bad = validateAssessment(
      rubric,
      { subject: { id: 'A' }, respondents: [{ answers: { I1: 7 } }] },
      { invalid: 'missing' },
    );
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics.map((d) => [d.code, d.severity, d.path.join('.')])).toEqual([
      ['assessment-invalid-answer', 'warning', 'respondents.0.answers.I1'],
      ['assessment-shape', 'error', 'respondents.0'],
    ]);
  });

  it('rejects a role the rubric does not declare, and a missing subject id', () => {
    const bad = validateAssessment(rubric, { subject: {}, respondents: [{ id: 'r1', role: 'mayor', answers: {} }] });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.diagnostics.map((d) => [d.code, d.path.join('.')])).toEqual([
      ['assessment-shape', 'subject'],
      ['assessment-shape', 'respondents.0.role'],
    ]);
  });
});
