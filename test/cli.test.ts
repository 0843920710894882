import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { rubricJsonSchema } from '../src/index.js';
import { runCli } from './helpers/cli.js';
import { ROOT } from './helpers/fixtures.js';

/** Runs the CLI in-process from the repository root and captures what it prints. */
const run = (...argv: string[]) => runCli(argv);

const invalid = (code: string) => `test/fixtures/rubrics/invalid/${code}.yaml`;

/** The bundled export, scored to a CSV table with the reference rubric. */
const csv = 'examples/data/survey-export-2026.csv';
const args = [
  'score',
  '--rubric',
  'rubrics/il-local-authority-capability.yaml',
  '--mapping',
  'examples/mapping.yaml',
  '--format',
  'csv',
];
async function bundledExport() {
  const { readTableFile } = await import('../src/node/index.js');
  const read = await readTableFile(join(ROOT, csv));
  if (!read.ok) throw new Error('example export unreadable');
  return read;
}

describe('mahvan validate', () => {
  it("reports a policy's own problems whether or not its rubric is among the files, and asks for the rubric otherwise", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mahvan-policy-'));
    const head = 'mahvan-policy: 1\nid: p\nversion: "1"\ntitle: x\n';
    const write = (name: string, body: string) => {
      writeFileSync(join(dir, name), head + body);
      return join(dir, name);
    };
    const broken = write('broken.yaml', 'rubric: [\n');
    const noRubric = write('no-rubric.yaml', 'tracks: [{id: t, title: T}]\nrules: [{id: r, when: true, primary: t}]\n');
    const elsewhere = write(
      'elsewhere.yaml',
      'rubric: other\ntracks: [{id: t, title: T}]\nrules: [{id: r, when: true, primary: t}]\n',
    );
    const rubric = 'rubrics/il-local-authority-capability.yaml';
    for (const files of [[broken], [rubric, broken]]) {
      const { status, stdout } = await run('validate', ...files);
      expect(status).toBe(1);
      expect(stdout).toContain(`${broken}:6:1 error yaml-syntax`);
    }
    const missing = await run('validate', rubric, noRubric);
    expect(missing.status).toBe(1);
    expect(missing.stdout).toContain(
      `${noRubric}:1:1 error schema-missing-key The document is missing the required key 'rubric'.`,
    );
    const away = await run('validate', elsewhere);
    expect(away.status).toBe(2);
    expect(away.stderr).toBe(
      `mahvan: ${elsewhere}: its rubric 'other' is not among the files validated; validate them together\n`,
    );
  });

  it('prints file:line:col severity code message for an error in a Hebrew rubric, and exits 1', async () => {
    const { status, stdout } = await run('validate', invalid('unknown-scale'));
    expect(status).toBe(1);
    expect(stdout).toBe(
      [
        "test/fixtures/rubrics/invalid/unknown-scale.yaml:46:20 error unknown-scale No scale is named 'pcnt'.",
        "  hint: Did you mean 'pct'?",
        '1 file checked: 0 valid, 1 error, 0 warnings',
        '',
      ].join('\n'),
    );
  });

  it('counts the column in characters, not bytes, after Hebrew text on the same line', async () => {
    const { stdout } = await run('validate', invalid('undeclared-locale-text'));
    expect(stdout.split('\n')[0]).toBe(
      "test/fixtures/rubrics/invalid/undeclared-locale-text.yaml:36:41 warning undeclared-locale-text This text has a translation in 'ar', which the rubric does not declare.",
    );
  });

  it('validates every YAML file under a folder, in sorted order', async () => {
    const { status, stdout } = await run('validate', '--format', 'json', 'rubrics');
    expect(status).toBe(0);
    const files = (JSON.parse(stdout) as { file: string; ok: boolean }[]).map((r) => [r.file, r.ok]);
    expect(files).toEqual([
      ['rubrics/caf/caf.yaml', true],
      ['rubrics/dsomm/dsomm.yaml', true],
      ['rubrics/il-local-authority-capability.yaml', true],
      ['rubrics/samm/samm.yaml', true],
      ['rubrics/scorecard/scorecard.yaml', true],
    ]);
  });

  it('exits 0 for clean files and for warnings only', async () => {
    expect((await run('validate', 'test/fixtures/rubrics/valid/minimal.yaml')).status).toBe(0);
    expect((await run('validate', invalid('missing-translation'))).status).toBe(0);
  });

  it('exits 2 when a file cannot be read, and says so without a stack trace', async () => {
    const { status, stderr } = await run('validate', 'no/such/rubric.yaml');
    expect(status).toBe(2);
    expect(stderr).toBe('mahvan: cannot read no/such/rubric.yaml: no such file\n');
  });

  // read leniently, a file saved in a code page passed every check with its Hebrew turned into '�'
  it('refuses a file that is not UTF-8, saying where and what to do, and reads UTF-16 with its mark', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mahvan-text-'));
    const text = readFileSync(join(ROOT, 'test/fixtures/rubrics/valid/minimal.yaml'), 'utf8');
    const hebrewAt = Buffer.from(text.slice(0, text.search(/[\u0590-\u05ff]/))).length;
    // windows-1255: Hebrew letters are the bytes 0xE0–0xFA
    const codePage = Buffer.from(
      [...text].map((c) => (c >= 'א' && c <= 'ת' ? c.charCodeAt(0) - 0x05d0 + 0xe0 : c.charCodeAt(0))),
    );
    writeFileSync(join(dir, 'cp.yaml'), codePage);
    const refused = await run('validate', join(dir, 'cp.yaml'));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      `mahvan: cannot read ${join(dir, 'cp.yaml')}: it is not UTF-8 text (the bytes at offset ${hebrewAt} are not valid); save it as UTF-8\n`,
    );
    writeFileSync(join(dir, 'wide.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect((await run('validate', join(dir, 'wide.yaml'))).status).toBe(0);
  });

  it.each([
    [['validate']],
    [['frobnicate']],
    [['validate', '--format', 'xml', 'a.yaml']],
    [['validate', '--max-size', 'lots', 'a.yaml']],
  ])('exits 2 on a usage error: %j', async (argv) => {
    const { status, stderr } = await run(...argv);
    expect(status).toBe(2);
    expect(stderr).toMatch(/error/);
  });

  it('reports diagnostics as JSON with --format json', async () => {
    const { status, stdout } = await run('validate', '--format', 'json', invalid('duplicate-id'));
    expect(status).toBe(1);
    const [result] = JSON.parse(stdout);
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]).toMatchObject({
      code: 'duplicate-id',
      severity: 'error',
      range: { start: { line: 44, column: 17 } },
      related: [{ message: 'first used here', range: { start: { line: 39, column: 17 } } }],
    });
  });

  it('applies limits given as flags', async () => {
    const { status, stdout } = await run('validate', '--max-size', '100', 'test/fixtures/rubrics/valid/minimal.yaml');
    expect(status).toBe(1);
    expect(stdout).toMatch(/input-too-large/);
  });
});

