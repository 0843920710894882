/**
 * JSON.stringify(value, null, 2) in pieces, for a document too large to hold as one string (a cohort summary of
 * tens of thousands of subjects is hundreds of megabytes, twice that as text with one Hebrew letter in it):
 * the lists and objects of the first `depth` levels are written here, what is below them by JSON.stringify,
 * indented to its place. The pieces joined are JSON.stringify's text.
 */
export function* jsonPieces(value: unknown, depth = 2, pad = ''): Generator<string> {
  if (depth === 0 || value === null || typeof value !== 'object' || 'toJSON' in value) {
    const text = JSON.stringify(value, null, 2) ?? 'null';
    // JSON escapes line breaks inside strings: every one left is between lines of the layout
    yield pad ? text.replaceAll('\n', `\n${pad}`) : text;
    return;
  }
  const inner = `${pad}  `;
  const list = Array.isArray(value);
  const entries = list
    ? value.map((v) => [undefined, v] as const)
    : Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) {
    yield list ? '[]' : '{}';
    return;
  }
  yield list ? '[\n' : '{\n';
  for (let k = 0; k < entries.length; k++) {
    const [key, v] = entries[k] as readonly [string | undefined, unknown];
    yield key === undefined ? inner : `${inner}${JSON.stringify(key)}: `;
    yield* jsonPieces(v, depth - 1, inner);
    yield k < entries.length - 1 ? ',\n' : '\n';
  }
  yield `${pad}${list ? ']' : '}'}`;
}
