import { FAILSAFE_SCHEMA, type LoadOptions, load, Type } from 'js-yaml';

/**
 * Reading YAML without positions, for the common case of a valid file. The `yaml` package keeps every node's
 * place (what diagnostics point at) but takes 110–150 ms on a 63 KB rubric in a fresh process; js-yaml reads
 * the same text in 20–35. So a text is read here first, and by `yaml` only when something must be
 * located, or when the text is one this reader leaves to `yaml`: any error, anchors and aliases, tags,
 * directives, tabs, too deep or with a forbidden key. A property test holds the two readers
 * to the same data wherever this one answers.
 */

// Plain scalars resolve by the rules of `yaml`'s core schema (yaml/dist/schema/core), copied here so both
// readers give the same values: js-yaml's own core types accept a few more spellings (0b…, +0x…, 1_000).
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** Whether a plain scalar could be a number: most are words, which this rules out before any pattern runs. */
const mayBeNumber = (s: string): boolean => {
  const c = s.charCodeAt(0);
  return (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46; // 0-9 + - .
};

/** An implicit scalar type: js-yaml tries each on every plain scalar, in order, until one resolves. */
const scalar = (tag: string, resolve: (s: string) => boolean, construct: (s: string) => unknown) =>
  new Type(`tag:yaml.org,2002:${tag}`, { kind: 'scalar', resolve, construct });

const coreSchema = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar(
      'null',
      (s) => s.length <= 4 && NULL.test(s),
      () => null,
    ),
    scalar(
      'bool',
      (s) => s.length <= 5 && BOOL.test(s),
      (s) => s[0] === 't' || s[0] === 'T',
    ),
    scalar(
      'int',
      (s) => mayBeNumber(s) && (INT.test(s) || OCT.test(s) || HEX.test(s)),
      (s) => (OCT.test(s) ? parseInt(s.slice(2), 8) : HEX.test(s) ? parseInt(s.slice(2), 16) : parseInt(s, 10)),
    ),
    scalar(
      'float',
      (s) => mayBeNumber(s) && (FLOAT.test(s) || FLOAT_SPECIAL.test(s)),
      (s) =>
        FLOAT.test(s)
          ? parseFloat(s)
          : s.slice(-3).toLowerCase() === 'nan'
            ? Number.NaN
            : s[0] === '-'
              ? Number.NEGATIVE_INFINITY
              : Number.POSITIVE_INFINITY,
    ),
  ],
});

// left to `yaml`: anchors and aliases (their expansion is bounded there), also right after the ':' of a quoted
// key in braces (`{"a":*x}`), where js-yaml expanded them unbounded; a tag (`!x`, `!!str`) or a directive
// (`%YAML 1.1`) changes how it reads what follows; it warns of tabs where js-yaml is silent; the two differ on
// block scalars with an indentation indicator (`|2`), on a carriage return alone (a line break to js-yaml, not
// to `yaml`), on an indented `---` or `...` (a document marker to js-yaml, text to `yaml`), on `---` with more
// after it on its line (`----` is a text to `yaml`, a marker and a list to js-yaml) and on a key that is
// a collection (`? [a, b]`, `{a: 1}: x`), which each turns into a text of its own; and js-yaml takes a comment
// right after a closing quote or bracket (`"x"# c`), which `yaml` rejects
const LEFT_TO_YAML =
  /(?:^|[\s[{,])(?:[!&*]|\?(?!\S))|:[!&*]|^%|\t|[|>][-+]?[1-9]|\r(?!\n)|^ +(?:---|\.\.\.)(?!\S)|^(?:---|\.\.\.)\S|[\]}] *:(?!\S)|[\]}"']#/m;

/**
 * The data of `text`, or undefined when `yaml` must read it: on any problem, or a feature left to `yaml`.
 * Collections nest at most `maxDepth` deep and no key may be one of `forbiddenKeys` (the checks of parseYaml).
 */
export function readFast(text: string, maxDepth: number, forbiddenKeys: ReadonlySet<string>): unknown {
  if (LEFT_TO_YAML.test(text)) return undefined;
  let data: unknown;
  try {
    // js-yaml 4.3 bounds nesting (`maxDepth`), an option its types predate. What it only warns of (a line
    // continuing a quoted text or a flow collection indented too little) `yaml` rejects, so a warning declines.
    data = load(text, { schema: coreSchema, maxDepth: maxDepth + 1, onWarning: decline } as LoadOptions);
  } catch {
    return undefined;
  }
  return data === undefined || !plainTree(data, maxDepth, forbiddenKeys) ? undefined : data;
}

const decline = (warning: Error): never => {
  throw warning;
};

/** Whether `value` nests collections less than `maxDepth` deep and has no forbidden key. */
function plainTree(value: unknown, maxDepth: number, forbiddenKeys: ReadonlySet<string>, depth = 0): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (depth >= maxDepth) return false;
  if (Array.isArray(value)) return value.every((item) => plainTree(item, maxDepth, forbiddenKeys, depth + 1));
  for (const key of Object.keys(value)) {
    // 'null' is also what js-yaml makes of an empty or null key, which `yaml` reads as '' or refuses
    if (forbiddenKeys.has(key) || key === 'null') return false;
    if (!plainTree((value as Record<string, unknown>)[key], maxDepth, forbiddenKeys, depth + 1)) return false;
  }
  return true;
}
