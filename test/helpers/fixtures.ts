import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

/** Reads a file under the repository root. */
export const readRepoFile = (...parts: string[]) => readFileSync(join(ROOT, ...parts), 'utf8');

/** The YAML files of a folder under the repository root and its subfolders, as [relative name, path] pairs. */
export function yamlFiles(...parts: string[]): [string, string][] {
  const dir = join(ROOT, ...parts);
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => [f, join(dir, f)]);
}

/** An invalid-rubric fixture: its expected code and position come from its first line. */
export interface InvalidFixture {
  name: string;
  text: string;
  code: string;
  line: number;
  column: number;
  limits: Record<string, number>;
}

export function invalidFixtures(): InvalidFixture[] {
  return yamlFiles('test', 'fixtures', 'rubrics', 'invalid').map(([name, path]) => {
    const text = readFileSync(path, 'utf8');
    const expect = /^# expect: (\S+) (\d+):(\d+)/.exec(text);
    if (!expect) throw new Error(`${name}: first line must be '# expect: CODE LINE:COL'`);
    const limits = /^# limits: (\{.*\})$/m.exec(text);
    return {
      name,
      text,
      code: expect[1] as string,
      line: Number(expect[2]),
      column: Number(expect[3]),
      limits: limits ? JSON.parse(limits[1] as string) : {},
    };
  });
}