describe('mahvan schema', () => {
  it('prints the JSON Schema of the rubric format', async () => {
    const { status, stdout } = await run('schema');
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual(rubricJsonSchema());
  });
});

describe('the built command', () => {
  it('runs from dist with the same output as in-process', async () => {
    const file = invalid('unknown-role');
    let out = '';
    try {
      execFileSync(process.execPath, [join(ROOT, 'dist', 'bin', 'mahvan.js'), 'validate', file], { cwd: ROOT, encoding: 'utf8' });
    } catch (error) {
      const e = error as { status: number; stdout: string };
      expect(e.status).toBe(1);
      out = e.stdout;
    }
    expect(out).toBe((await run('validate', file)).stdout);
  });

  // the command bundles its dependencies but loads exceljs from node_modules: both kinds must work when built
  it('scores a CSV and an XLSX export from dist as it does in-process', async () => {
    const { writeXlsx } = await import('../src/node/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'mahvan-dist-'));
    const read = await bundledExport();
    const xlsx = join(dir, 'export.xlsx');
    await writeXlsx(xlsx, { Sheet1: [read.table.header, ...read.table.rows.slice(0, 40).map((r) => r.cells)] });
    for (const input of [csv, xlsx]) {
      const built = execFileSync(process.execPath, [join(ROOT, 'dist', 'bin', 'mahvan.js'), ...args, input], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const inProcess = await run(...args, input);
      expect(inProcess.status).toBe(0);
      expect(built).toBe(inProcess.stdout);
      expect(built.split('\n').length).toBeGreaterThan(5);
    }
  });
});

describe('mahvan score and explain', () => {
  const rubric = 'test/fixtures/scoring/basic.yaml';

  it('streams the same CSV to a file (-o, one export) as it writes whole to stdout, names that need quoting included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mahvan-stream-'));
    const read = await bundledExport();
    // one authority renamed to a formula with a quote, a comma and a line break
    const name = read.table.rows[0]!.cells[3]!;
    const hostile = join(dir, 'hostile.csv');
    writeFileSync(hostile, readFileSync(join(ROOT, csv), 'utf8').split(`,${name},`).join(',"=1+2, ""quoted""\nline",'));
    for (const input of [csv, hostile]) {
      const whole = await run(...args, input);
      const streamed = await run(...args, input, '-o', join(dir, 'out.csv'));
      expect([whole.status, streamed.status]).toEqual([0, 0]);
      expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(whole.stdout);
    }
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toContain(`"'=1+2, ""quoted""\nline"`);
  });

  it('scores a free numeric answer column with more distinct points than a byte codes, streamed or whole', async () => {
    // I2 is numeric (1..3, no bands) and its 200 answers are 200 distinct points: kept as points, beside the codes
    const dir = mkdtempSync(join(tmpdir(), 'mahvan-points-'));
    const input = 'test/fixtures/exports/many-points.csv';
    const many = ['score', '--rubric', 'test/fixtures/exports/many-points.yaml', '--preset', 'mahvan', '--format', 'csv'];
    const whole = await run(...many, input);
    const streamed = await run(...many, input, '-o', join(dir, 'out.csv'));
    for (const { status, stderr } of [whole, streamed]) {
      expect(status).toBe(0);
      expect(stderr).toContain('200 rows: 200 scored, 0 rejected, 0 skipped');
    }
    // S1: I1 = 2, I2 = 1.006, C1 = D1 = overall = (2 + 1.006) / 2 = 1.503
    expect(whole.stdout.split('\r\n')[1]).toBe('S1,,,1.503,low,1,1,1.503,1.503,2,1.006');
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(whole.stdout);
  });

  it('writes profiles as JSON and counts scored and rejected assessments', async () => {
    const { status, stdout, stderr } = await run(
      'score',
      '--rubric',
      rubric,
      'test/fixtures/assessments/basic-a.json',
      'test/fixtures/assessments/mixed.json',
    );
    expect(status).toBe(1);
    const profiles = JSON.parse(stdout);
    expect(profiles.map((p: { subject: { id: string } }) => p.subject.id)).toEqual(['A', 'B']);
    // A: I2 = median(2, 4) = 3; C1 = (1×4 + 3×3)/4 = 3.25
    expect(profiles[0].nodes.C1.score).toBe(3.25);
    expect(stderr).toBe(
      [
        "test/fixtures/assessments/mixed.json:3:80 error assessment-invalid-answer The answer of 'r1' to 'I1' is not valid: must be one of 1, 2, 3, 4, 5; the document is rejected.",
        "  hint: Correct it in the source, or count such answers as missing (mahvan score --invalid missing; invalid: 'missing').",
        '3 assessments: 2 scored, 1 rejected',
        '2 profiles written',
        '',
      ].join('\n'),
    );
  });

  it('writes JSON profiles one at a time, to stdout or a file: a list of compact profiles, one per line', async () => {
    const { loadRubricFile } = await import('../src/node/index.js');
    const { profileDocument, scoreAssessment } = await import('../src/index.js');
    const loaded = await loadRubricFile(join(ROOT, rubric));
    if (!loaded.ok) throw new Error('rubric');
    const dir = mkdtempSync(join(tmpdir(), 'mahvan-json-'));
    const empty = join(dir, 'none.json');
    writeFileSync(empty, '[]');
    // the same assessment in two files gives a list of two profiles
    const copy = join(dir, 'copy.json');
    writeFileSync(copy, readFileSync(join(ROOT, 'test/fixtures/assessments/basic-a.json')));
    const files = ['test/fixtures/assessments/basic-a.json', copy];
    for (const inputs of [files, [files[0] as string], [empty]]) {
      const assessments = inputs.flatMap((f) => [JSON.parse(readFileSync(resolve(ROOT, f), 'utf8'))].flat());
      const lines = assessments.map((a) => JSON.stringify(profileDocument(scoreAssessment(loaded.rubric, a))));
      const expected = lines.length ? `[\n${lines.join(',\n')}\n]\n` : '[]\n';
      const printed = await run('score', '--rubric', rubric, ...inputs);
      const written = await run('score', '--rubric', rubric, ...inputs, '-o', join(dir, 'out.json'));
      expect([printed.status, written.status]).toEqual([0, 0]);
      expect(printed.stdout).toBe(expected);
      expect(readFileSync(join(dir, 'out.json'), 'utf8')).toBe(expected);
      expect(written.stderr).toContain(`${assessments.length} profiles written to`);
    }
  });

  it('gives the same bytes on every run', async () => {
    const a = await run('score', '--rubric', rubric, 'test/fixtures/assessments/basic-a.json');
    const b = await run('score', '--rubric', rubric, 'test/fixtures/assessments/basic-a.json');
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('explains a node', async () => {
    const { status, stdout } = await run('explain', '--rubric', rubric, '--node', 'C1', 'test/fixtures/assessments/basic-a.json');
    expect(status).toBe(0);
    expect(stdout).toBe(
      [
        'A (2026)',
        'C1 (capability): 3.25 on 1..5 (56.25/100, level solid)',
        '  I1: 4 × weight 1',
        '  I2: 3 × weight 3',
        '  method: weighted-mean; coverage 100%',
        '  target 3; gap 0; 100% of the way to target',
        '',
      ].join('\n'),
    );
  });

  it('exits 2 for an unknown node, and prints the assessment schema of a rubric', async () => {
    expect((await run('explain', '--rubric', rubric, '--node', 'ZZ', 'test/fixtures/assessments/basic-a.json')).status).toBe(2);
    const schema = await run('schema', '--rubric', rubric);
    expect(JSON.parse(schema.stdout).$id).toBe('urn:mahvan:schema:assessment:scoring-basic:1');
  });
});

describe('mahvan score on survey exports', () => {
  const rubric = 'test/fixtures/exports/presets/rubric.yaml';

  // a table streams through its own writer, JSON through the atomic one: both say what is wrong, exit 2
  it.each([
    'csv',
    'json',
  ])('says, as --format %s, that -o cannot be written where a file stands for its folder', async (format) => {
    const dir = mkdtempSync(join(tmpdir(), 'mahvan-out-'));
    writeFileSync(join(dir, 'file'), '');
    const output = join(dir, 'file', `p.${format}`);
    const { status, stderr } = await run(...args.slice(0, -1), format, csv, '-o', output);
    expect(status).toBe(2);
    expect(stderr).toContain(`mahvan: cannot write ${output}: a file stands where its folder should be\n`);
    expect(stderr).not.toContain('internal error');
  });

  it('refuses outputs that name an input or each other, before writing anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mahvan-clash-'));
    const copy = join(dir, 'export.csv');
    writeFileSync(copy, readFileSync(join(ROOT, csv)));
    const before = readFileSync(copy);
    const onInput = await run(...args, copy, '-o', copy);
    expect([onInput.status, onInput.stderr]).toEqual([
      2,
      `mahvan: -o ${copy} is also an input; write the output to another file\n`,
    ]);
    expect(readFileSync(copy).equals(before)).toBe(true);
    const both = join(dir, 'p.json');
    const twice = await run(...args.slice(0, -2), copy, '-o', both, '--cohort', both);
    expect([twice.status, twice.stderr]).toEqual([
      2,
      `mahvan: -o and --cohort both name ${both}; give each output its own file\n`,
    ]);
  });

  it.runIf(existsSync('/dev/full'))('says it cannot write to a full standard output, and exits 2', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const done = spawnSync(process.execPath, [join(ROOT, 'dist', 'bin', 'mahvan.js'), ...args, csv], {
        cwd: ROOT,
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
      });
      expect(done.status).toBe(2);
      expect(done.stderr).toMatch(/\nmahvan: cannot write to standard output: ENOSPC[^\n]*\n$/);
    } finally {
      closeSync(full);
    }
  });

  it('prints each rejection at its cell and the row account, and --strict fails on rejections', async () => {
    const file = 'test/fixtures/exports/presets/mahvan-windows-1255.csv';
    const { status, stdout, stderr } = await run('score', '--rubric', rubric, file);
    expect(status).toBe(0);
    expect(JSON.parse(stdout).map((p: { subject: { id: string } }) => p.subject.id)).toEqual(['LA-1', 'LA-2']);
    expect(stderr).toBe(
      [
        `${file}:2:4 warning row-duplicate Respondent 'r1' of 'LA-1' submitted more than once; row 5 is kept.`,
        `${file}:6:7 error row-invalid-answer Cell G6 (column 'map.calls') holds 'מצוין': not a label or value of the scale; the row is rejected.`,
        `${file}: 6 rows: 3 scored, 2 rejected, 1 skipped (windows-1255)`,
        '2 profiles written',
        '',
      ].join('\n'),
    );
    expect((await run('score', '--strict', '--rubric', rubric, file)).status).toBe(1);
  });

  it('takes the policies from flags: --invalid missing keeps the row, --duplicates reject drops both', async () => {
    const file = 'test/fixtures/exports/presets/mahvan.csv';
    const { stderr } = await run('score', '--rubric', rubric, '--invalid', 'missing', '--duplicates', 'reject', file);
    // both submissions of r1 are rejected; the row with the invalid cell is kept (B, E, F scored)
    expect(stderr).toContain(`${file}: 6 rows: 3 scored, 2 rejected, 1 skipped (utf-8)`);
    expect(stderr).toContain('counted as missing');
  });

  it('reads a mapping file and reports its mistakes at their line and column', async () => {
    const { status, stderr } = await run(
      'score',
      '--rubric',
      rubric,
      '--mapping',
      'test/fixtures/exports/bad-mapping.yaml',
      'test/fixtures/exports/presets/google-forms.csv',
    );
    expect(status).toBe(1);
    expect(stderr.split('\n')[0]).toBe(
      "test/fixtures/exports/bad-mapping.yaml:4:12 error mapping-unknown-column The export has no column 'Authority'.",
    );
  });
});

