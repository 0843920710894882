import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputTooLargeError, readChunks, readTextFile } from '../src/node/files.js';
import { JsonItemScanner, parseItem } from '../src/source/json-items.js';
import { runCli } from './helpers/cli.js';

const FIX = 'test/fixtures/policy';
const dir = mkdtempSync(join(tmpdir(), 'mahvan-json-bounds-'));

/** The items a scanner finds in text given in chunks of the sizes listed (the rest in one). */
function scan(text: string, sizes: number[] = []): unknown[] {
  const items: unknown[] = [];
  const scanner = new JsonItemScanner((item) => items.push(parseItem(item)));
  let at = 0;
  for (const size of sizes) {
    scanner.push(text.slice(at, at + size));
    at += size;
  }
  scanner.push(text.slice(at));
  scanner.end();
  return items;
}

describe('JsonItemScanner', () => {
  it.each<[string, string, unknown[]]>([
    ['a list', '[{"a":1},{"b":[2,3]}]', [{ a: 1 }, { b: [2, 3] }]],
    ['an empty list', ' [ ] ', []],
    ['nothing', ' \n', []],
    ['one object', '{"a":{"b":"}"}}\n', [{ a: { b: '}' } }]],
    ['NDJSON', '{"a":1}\r\n\n{"a":"x\\"]\\\\"}\n', [{ a: 1 }, { a: 'x"]\\' }]],
    ['scalars in a list', '[1, "a,b", null ,true]', [1, 'a,b', null, true]],
  ])('finds the items of %s', (_name, text, items) => {
    expect(scan(text)).toEqual(items);
    // and the same when each character comes alone
    expect(
      scan(
        text,
        [...text].map(() => 1),
      ),
    ).toEqual(items);
  });

  it.each<[string, string, string]>([
    ['an unclosed list', '[{"a":1},\n{"a":2}', "line 2, column 8: the list is not closed with ']'"],
    ['a mismatched bracket', '[{"a":[1}]', "line 1, column 9: expected ']' but found '}'"],
    ['a trailing comma', '[1,\n]', "line 2, column 1: unexpected ']' after ','"],
    ['text after the list', '[1]\nx', "line 2, column 1: unexpected 'x' after the end of the list"],
    ['an unclosed string', '{"a":"b', 'line 1, column 8: the text ends inside a string'],
    [
      'a bad item, at its own line and column',
      '[\n  {"a":1},\n  {"a" 2}\n]',
      "line 3, column 8: Expected ':' after property name",
    ],
    ['a bad NDJSON line', '{"a":1}\n{"a":}\n', "line 2, column 1: Unexpected token '}'"],
  ])('says where %s is', (_name, text, message) => {
    expect(() => scan(text)).toThrow(SyntaxError);
    expect(() => scan(text)).toThrow(message);
  });
});

describe('files are read within their limit', () => {
  it('reads /dev/zero no further than the limit and one byte more', async () => {
    let read = 0;
    const refusal = () => new InputTooLargeError(1000, 'bytes', '--max-bytes (maxBytes)');
    await expect(
      (async () => {
        for await (const chunk of readChunks('/dev/zero', { maxBytes: 1000, refusal })) read += chunk.length;
      })(),
    ).rejects.toThrow('larger than the limit of 1000 bytes; raise the limit with --max-bytes (maxBytes)');
    expect(read).toBeLessThanOrEqual(1000);
  });

  it('refuses a text file from a device at its limit, naming --max-size', async () => {
    await expect(readTextFile('/dev/zero', { maxSize: 10 })).rejects.toThrow(InputTooLargeError);
    const { status, stdout } = await runCli(['validate', '--max-size', '10', '/dev/zero']);
    expect(status).toBe(1);
    expect(stdout).toMatch(/^\/dev\/zero:1:1 error input-too-large The text is longer than the limit of 10 characters\./);
    expect(stdout).toMatch(/--max-size \(maxSize\)/);
  });
});

