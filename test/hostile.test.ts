// Hostile and broken input, one case each: prototype keys in JSON and CSV, invalid bytes in every encoding,
// truncated files, the row limit, atomic and repeatable outputs, and markup from the rubric itself in reports.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  decodeBytes,
  defaultMapping,
  loadRubric,
  parseCsv,
  readExport,
  renderSubjectReport,
  scoreAssessment,
} from '../src/index.js';
import { readExportFile, readTableFile, writeFileAtomic } from '../src/node/index.js';
import { runCli } from './helpers/cli.js';
import { readRepoFile } from './helpers/fixtures.js';
import { mustLoad } from './helpers/rubric.js';

const rubric = mustLoad(readRepoFile('test', 'fixtures', 'policy', 'rubric.yaml'));
const tmp = () => mkdtempSync(join(tmpdir(), 'mahvan-hostile-'));
const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort();
const run = (...argv: string[]) => runCli(argv);

describe('prototype keys', () => {
  it('in assessment JSON: scored or refused, and no prototype touched', async () => {
    const before = prototypeNames();
    const dir = tmp();
    const file = join(dir, 'a.json');
    writeFileSync(
      file,
      '{"subject":{"id":"x","__proto__":{"polluted":1},"attributes":{"constructor":{"prototype":{"polluted":2}}}},"respondents":[{"id":"r","answers":{"__proto__":{"polluted":3},"FIN":3,"constructor":4}}]}',
    );
    const { status } = await run('score', '--rubric', 'test/fixtures/policy/rubric.yaml', file, '-o', join(dir, 'p.json'));
    expect([0, 1]).toContain(status);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(prototypeNames()).toEqual(before);
  });

  it('as CSV headers and cells: every row accounted for, and no prototype touched', () => {
    const before = prototypeNames();
    const csv = 'subject_id,__proto__,constructor,prototype,FIN\nA,{"polluted":1},x,y,3\n__proto__,1,2,3,4\n';
    const reading = readExport(parseCsv(csv), rubric, defaultMapping('mahvan'));
    expect(reading.account).toMatchObject({ rows: 2, scored: 2 });
    expect(reading.assessments.map((a) => a.subject.id)).toEqual(['A', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(prototypeNames()).toEqual(before);
  });

  // Names every object answers to. Looked up on plain objects they gave `[object Object]` as the cohort page's
  // link of '__proto__', Object.prototype's functions as attribute cells and peer groups ("function toString()
  // { [native code] }"), a policy's {attribute: toString} true for subjects without it, and dropped an export's
  // attribute named toString. Each subject is named after one and has one attribute: its name, valued its name.
  const NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'] as const;
  // '__proto__' is no id (ids start with a letter or digit), so no rubric attribute or role
  const DECLARED = NAMES.filter((n) => n !== '__proto__');
  // in YAML, constructor and prototype are forbidden keys, so no mapping names them as attribute or role label
  const MAPPED = ['toString', 'valueOf', 'hasOwnProperty'] as const;
  const outputs = new Map<string, { dir: string; stderr: string; statuses: [string, number][] }>();

  beforeAll(async () => {
    const dir = tmp();
    const at = (f: string) => join(dir, f);
    const text = readRepoFile('test', 'fixtures', 'policy', 'rubric.yaml')
      .replace('  - {id: cluster}\n', `  - {id: cluster}\n${DECLARED.map((n) => `  - {id: ${n}}\n`).join('')}`)
      .replace(
        'tiers: [domain, capability]\n',
        `tiers: [domain, capability]\nroles:\n${DECLARED.map((n) => `  - {id: ${n}, title: ${n}}\n`).join('')}`,
      );
    writeFileSync(at('rubric.yaml'), text);
    writeFileSync(
      at('policy.yaml'),
      readRepoFile('test', 'fixtures', 'policy', 'policy.yaml').replace('{attribute: cluster}', '{attribute: toString}'),
    );
    // FIN 1 for every subject: the 'stabilize' rule makes each one's primary track STABILIZE
    writeFileSync(
      at('a.json'),
      JSON.stringify(
        NAMES.map((n) => ({
          subject: { id: n, name: n, attributes: { [n]: n } },
          wave: n,
          respondents: [{ id: n, ...(n === '__proto__' ? {} : { role: n }), answers: { FIN: 1, CTRL: 3, HR: 4 } }],
        })),
      ),
    );
    const attributes = MAPPED.map((n) => `    ${n}: ${n}\n`).join('');
    const mapping = `mahvan-mapping: 1\ncolumns:\n  subject: subject_id\n  role: role\n  wave: wave\n  attributes:\n${attributes}roles:\n${MAPPED.map((n) => `  ${n}: ${n}\n`).join('')}`;
    writeFileSync(at('mapping.yaml'), mapping);
    const header = `subject_id,respondent_id,wave,role,${MAPPED.join(',')},FIN,CTRL,HR`;
    // each subject's attribute cell holds its name, the others none; '__proto__' as a role label is rejected
    const row = (n: string, role: string) => [n, n, n, role, ...MAPPED.map((m) => (m === n ? n : '')), 1, 3, 4].join(',');
    const rows = [...NAMES.map((n) => row(n, n === '__proto__' ? 'toString' : n)), row('__proto__', '__proto__')];
    writeFileSync(at('export.csv'), `${header}\n${rows.join('\n')}\n`);

    for (const [name, input, extra] of [
      ['json', 'a.json', []],
      ['export', 'export.csv', ['--mapping', at('mapping.yaml')]],
    ] as const) {
      const out = join(dir, name);
      const rubricArgs = ['--rubric', at('rubric.yaml')];
      const policyArgs = [...rubricArgs, '--policy', at('policy.yaml')];
      let stderr = '';
      const statuses: [string, number][] = [];
      for (const argv of [
        ['score', ...rubricArgs, ...extra, at(input), '-o', join(out, 'p.json')],
        ['recommend', ...policyArgs, join(out, 'p.json'), '-o', join(out, 'r.json'), '--cohort', join(out, 'c.json')],
        ['report', ...policyArgs, '--recommendations', join(out, 'r.json'), join(out, 'p.json'), '-o', join(out, 'report')],
      ]) {
        const result = await run(...argv);
        stderr += result.stderr;
        statuses.push([argv[0] as string, result.status]);
      }
      outputs.set(name, { dir: out, stderr, statuses });
    }
  });

  it.each(['json', 'export'])('from %s, score, recommend and report (HTML, Markdown, CSV, XLSX) succeed', (input) => {
    // the XLSX writer crashed on a cell that held a function
    expect(outputs.get(input)?.statuses).toEqual([
      ['score', 0],
      ['recommend', 0],
      ['report', 0],
    ]);
    expect(outputs.get(input)?.stderr).not.toMatch(/\n\s+at |Cannot read properties/);
  });

  const read = (input: string, file: string) => readFileSync(join(outputs.get(input)?.dir as string, file), 'utf8');
  const TEXT_OUTPUTS = ['p.json', 'r.json', 'c.json', 'report/index.html', 'report/summary.md', 'report/profiles.csv'];

  it.each(
    ['json', 'export'].flatMap((input) => TEXT_OUTPUTS.map((file) => [input, file])),
  )('from %s, %s holds every name as text and nothing an object inherits', (input, file) => {
    // Markdown escapes the underscores of __proto__
    const text = read(input, file).replaceAll('\\_', '_');
    for (const n of NAMES) expect(text, n).toContain(n);
    expect(text).not.toMatch(/\[native code\]|\[object Object\]|function \w+\(/);
  });

  it('the export keeps every row accounted for: the role label __proto__ is rejected where it is written', () => {
    expect(outputs.get('export')?.stderr).toContain('7 rows: 6 scored, 1 rejected, 0 skipped');
    expect(outputs.get('export')?.stderr).toMatch(/export\.csv:8:4 .*row-unknown-role/);
  });

  it.each([
    ['json', Object.fromEntries(NAMES.map((n) => [n, { [n]: n }]))],
    // the export has only the mapped attributes; a subject with none has no attributes
    ['export', Object.fromEntries(NAMES.map((n) => [n, (MAPPED as readonly string[]).includes(n) ? { [n]: n } : undefined]))],
  ])('from %s, each profile keeps exactly its own attribute, and the tables show it in its own column only', async (input, expected) => {
    const profiles: { subject: { id: string; attributes?: Record<string, string> } }[] = JSON.parse(read(input, 'p.json'));
    expect(Object.fromEntries(profiles.map((p) => [p.subject.id, p.subject.attributes]))).toEqual(expected);
    for (const file of ['profiles.csv', 'profiles.xlsx']) {
      const table = await readTableFile(join(outputs.get(input)?.dir as string, 'report', file));
      if (!table.ok) throw new Error(`${file} unreadable`);
      const columns = table.table.header;
      for (const { cells } of table.table.rows) {
        const subject = cells[0] as string;
        // the test's own lookups keyed by these names must be own-property lookups too
        const own = (Object.hasOwn(expected, subject) ? expected[subject] : undefined) ?? {};
        for (const n of DECLARED) {
          const cell = Object.hasOwn(own, n) ? own[n] : '';
          expect([file, subject, n, cells[columns.indexOf(n)]]).toEqual([file, subject, n, cell]);
        }
      }
    }
  });

  it.each(['json', 'export'])('from %s, the cohort page links every subject to its own page', (input) => {
    const html = read(input, 'report/index.html');
    for (const n of NAMES) expect(html).toContain(`<a href="subjects/${n}.html">${n}</a>`);
  });

  it.each(['json', 'export'])('from %s, {attribute: toString} holds only for the subject that has it', (input) => {
    const recommendations: { subject: { id: string }; secondary: string[] }[] = JSON.parse(read(input, 'r.json'));
    expect(recommendations.filter((r) => r.secondary.includes('PEERS')).map((r) => r.subject.id)).toEqual(['toString']);
  });

  it.each(['json', 'export'])('from %s, each peer group is one name, or subjects without the attribute', (input) => {
    const cohort: { groups: { attribute: string; value: string | null; n: number }[] } = JSON.parse(read(input, 'c.json'));
    const groups = cohort.groups.filter((g) => (DECLARED as readonly string[]).includes(g.attribute));
    const has = (n: string) => input === 'json' || (MAPPED as readonly string[]).includes(n);
    expect(groups.map((g) => [g.attribute, g.value, g.n])).toEqual(
      DECLARED.flatMap((n) =>
        has(n)
          ? [
              [n, null, 5],
              [n, n, 1],
            ]
          : [[n, null, 6]],
      ),
    );
  });
});

describe('invalid bytes in every supported encoding', () => {
  it.each([
    ['utf-8', [0x61, 0xff, 0x62], 1],
    ['utf-16le', [0x61, 0x00, 0x00, 0xd8, 0x62, 0x00], 2], // a lone high surrogate
    ['utf-16be', [0x00, 0x61, 0x00], 2], // an odd byte at the end
    ['windows-1255', [0x61, 0xd9], 1], // 0xD9 is unassigned in windows-1255
  ] as const)('%s: an error that says where', (encoding, bytes, offset) => {
    const decoded = decodeBytes(Uint8Array.from(bytes), { encoding });
    expect(decoded).toMatchObject({ error: 'invalid-bytes', encoding });
    // where: an offset within the bytes, at or after the first bad byte
    expect('offset' in decoded && decoded.offset).toBeGreaterThanOrEqual(0);
    expect('offset' in decoded && decoded.offset).toBeLessThanOrEqual(bytes.length);
    expect(offset).toBeLessThan(bytes.length);
  });

  it('windows-1256 assigns every byte: all but NUL (which no text holds) decode', () => {
    const all = Uint8Array.from({ length: 255 }, (_, i) => i + 1);
    expect('text' in decodeBytes(all, { encoding: 'windows-1256' })).toBe(true);
  });

  it('the CLI reports invalid bytes as a diagnostic, without a stack trace', async () => {
    const file = join(tmp(), 'bad.csv');
    writeFileSync(file, Buffer.from([...Buffer.from('subject_id,FIN\nA,'), 0xff, 0xfe, 0x33, 0x0a]));
    const { status, stderr } = await run('score', '--rubric', 'test/fixtures/policy/rubric.yaml', '--encoding', 'utf-8', file);
    expect(status).toBe(1);
    expect(stderr).toContain('export-invalid-bytes');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('truncated files', () => {
  it('a rubric cut in the middle gives positioned diagnostics', () => {
    const text = readRepoFile('test', 'fixtures', 'policy', 'rubric.yaml');
    const result = loadRubric(text.slice(0, Math.floor(text.length * 0.6)), { file: 'cut.yaml' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics[0]?.range?.start.line).toBeGreaterThan(0);
  });

  it.each([
    ['a short last row without a line break', 'subject_id,respondent_id,FIN,CTRL,HR\nA,r1,3,4,2\nB,r1,3,'],
    ['an open quote', 'subject_id,respondent_id,FIN,CTRL,HR\nA,r1,3,4,2\nB,r1,"3,4\n'],
  ])('a CSV cut off (%s): the rows before are read, the cut row rejected and counted', async (_, csv) => {
    const viaText = readExport(parseCsv(csv), rubric, defaultMapping('mahvan'));
    const file = join(tmp(), 'cut.csv');
    writeFileSync(file, csv);
    const viaStream = await readExportFile(file, rubric, defaultMapping('mahvan'));
    for (const reading of [viaText, viaStream]) {
      expect(reading.account).toMatchObject({ rows: 2, scored: 1, rejected: 1, skipped: 0 });
      expect(reading.account.rejections.map((r) => [r.row, r.code])).toEqual([[3, 'export-truncated']]);
    }
    // a file not read whole is an error for the command, as JSON or as a table, not only a rejected row
    for (const format of ['json', 'csv']) {
      const { status, stderr } = await run('score', '--rubric', 'test/fixtures/policy/rubric.yaml', '--format', format, file);
      expect([format, status]).toEqual([format, 1]);
      expect(stderr).toContain('error export-truncated');
    }
  });

  it('a quote opened mid-file and never closed names its cell and the lines it swallowed', async () => {
    const csv = 'subject_id,respondent_id,FIN,CTRL,HR\nA,r1,3,4,2\nB,r1,"3,4,2\nC,r1,3,4,2\n\nD,r1,3,4,2\n';
    const file = join(tmp(), 'stray.csv');
    writeFileSync(file, csv);
    for (const reading of [
      readExport(parseCsv(csv), rubric, defaultMapping('mahvan')),
      await readExportFile(file, rubric, defaultMapping('mahvan')),
    ]) {
      expect(reading.account.rejections.map((r) => [r.row, r.code, r.reason])).toEqual([
        [3, 'export-truncated', 'a quote opened in C3 is never closed: the 2 line(s) after it were read into that cell'],
      ]);
      expect(reading.diagnostics.find((d) => d.code === 'export-truncated')?.message).toBe(
        'Cell C3 opens a quote that is never closed: the 2 line(s) after it were read into that cell, to the end of the file. Row 3 is rejected.',
      );
    }
  });

  it('a stray quote closed rows later is named as the likely cause of the cell it joined rows into', () => {
    const csv = 'subject_id,respondent_id,FIN,CTRL,HR\nA,r1,3,4,2\nB,r1,"3,4,2\nC,r1,3",4,2\nD,r1,3,4,2\n';
    const reading = readExport(parseCsv(csv), rubric, defaultMapping('mahvan'));
    expect(reading.account.rejections.map((r) => [r.row, r.cell, r.code, r.reason])).toEqual([
      [
        3,
        'C3',
        'row-invalid-answer',
        'text over several lines, not an answer (a stray quote may have joined the rows after it into this cell)',
      ],
    ]);
  });

  it('the same export given twice is refused, not scored twice', async () => {
    const file = join(tmp(), 'x.csv');
    writeFileSync(file, 'subject_id,FIN\nA,3\n');
    const { status, stderr } = await run('score', '--rubric', 'test/fixtures/policy/rubric.yaml', file, file);
    expect(status).toBe(2);
    expect(stderr).toBe(`mahvan: ${file} is given twice; give each input once\n`);
  });

  it('an XLSX cut off is an unreadable file, not a crash', async () => {
    const xlsx = join(tmp(), 'cut.xlsx');
    writeFileSync(xlsx, Buffer.from('PK\u0003\u0004 not really a zip'));
    const result = await readTableFile(xlsx);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.code)).toEqual(['export-unreadable']);
  });
});

describe('limits', () => {
  it('a huge scalar is refused before it is parsed, naming the option', () => {
    const result = loadRubric(`mahvan: 1\nid: x\ntitle: "${'a'.repeat(10_000_001)}"\n`);
    expect(result.diagnostics.map((d) => [d.code, d.hint?.includes('--max-size')])).toEqual([['input-too-large', true]]);
  });

  it('the row limit rejects the rows beyond it, counts them, and names the option', () => {
    const csv = `subject_id,FIN\n${Array.from({ length: 5 }, (_, i) => `S${i},3`).join('\n')}\n`;
    const reading = readExport(parseCsv(csv), rubric, defaultMapping('mahvan'), { maxRows: 3 });
    expect(reading.account).toMatchObject({ rows: 5, scored: 3, rejected: 2 });
    const d = reading.diagnostics.find((x) => x.code === 'export-too-many-rows');
    expect(d?.message).toContain('more than 3 rows');
    expect(d?.hint).toContain('--max-rows');
  });
});

describe('outputs', () => {
  it('are written atomically: a failed write leaves the old file and no temporary file', async () => {
    const dir = tmp();
    const file = join(dir, 'out.json');
    await writeFileAtomic(file, 'old');
    await expect(writeFileAtomic(file, Symbol('not text') as never)).rejects.toThrow();
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('are the same bytes when a run is repeated', async () => {
    // a slice of the bundled export (its header and first 120 rows: more than ten authorities) is enough to repeat
    const slice = join(tmp(), 'slice.csv');
    writeFileSync(slice, `${readRepoFile('examples', 'data', 'survey-export-2026.csv').split('\n').slice(0, 121).join('\n')}\n`);
    const outputs = [];
    for (const dir of [tmp(), tmp()]) {
      const args = ['--rubric', 'rubrics/il-local-authority-capability.yaml'];
      await run('score', ...args, '--mapping', 'examples/mapping.yaml', slice, '-o', join(dir, 'p.json'));
      await run(
        'recommend',
        ...args,
        '--policy',
        'policies/il-engagement.yaml',
        join(dir, 'p.json'),
        '-o',
        join(dir, 'r.json'),
        '--cohort',
        join(dir, 'c.json'),
      );
      outputs.push(['p.json', 'r.json', 'c.json'].map((f) => readFileSync(join(dir, f), 'utf8')));
    }
    expect(JSON.parse(outputs[0]?.[0] as string).length).toBeGreaterThan(10);
    expect(outputs[1]).toEqual(outputs[0]);
  });
});

describe('reports escape what came from the rubric too', () => {
  it('titles and labels with markup are shown as text', () => {
    const text = readRepoFile('test', 'fixtures', 'policy', 'rubric.yaml')
      .replace('title: Finance', 'title: "<script>alert(1)</script>"')
      .replace('{id: low, label: Low, from: 1}', '{id: low, label: "<img src=x onerror=alert(2)>", from: 1}');
    const evil = mustLoad(text);
    const profile = scoreAssessment(evil, {
      subject: { id: 's' },
      respondents: [{ id: 'r', answers: { FIN: 1, CTRL: 1, HR: 1 } }],
    });
    const html = renderSubjectReport({ rubric: evil, profile, locale: 'en' });
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