describe('profiles as files', () => {
  const exportArgs = [...args.slice(0, -2), csv];

  // progress goes to standard error only when it is a terminal a person watches; what is written stays the same
  it('show their progress on a terminal, and nothing of it elsewhere', async () => {
    let drawn = '';
    const terminal = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          drawn += String(chunk);
          done();
        },
      }),
      { isTTY: true, columns: 100 },
    ) as unknown as NodeJS.WriteStream;
    let stdout = '';
    let stderr = '';
    const status = await main([...exportArgs, '--format', 'ndjson'], {
      stdout: (chunk) => {
        stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      },
      stderr: (text) => {
        stderr += text;
      },
      cwd: ROOT,
      terminal,
    });
    const plain = await run(...exportArgs, '--format', 'ndjson');
    expect(status).toBe(0);
    expect(drawn).toContain(`reading ${csv} [`);
    expect(drawn).toContain('/255 subjects');
    expect([stdout, stderr]).toEqual([plain.stdout, plain.stderr]);
    expect(plain.stderr).not.toContain('[');
  });

  // a pipe holds what its reader has not taken yet: the built command must not reuse bytes it queued, and
  // must wait for a slow reader rather than pile the output up in memory
  it('reach a slow reader through a pipe whole and unchanged, from dist', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'bin', 'mahvan.js'), ...exportArgs, '--format', 'ndjson'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    child.stdout.pause();
    await new Promise((done) => setTimeout(done, 300));
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk)).resume();
    const [status] = await once(child, 'close');
    const inProcess = await run(...exportArgs, '--format', 'ndjson');
    expect(status).toBe(0);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(inProcess.stdout);
    expect(inProcess.stdout.length).toBeGreaterThan(1 << 20);
  });

  it('are a JSON list with one compact profile per line, or NDJSON with the same lines', async () => {
    const json = await run(...exportArgs);
    const ndjson = await run(...exportArgs, '--format', 'ndjson');
    expect([json.status, ndjson.status]).toEqual([0, 0]);
    const lines = ndjson.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(255);
    expect(json.stdout).toBe(`[\n${lines.join(',\n')}\n]\n`);
    const first = JSON.parse(lines[0] as string);
    // defaults left out: a scored node says no status, a node without findings no flags
    expect(Object.keys(first)).toEqual([
      'rubric',
      'subject',
      'respondents',
      'overall',
      'nodes',
      'priorities',
      'answers',
      'agreement',
      'validation',
    ]);
    expect(first.nodes['RU.MAP'].status).toBeUndefined();
    // one raw answer per indicator of the rubric, fact-fed ones included (null: respondents are not asked them)
    expect(first.answers[0].points).toHaveLength(58);
  });

  it("carry every node's explanation as data with --trace, and refuse --trace with a table", async () => {
    const traced = await run(...exportArgs, '--format', 'ndjson', '--trace');
    const profile = JSON.parse(traced.stdout.split('\n')[0] as string);
    expect(profile.trace['MG.FIN']).toMatchObject({ kind: 'group', method: 'weighted-mean' });
    expect(profile.trace['MG.FIN.1'].respondents.length).toBeGreaterThan(0);
    const refused = await run(...exportArgs, '--format', 'csv', '--trace');
    expect([refused.status, refused.stderr]).toEqual([
      2,
      'mahvan: --trace adds explanations to profiles: use it with --format json or ndjson\n',
    ]);
  });

  it('are explained by mahvan explain as the assessments they were scored from are', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mahvan-explain-'));
    const profiles = join(dir, 'profiles.json');
    expect((await run(...exportArgs, '-o', profiles)).status).toBe(0);
    const fromFile = await run(
      'explain',
      '--rubric',
      'rubrics/il-local-authority-capability.yaml',
      '--node',
      'MG.FIN.1',
      '--subject',
      'LA-002',
      profiles,
    );
    expect(fromFile.status).toBe(0);
    const { loadMapping, readExportFile, loadRubricFile, explain, scoreAssessment } = await import('../src/node/index.js');
    const loaded = await loadRubricFile(join(ROOT, 'rubrics/il-local-authority-capability.yaml'));
    const mapping = loadMapping(readFileSync(join(ROOT, 'examples/mapping.yaml'), 'utf8'));
    if (!loaded.ok || !mapping.ok) throw new Error('setup');
    const read = await readExportFile(join(ROOT, csv), loaded.rubric, mapping.mapping);
    const assessment = read.assessments.find((a) => a.subject.id === 'LA-002');
    if (!assessment) throw new Error('LA-002');
    const text = explain(loaded.rubric, scoreAssessment(loaded.rubric, assessment), 'MG.FIN.1')?.text;
    expect(fromFile.stdout).toBe(`LA-002\n${text}\n`);
    // each respondent's answer is there, read back from the file
    expect(fromFile.stdout).toMatch(/\n {2}la-002-r\d@example\.org\.il \(\w+\): \d/);
  });

  it('are refused when read back in another shape, for another rubric, or from an earlier version, naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mahvan-readback-'));
    const rubric = 'rubrics/il-local-authority-capability.yaml';
    const policy = 'policies/il-engagement.yaml';
    const written = join(dir, 'profiles.ndjson');
    expect((await run(...exportArgs, '--format', 'ndjson', '-o', written)).status).toBe(0);
    const first = JSON.parse(readFileSync(written, 'utf8').split('\n')[0] as string);
    const cases: [string, unknown, RegExp][] = [
      [
        'edited',
        { ...first, nodes: { ...first.nodes, D1: { ...first.nodes.D1, score: 'high' } } },
        /profile 1 \(subject 'LA-001'\): nodes\.D1\.score must be number or null\./,
      ],
      [
        'foreign',
        { ...first, rubric: { id: 'samm', version: '2' } },
        /profile 1 \(subject 'LA-001'\) was made with the rubric 'samm' version 2, not 'il-local-authority-capability' version 2\.0\.0\./,
      ],
      [
        'short',
        { ...first, nodes: Object.fromEntries(Object.entries(first.nodes).slice(1)) },
        /does not fit the rubric's nodes: it lacks 'D1'/,
      ],
      [
        'earlier',
        { ...first, overall: { ...first.overall, kind: 'overall', range: [1, 5] } },
        /overall\.kind is not a field of it\.\n {2}hint: It was written by an earlier version of mahvan: write it again with mahvan score\./,
      ],
    ];
    for (const [name, profile, message] of cases) {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify([profile]));
      const refused = await run('recommend', '--rubric', rubric, '--policy', policy, file);
      expect([name, refused.status]).toEqual([name, 1]);
      expect(refused.stderr).toMatch(message);
      // at the line and column of the field, as editors show them (the list holds one profile, on line 1)
      expect(refused.stderr).toMatch(new RegExp(`^${file}:1:\\d+ error document-`));
    }
    // NDJSON is read as it was written
    const ok = await run('recommend', '--rubric', rubric, '--policy', policy, written, '--format', 'ndjson');
    expect(ok.status).toBe(0);
    expect(ok.stdout.trimEnd().split('\n')).toHaveLength(255);
  });
});

