// The reports in a real headless Chromium (Debian's /usr/bin/chromium; .ci/run installs it): each loads with no
// console error, is right to left in Hebrew and Arabic, draws one radar axis per domain, fits the width of an A4
// page on screen and in print, and leaves a screenshot in test/output/screenshots/ for people to look at.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommendWithLevers, renderCohortReport, renderSubjectReport, summarizeCohort } from '../src/index.js';
import { exampleRun } from './helpers/example.js';
import { ROOT } from './helpers/fixtures.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = join(ROOT, 'test', 'output', 'screenshots');
// In CI the browser must be there (.ci/run installs it); on a workstation without it, say so and skip.
const available = existsSync(CHROMIUM);
if (!available && process.env.CI) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (see .ci/run)`);
if (!available) console.warn(`skipping browser tests: ${CHROMIUM} not found (apt-get install -y chromium)`);

/** A4 at 96 dpi: 210 mm wide. */
const A4 = { width: 794, height: 1123 };

describe.skipIf(!available)('reports in headless Chromium', () => {
  let browser: Browser;
  const pages: Record<string, string> = {};

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const [now, before] = await Promise.all([exampleRun('2027'), exampleRun('2026')]);
    const { rubric, policy } = now;
    const profiles = now.profiles.slice(0, 12);
    const previous = new Map(before.profiles.map((p) => [p.subject.id, p] as const));
    const recs = profiles.map((p) =>
      recommendWithLevers(rubric, p, policy, { previous: { profile: previous.get(p.subject.id)! } }),
    );
    const subject = profiles[1]!;
    for (const locale of ['he', 'ar', 'en']) {
      const html = renderSubjectReport({
        rubric,
        profile: subject,
        recommendation: recs[1]!,
        policy,
        previous: previous.get(subject.subject.id)!,
        locale,
      });
      pages[`subject-${locale}`] = html;
    }
    const summary = summarizeCohort(rubric, profiles, { recommendations: recs, policy });
    pages['cohort-he'] = renderCohortReport({ rubric, profiles, summary, recommendations: recs, policy, locale: 'he' });
    pages['cohort-en'] = renderCohortReport({ rubric, profiles, summary, recommendations: recs, policy, locale: 'en' });
    for (const [name, html] of Object.entries(pages)) writeFileSync(join(OUT, `${name}.html`), html);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ['subject-he', 'rtl', 9],
    ['subject-ar', 'rtl', 9],
    ['subject-en', 'ltr', 9],
    ['cohort-he', 'rtl', 0],
    ['cohort-en', 'ltr', 0],
  ])('%s loads cleanly, is %s, has %i radar axes, and fits an A4 page', async (name, dir, axes) => {
    const page = await browser.newPage({ viewport: A4 });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) errors.push(`fetched ${r.url()}`);
    });
    await page.goto(pathToFileURL(join(OUT, `${name}.html`)).href);
    const measure = () =>
      page.evaluate(() => ({
        dir: document.documentElement.dir,
        axes: document.querySelectorAll('svg.radar .axis').length,
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      }));
    const screen = await measure();
    expect(screen).toEqual({ dir, axes, overflow: 0 });
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: name.startsWith('subject') });
    await page.emulateMedia({ media: 'print' });
    expect((await measure()).overflow).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the overflow check can fail: a page wider than A4 is caught', async () => {
    const page = await browser.newPage({ viewport: A4 });
    await page.setContent(pages['subject-he']!.replace('<main>', '<main><div style="inline-size: 1200px">wide</div>'));
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeGreaterThan(0);
    await page.close();
  });
});
