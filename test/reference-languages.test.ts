// The reference rubric and policy are read by Hebrew-, Arabic- and English-speaking ministry analysts and
// authority managers alike: every human text of them has all three, none falling back to another language.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { fieldName, templateCsv, templateXlsForm } from '../src/template/template.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const LOCALES = ['he', 'ar', 'en'];
/** Keys whose value is a human text. */
const TEXTS = new Set(['title', 'description', 'question', 'label', 'descriptor', 'offers', 'note']);
const ARABIC = /[\u0600-\u06ff]/;
const HEBREW = /[\u0590-\u05ff]/;

/** Every human text of a document, with its path: a localized map, or a plain string where a text should be. */
function texts(value: unknown, path: string[] = []): { path: string; text: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => texts(v, [...path, String(i)]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const here = [...path, key];
    const isText = TEXTS.has(key) || (path.at(-1) === 'descriptors' && typeof v !== 'undefined');
    if (isText && (typeof v === 'string' || (v !== null && typeof v === 'object' && !Array.isArray(v) && 'he' in v)))
      return [{ path: here.join('.'), text: v }];
    return texts(v, here);
  });
}

/** What is wrong with one text: a plain string, a locale missing or empty, or a translation in the wrong script. */
function problem(text: unknown): string | undefined {
  if (typeof text === 'string') return 'a plain string, not he/ar/en';
  const map = text as Record<string, unknown>;
  const missing = LOCALES.filter((l) => typeof map[l] !== 'string' || (map[l] as string).trim() === '');
  if (missing.length) return `no ${missing.join(', ')}`;
  if (!HEBREW.test(map.he as string) && !/^[\d\s%–.\-+()A-Za-z/]+$/.test(map.he as string)) return 'he is not Hebrew';
  if (!ARABIC.test(map.ar as string) && !/^[\d\s%–.\-+()A-Za-z/]+$/.test(map.ar as string)) return 'ar is not Arabic';
  if (ARABIC.test(map.en as string) || HEBREW.test(map.en as string)) return 'en is not English';
  return undefined;
}

describe.each([['rubrics/il-local-authority-capability.yaml'], ['policies/il-engagement.yaml']])('%s', (file) => {
  const document = parse(readRepoFile(...file.split('/')));
  const found = texts(document);

  it('has every human text in Hebrew, Arabic and English, in their own scripts', () => {
    expect(found.length).toBeGreaterThan(file.startsWith('rubrics') ? 500 : 30);
    expect(found.map(({ path, text }) => [path, problem(text)]).filter(([, p]) => p !== undefined)).toEqual([]);
  });

  it('needs no fallback locale', () => {
    expect(document.fallbacks).toBeUndefined();
  });
});

describe('the forms made from the reference rubric', () => {
  const rubric = mustLoad(readRepoFile('rubrics', 'il-local-authority-capability.yaml'));
  const asked = rubric.indicators.filter((i) => i.fact === undefined);

  it('label every question of the XLSForm in real Arabic, not the Hebrew again', () => {
    const form = templateXlsForm(rubric);
    const header = form.survey[0] as string[];
    const arabic = header.indexOf('label::Arabic (ar)');
    const hebrew = header.indexOf('label::Hebrew (he)');
    expect(arabic).toBeGreaterThan(0);
    const names = new Set(asked.map(fieldName));
    const questions = form.survey.slice(1).filter((row) => names.has(String(row[1])));
    expect(questions.length).toBe(asked.length);
    expect(form.survey.some((row) => rubric.indicators.some((i) => i.fact && fieldName(i) === row[1]))).toBe(false);
    for (const row of questions) {
      expect(row[arabic], String(row[1])).toMatch(ARABIC);
      expect(row[arabic]).not.toBe(row[hebrew]);
    }
    const choices = form.choices.slice(1);
    for (const choice of choices)
      expect(choice[(form.choices[0] as string[]).indexOf('label::Arabic (ar)')], String(choice)).toMatch(/[\u0600-\u06ff]|^\d/);
  });

  it('give the CSV template a column per asked question and none for a fact', () => {
    const header =
      templateCsv(rubric)
        .replace(/^\ufeff/, '')
        .split(/\r?\n/)[0] ?? '';
    const columns = header.split(',');
    expect(columns.filter((c) => rubric.byId.has(c))).toEqual(asked.map((i) => i.id));
  });
});