describe('mahvan recommend', () => {
  const rubric = 'test/fixtures/policy/rubric.yaml';
  const policy = 'test/fixtures/policy/policy.yaml';

  it('turns scored profiles into recommendations with their reasons, as JSON or text', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mahvan-recommend-'));
    const profiles = join(out, 'profiles.json');
    expect((await run('score', '--rubric', rubric, 'test/fixtures/policy/assessments.json', '-o', profiles)).status).toBe(0);
    const json = await run('recommend', '--rubric', rubric, '--policy', policy, profiles, '-o', join(out, 'recs.json'));
    expect(json.status).toBe(0);
    expect(json.stderr).toBe(
      `2 recommendations (STABILIZE 1, INTENSIVE 0, PEERS 0, FLEX 1) written to ${join(out, 'recs.json')}\n`,
    );
    const recs = JSON.parse(readFileSync(join(out, 'recs.json'), 'utf8'));
    expect(recs.map((r: { primary: string }) => r.primary)).toEqual(['STABILIZE', 'FLEX']);

    const text = await run('recommend', '--rubric', rubric, '--policy', policy, '--format', 'text', '--locale', 'en', profiles);
    expect(text.stdout).toContain(['weak: Stabilize', '  Secondary tracks: Peers'].join('\n'));
    expect(text.stdout).toContain('    ✓ stabilize — primary track: Stabilize\n        ✓ Finance: 1 — at most 1\n');
    expect(text.stdout).toContain('strong: Flexibility\n  Measures: Mentor others\n');

    // a language the rubric has no texts in is refused, not shown in its default language
    for (const command of ['recommend', 'report']) {
      const refused = await run(
        command,
        '--rubric',
        rubric,
        '--policy',
        policy,
        '--locale',
        'fr',
        profiles,
        '-o',
        join(out, 'x'),
      );
      expect(refused.status).toBe(2);
      expect(refused.stderr).toBe(
        "mahvan: --locale fr: the rubric's texts are in he, en; use one of them, or declare fallbacks for 'fr' in the rubric\n",
      );
    }
  });

  it('reports a policy error at its line and column and exits 1', async () => {
    const { status, stderr } = await run(
      'recommend',
      '--rubric',
      rubric,
      '--policy',
      'test/fixtures/policy/bad-policy.yaml',
      'x.json',
    );
    expect(status).toBe(1);
    expect(stderr.split('\n')[0]).toBe(
      "test/fixtures/policy/bad-policy.yaml:8:34 error policy-unknown-node The rubric has no node 'FNI'.",
    );
  });

  it('warns once per rule whose condition cannot be evaluated, which then does not hold', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mahvan-recommend-'));
    const profiles = join(out, 'profiles.json');
    expect((await run('score', '--rubric', rubric, 'test/fixtures/policy/assessments.json', '-o', profiles)).status).toBe(0);
    // a level is a name: dividing it gives NaN, on which the condition engine throws
    const odd = join(out, 'odd.yaml');
    writeFileSync(
      odd,
      readFileSync(policy, 'utf8').replace(
        /^rules:\n/m,
        'rules:\n  - {id: odd, when: {"<": [{"/": [{level: D1}, 2]}, 1]}, primary: FLEX}\n',
      ),
    );
    const { status, stderr } = await run(
      'recommend',
      '--rubric',
      rubric,
      '--policy',
      odd,
      profiles,
      '-o',
      join(out, 'recs.json'),
    );
    expect(status).toBe(0);
    expect(stderr.split('\n')[1]).toBe(
      "warning: the rule 'odd': /(level(D1), 2) < 1 (a value is not a number) could not be evaluated for 2 of 2 subjects; it did not hold",
    );
  });

  it('refuses a file that holds no profiles', async () => {
    const { status, stderr } = await run('recommend', '--rubric', rubric, '--policy', policy, 'test/fixtures/policy/rubric.yaml');
    expect(status).toBe(2);
    expect(stderr).toMatch(/^mahvan: cannot read test\/fixtures\/policy\/rubric.yaml: not JSON/);
  });
});