describe('profiles and assessments are read item by item', () => {
  const profiles = join(dir, 'profiles.json');
  let list: Record<string, unknown>[];
  beforeAll(async () => {
    const scored = await runCli(['score', '--rubric', `${FIX}/rubric.yaml`, `${FIX}/assessments.json`, '-o', profiles]);
    expect(scored.status).toBe(0);
    list = JSON.parse(readFileSync(profiles, 'utf8'));
  });
  const recommend = (file: string, ...more: string[]) =>
    runCli(['recommend', '--rubric', `${FIX}/rubric.yaml`, '--policy', `${FIX}/policy.yaml`, file, ...more]);

  it('refuses a profiles file over --max-bytes, naming the option', async () => {
    const size = readFileSync(profiles).length;
    const refused = await recommend(profiles, '--max-bytes', String(size - 1));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      `mahvan: cannot read ${profiles}: it is larger than the limit of ${size - 1} bytes; raise the limit with --max-bytes (maxBytes) if the file is genuine\n`,
    );
    expect((await recommend(profiles, '--max-bytes', String(size))).status).toBe(0);
  });

  it('refuses assessments over --max-bytes in mahvan score', async () => {
    const refused = await runCli(['score', '--rubric', `${FIX}/rubric.yaml`, `${FIX}/assessments.json`, '--max-bytes', '10']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/larger than the limit of 10 bytes; raise the limit with --max-bytes \(maxBytes\)/);
  });

  it('reads a list, pretty or compact, and NDJSON alike; a refused field is at its line and column', async () => {
    const expected = await recommend(profiles);
    for (const [name, text] of [
      ['pretty.json', JSON.stringify(list, null, 2)],
      ['lines.ndjson', list.map((p) => JSON.stringify(p)).join('\n')],
    ]) {
      const file = join(dir, name as string);
      writeFileSync(file, text as string);
      expect((await recommend(file)).stdout).toBe(expected.stdout);
    }
    // the second profile's respondents as a string: line and column counted by hand in the pretty text
    const broken = [list[0], { ...list[1], respondents: 'two' }];
    const pretty = join(dir, 'broken.json');
    const text = JSON.stringify(broken, null, 2);
    writeFileSync(pretty, text);
    const lines = text.split('\n');
    const line = lines.indexOf('    "respondents": "two",') + 1;
    const refused = await recommend(pretty);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`^${pretty}:${line}:20 error document-shape`));
    const ndjson = join(dir, 'broken.ndjson');
    writeFileSync(ndjson, broken.map((p) => JSON.stringify(p)).join('\n'));
    const column = JSON.stringify(broken[1]).indexOf('"two"') + 1;
    expect((await recommend(ndjson)).stderr).toMatch(new RegExp(`^${ndjson}:2:${column} error document-shape`));
  });

  it('reads UTF-8 split across chunks, and names the offset of a bad byte past the first chunk', async () => {
    // names of 3-byte characters, far past the 1 MiB chunk: some character straddles a chunk's end
    const named = Array.from({ length: 400 }, (_, i) => ({
      ...list[i % 2],
      subject: { ...(list[i % 2] as { subject: object }).subject, id: `s${i}`, name: 'ע'.repeat(1500) },
    }));
    const file = join(dir, 'hebrew.ndjson');
    const text = named.map((p) => JSON.stringify(p)).join('\n');
    writeFileSync(file, text);
    const read = await recommend(file, '--format', 'ndjson');
    expect(read.status).toBe(0);
    expect(read.stdout.trimEnd().split('\n')).toHaveLength(400);
    const bytes = Buffer.from(text);
    const bad = bytes.indexOf(Buffer.from('s300'));
    bytes[bad] = 0xff;
    writeFileSync(file, bytes);
    const refused = await recommend(file);
    expect(refused.stderr).toBe(
      `mahvan: cannot read ${file}: it is not UTF-8 text (the bytes at offset ${bad} are not valid); save it as UTF-8\n`,
    );
  });
});

describe('streamed reading is whole reading', () => {
  const value = fc.jsonValue({ maxDepth: 3 });
  it('finds the items JSON.parse finds, whatever the chunks, as a list or as NDJSON', () => {
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.string(), value), { maxLength: 8 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 30 }),
        (items, ndjson, sizes) => {
          const text = ndjson ? items.map((i) => JSON.stringify(i)).join('\n') : JSON.stringify(items, null, 1);
          const whole = ndjson ? items.map((i) => JSON.parse(JSON.stringify(i))) : JSON.parse(text);
          expect(scan(text, sizes)).toEqual(whole);
        },
      ),
      { numRuns: 300 },
    );
  });
});
