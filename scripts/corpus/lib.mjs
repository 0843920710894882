// Shared helpers of the corpus converters (scripts/corpus/<model>.mjs): each reads unchanged model data from
// third_party/<model>/ and writes rubrics/<model>/ (the rubric, its LICENSE and a NOTICE.md). Deterministic:
// no dates, no environment, sorted input, so running a converter twice gives byte-identical files.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The first line of every generated rubric: lets editors validate it against the committed JSON Schema. */
export const MODELINE = '# yaml-language-server: $schema=../../schema/rubric.schema.json';

/** Reads a text file under third_party/<model>/. */
export const readThirdParty = (model, ...parts) => readFileSync(join(ROOT, 'third_party', model, ...parts), 'utf8');

/** Parses every YAML file of a third_party folder, sorted by file name. */
export function readYamlDir(model, ...parts) {
  const dir = join(ROOT, 'third_party', model, ...parts);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, data: YAML.parse(readFileSync(join(dir, file), 'utf8')) }));
}

/** Lowercase ASCII words joined by '-': "Build and Deployment" → "build-and-deployment". */
export function slug(text) {
  const s = String(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (!s) throw new Error(`cannot make an id from '${text}'`);
  return s;
}

/** Trims a text and drops trailing whitespace on each line; undefined for empty or missing text. */
export function text(value) {
  if (value === undefined || value === null) return undefined;
  const t = String(value)
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
  return t === '' ? undefined : t;
}

/** Drops undefined values (and empty arrays) from an object, keeping key order. */
export function compact(object) {
  const out = {};
  for (const [k, v] of Object.entries(object)) {
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out;
}

const FLOW_WIDTH = 90;

/** A collection of scalars short enough to read on one line. */
function isShortFlat(node) {
  const values = YAML.isMap(node) ? node.items.map((p) => p.value) : node.items;
  if (!values.every((v) => YAML.isScalar(v) && !(typeof v.value === 'string' && v.value.includes('\n')))) return false;
  return JSON.stringify(node.toJSON()).length < FLOW_WIDTH;
}

/** The rubric as YAML: modeline, a header comment, then the document; short flat maps and lists in flow style. */
export function rubricText(rubric, header) {
  const doc = new YAML.Document(rubric, { aliasDuplicateObjects: false });
  YAML.visit(doc, {
    Map(_, node) {
      if (node !== doc.contents && isShortFlat(node)) node.flow = true;
    },
    Seq(_, node) {
      if (isShortFlat(node)) node.flow = true;
    },
  });
  const comment = header.map((line) => (line ? `# ${line}` : '#'));
  return `${[MODELINE, ...comment].join('\n')}\n${doc.toString({ lineWidth: 120, minContentWidth: 40 })}`;
}

/** Throws when two nodes of the tree share an id (node ids share one namespace in a rubric). */
export function assertUniqueIds(nodes) {
  const seen = new Set();
  const visit = (n) => {
    if (seen.has(n.id)) throw new Error(`duplicate node id '${n.id}'`);
    seen.add(n.id);
    for (const c of n.children ?? []) visit(c);
  };
  nodes.forEach(visit);
}

/**
 * Runs a converter from the command line: writes its files to rubrics/<model>/ (or --out DIR); with --check,
 * writes nothing and exits 1 when a committed file differs from a fresh conversion.
 */
export function runWhenMain(metaUrl, model, convert) {
  if (!process.argv[1] || pathToFileURL(resolve(process.argv[1])).href !== metaUrl) return;
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? resolve(args[outIndex + 1] ?? '.') : join(ROOT, 'rubrics', model);
  const files = convert();
  if (args.includes('--check')) {
    const stale = Object.entries(files).filter(([name, content]) => {
      try {
        return readFileSync(join(out, name), 'utf8') !== content;
      } catch {
        return true;
      }
    });
    for (const [name] of stale) console.error(`stale: ${join(out, name)}`);
    process.exitCode = stale.length ? 1 : 0;
    return;
  }
  mkdirSync(out, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(out, name), content);
    console.log(`wrote ${relative(process.cwd(), join(out, name))}`);
  }
}
