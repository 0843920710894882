import { defineScalarTag, FAILSAFE_SCHEMA, load, NOT_RESOLVED, Schema } from 'js-yaml';

/**
 * Reading YAML without positions, for the common case of a valid file. The `yaml` package keeps every node's
 * place (what diagnostics point at) but takes 60–100 ms on a 60 KB rubric in a fresh process; js-yaml reads
 * the same text in about 20. So a text is read here first, and by `yaml` only when something must be
 * located, or when the text is one this reader leaves to `yaml`: any error, anchors and aliases, tags,
 * directives, tabs, too deep or with a forbidden key. A property test holds the two readers
 * to the same data wherever this one answers.
 */

// Plain scalars resolve by the rules of `yaml`'s core schema (yaml/dist/schema/core), copied here so both
// readers give the same values: js-yaml's own core tags accept a few more spellings (0b…, +0x…).
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const DIGITS = [...'0123456789'];

const coreSchema = new Schema([
  ...FAILSAFE_SCHEMA.tags,
  defineScalarTag('tag:yaml.org,2002:null', {
    implicit: true,
    implicitFirstChars: ['', '~', 'n', 'N'],
    resolve: (s) => (NULL.test(s) ? null : NOT_RESOLVED),
    identify: (v) => v === null,
  }),
  defineScalarTag('tag:yaml.org,2002:bool', {
    implicit: true,
    implicitFirstChars: ['t', 'T', 'f', 'F'],
    resolve: (s) => (BOOL.test(s) ? s[0] === 't' || s[0] === 'T' : NOT_RESOLVED),
    identify: (v) => typeof v === 'boolean',
  }),
  defineScalarTag('tag:yaml.org,2002:int', {
    implicit: true,
    implicitFirstChars: ['-', '+', ...DIGITS],
    resolve: (s) =>
      OCT.test(s)
        ? parseInt(s.slice(2), 8)
        : HEX.test(s)
          ? parseInt(s.slice(2), 16)
          : INT.test(s)
            ? parseInt(s, 10)
            : NOT_RESOLVED,
    identify: (v) => Number.isInteger(v),
  }),
  defineScalarTag('tag:yaml.org,2002:float', {
    implicit: true,
    implicitFirstChars: ['-', '+', '.', ...DIGITS],
    resolve: (s) =>
      FLOAT_SPECIAL.test(s)
        ? s.slice(-3).toLowerCase() === 'nan'
          ? Number.NaN
          : s[0] === '-'
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY
        : FLOAT.test(s)
          ? parseFloat(s)
          : NOT_RESOLVED,
    identify: (v) => typeof v === 'number',
  }),
]);

// left to `yaml`: anchors and aliases (it bounds their expansion); a tag (`!x`, `!!str`) or a directive
// (`%YAML 1.1`) changes how it reads what follows; it warns of tabs where js-yaml is silent; the two differ on
// block scalars with an indentation indicator (`|2`), on a carriage return alone (a line break to js-yaml, not
// to `yaml`) and on an indented `---` or `...` (a document marker to js-yaml, text to `yaml`)
const LEFT_TO_YAML = /(?:^|[\s[{,])[!&*]|^%|\t|[|>][-+]?[1-9]|\r(?!\n)|^ +(?:---|\.\.\.)(?![^\s])/m;

/**
 * The data of `text`, or undefined when `yaml` must read it: on any problem, or a feature left to `yaml`.
 * Collections nest at most `maxDepth` deep and no key may be one of `forbiddenKeys` (the checks of parseYaml).
 */
export function readFast(text: string, maxDepth: number, forbiddenKeys: ReadonlySet<string>): unknown {
  if (LEFT_TO_YAML.test(text)) return undefined;
  let data: unknown;
  try {
    data = load(text, { schema: coreSchema, maxAliases: 0, maxDepth: maxDepth + 1 });
  } catch {
    return undefined;
  }
  return data === undefined || !plainTree(data, maxDepth, forbiddenKeys) ? undefined : data;
}

/** Whether `data` nests collections less than `maxDepth` deep and has no forbidden key. */
function plainTree(root: unknown, maxDepth: number, forbiddenKeys: ReadonlySet<string>): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth) return false;
    if (Array.isArray(value)) {
      for (const item of value) stack.push([item, depth + 1]);
      continue;
    }
    for (const key of Object.keys(value)) {
      // 'null' is also what js-yaml makes of an empty or null key, which `yaml` reads as '' or refuses
      if (forbiddenKeys.has(key) || key === 'null') return false;
      stack.push([(value as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return true;
}
