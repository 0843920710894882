// Every example runs: the numbered scripts from the repository root (as the README says), the browser page in
// headless Chromium, and the notebook's code cells with python3.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/fixtures.js';

const run = (command: string, args: string[]) =>
  execFileSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('the numbered examples', () => {
  it.each([
    ['01-score-export.mjs', /^1821 rows: 1821 scored, 0 rejected, 0 skipped\n255 profiles\nLA-001 /],
    ['02-explain.mjs', /^MG\.FIN \(capability\): [\d.]+ on 1\.\.5/],
    ['03-compare-waves.mjs', /^overall, 2026 → 2027: \d+ improved/],
    ['04-recommend.mjs', /^tracks: T0 \d+, T1 \d+, T2 \d+, T3 \d+, T4 \d+, T5 \d+\n\nLA-002 /],
  ])('%s', (script, expected) => {
    expect(run(process.execPath, [join('examples', script)])).toMatch(expected);
  });
});

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('the browser page (05-browser)', () => {
  it('builds, scores a picked export in the page, and shows a right-to-left report', async () => {
    run(process.execPath, ['examples/05-browser/build.mjs']);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(pathToFileURL(join(ROOT, 'examples', '05-browser', 'index.html')).href);
      await page.waitForSelector('body[data-ready="yes"]', { state: 'attached' });
      await page.setInputFiles('#file', join(ROOT, 'examples', 'data', 'survey-export-2026.csv'));
      await page.waitForSelector('body[data-profiles]', { state: 'attached' });
      expect(await page.textContent('#account')).toBe(
        'survey-export-2026.csv: 1821 rows: 1821 scored, 0 rejected, 0 skipped (utf-8)',
      );
      const report = page.frameLocator('#report');
      expect(await report.locator('html').getAttribute('dir')).toBe('rtl');
      expect(await report.locator('svg.radar .axis').count()).toBe(9);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('the notebook (06-notebook.ipynb)', () => {
  it('runs every code cell, and displays the summary and a report', () => {
    const out = run('python3', ['test/helpers/run-notebook.py', 'examples/06-notebook.ipynb']);
    expect(out).toContain("display ('markdown',");
    expect(out).toContain("display ('html',");
    expect(out).toMatch(/255 rows; \['subject', 'name', 'wave'/);
  });
});
