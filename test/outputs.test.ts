// What a run leaves on disk: outputs replace files atomically, never a FIFO or a device, never a good output
// with the result of a run that could not read its input, never an input reached another way; an interrupted
// run leaves no temporary file.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileInPieces } from '../src/node/write-file.js';
import { runCli } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';

const CLI = join(ROOT, 'dist', 'bin', 'mahvan.js');
const score = ['score', '--rubric', 'rubrics/il-local-authority-capability.yaml', '--mapping', 'examples/mapping.yaml'];
const bundled = join(ROOT, 'examples/data/survey-export-2026.csv');
const folder = (name: string) => mkdtempSync(join(tmpdir(), `mahvan-${name}-`));

describe('outputs on disk', () => {
  it('are written into a FIFO as it is, not renamed over it', async () => {
    const dir = folder('fifo');
    const fifo = join(dir, 'out.ndjson');
    execFileSync('mkfifo', [fifo]);
    // the reader is another process: opening a FIFO to write waits for one
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (c: Buffer) => chunks.push(c));
    const written = spawn(process.execPath, [CLI, ...score, '--format', 'ndjson', bundled, '-o', fifo], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    const [[status]] = await Promise.all([once(written, 'close'), once(reader, 'close')]);
    expect(status).toBe(0);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(Buffer.concat(chunks).toString('utf8')).toBe((await runCli([...score, '--format', 'ndjson', bundled])).stdout);
    expect(readdirSync(dir)).toEqual(['out.ndjson']);
  });

  it.each([
    // a quote opened and never closed: the export is cut off
    ['cut off', 'קוד רשות,x\nLA-1,"open\n'],
    // bytes that are no text in any encoding read
    ['not text', Buffer.from([0xef, 0xbb, 0xbf, 0x41, 0x0a, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x0a])],
  ])('are left as they were when an export is %s', async (_, content) => {
    const dir = folder('failed');
    const input = join(dir, 'export.csv');
    writeFileSync(input, content);
    const [out, cohort] = [join(dir, 'profiles.json'), join(dir, 'cohort.json')];
    writeFileSync(out, 'the good output of an earlier run\n');
    const run = await runCli([...score, input, '-o', out, '--cohort', cohort]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `mahvan: no profiles written: an export could not be read whole (above); ${out} and ${cohort} left as they were`,
    );
    expect(readFileSync(out, 'utf8')).toBe('the good output of an earlier run\n');
    expect(existsSync(cohort)).toBe(false);
  });

  it('never replace an input reached through a link', async () => {
    const dir = folder('link');
    const input = join(dir, 'export.csv');
    writeFileSync(input, readFileSync(bundled));
    symlinkSync(input, join(dir, 'same.csv'));
    const run = await runCli([...score, '--format', 'csv', input, '-o', join(dir, 'same.csv')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`mahvan: -o ${join(dir, 'same.csv')} is also an input; write the output to another file\n`);
    expect(readFileSync(input).equals(readFileSync(bundled))).toBe(true);
  });

  it('leave no temporary file when writing fails, and the file as it was', async () => {
    const dir = folder('throw');
    const out = join(dir, 'out.json');
    writeFileSync(out, 'before\n');
    await expect(
      writeFileInPieces(out, (write) => {
        write('half');
        throw new Error('stopped');
      }),
    ).rejects.toThrow('stopped');
    expect(readdirSync(dir)).toEqual(['out.json']);
    expect(readFileSync(out, 'utf8')).toBe('before\n');
  });

  it('leave no temporary file when the command is stopped (SIGTERM, as kill sends)', async () => {
    const dir = folder('kill');
    const input = join(dir, 'export.csv');
    const rubric = join(dir, 'rubric.yaml');
    // the bench's generator of realistic exports (plain JavaScript, untyped)
    const bench = '../bench/realistic.mjs';
    const { realisticRubricYaml, writeRealisticExport } = (await import(bench)) as {
      realisticRubricYaml: () => string;
      writeRealisticExport: (path: string, rows: number) => Promise<number>;
    };
    writeFileSync(rubric, realisticRubricYaml());
    await writeRealisticExport(input, 60_000);
    const out = join(dir, 'profiles.ndjson');
    const child = spawn(
      process.execPath,
      [CLI, 'score', '--rubric', rubric, '--preset', 'mahvan', '--format', 'ndjson', input, '-o', out],
      {
        stdio: 'ignore',
      },
    );
    const exited = once(child, 'exit');
    // stop it once it is writing: its temporary file is there (polled; the run takes seconds on any machine)
    const temporary = () => readdirSync(dir).find((f) => f.endsWith('.tmp'));
    while (temporary() === undefined && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
    expect(temporary()).toBeDefined();
    child.kill('SIGTERM');
    const [code, signal] = await exited;
    expect([code, signal]).toEqual([143, null]);
    expect(readdirSync(dir).sort()).toEqual(['export.csv', 'rubric.yaml']);
  });
});

describe('a run that scores nothing', () => {
  it('fails, says so, and writes no profiles', async () => {
    const dir = folder('nothing');
    const input = join(dir, 'export.csv');
    const [header, first] = readFileSync(bundled, 'utf8').split('\n');
    // the one row's subject cell (its authority code, LA-001) is emptied: the row is rejected
    writeFileSync(input, `${header}\n${(first as string).replace(',LA-001,', ',,')}\n`);
    const out = join(dir, 'profiles.json');
    const run = await runCli([...score, input, '-o', out]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('1 rows: 0 scored, 1 rejected, 0 skipped');
    expect(run.stderr).toContain(
      'mahvan: nothing scored: every one of 1 rows or documents was rejected or skipped (above); no profiles written\n',
    );
    expect(existsSync(out)).toBe(false);
  });
});
