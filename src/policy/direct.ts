/**
 * The commonest conditions run without the JSON Logic engine: a comparison of node operators with literal ids
 * and literal values (`{"<": [{score: D1}, 2]}`), and a node operator alone. Levers ask the policy for a track
 * once per answered indicator of every profile, and the engine's generic path then dominates. What is run is
 * what the engine would call (the same operator and comparison functions, given the same operands), so results
 * and errors are the same; anything else is left to the engine (null).
 */

/** Reads one node of the data, as the node operators do: the operator, the node id. */
export type ReadNode<D> = (op: string, data: D, id: string) => unknown;
/** A comparison of operands already evaluated. */
export type Compare = (op: string, values: readonly unknown[]) => boolean;

type Run<D> = (data: D) => unknown;

/** A function that runs `logic` as the engine would, or null when it is not one of the forms handled here. */
export function directCondition<D>(
  logic: object,
  nodeOperators: ReadonlySet<string>,
  comparisons: ReadonlySet<string>,
  read: ReadNode<D>,
  compare: Compare,
): Run<D> | null {
  const op = onlyKey(logic);
  if (op === undefined) return null;
  const args = (logic as Record<string, unknown>)[op];
  if (nodeOperators.has(op)) return nodeOperand(op, args, read);
  if (!comparisons.has(op) || !Array.isArray(args)) return null;
  const operands: (Run<D> | { literal: unknown })[] = [];
  for (const arg of args) {
    if (isLiteral(arg)) {
      operands.push({ literal: arg });
      continue;
    }
    const key = typeof arg === 'object' && arg !== null ? onlyKey(arg) : undefined;
    const run =
      key !== undefined && nodeOperators.has(key) ? nodeOperand(key, (arg as Record<string, unknown>)[key], read) : null;
    if (!run) return null;
    operands.push(run);
  }
  // one list of values, filled afresh each run: compare reads it and keeps nothing
  const values: unknown[] = operands.map((o) => (typeof o === 'function' ? undefined : o.literal));
  const reads = operands.flatMap((o, k) => (typeof o === 'function' ? [[k, o] as const] : []));
  return (data) => {
    for (const [k, run] of reads) values[k] = run(data);
    return compare(op, values);
  };
}

/** `{score: D1}` or `{score: [D1]}`: the node operator with its id given as text. */
function nodeOperand<D>(op: string, args: unknown, read: ReadNode<D>): Run<D> | null {
  const id = Array.isArray(args) ? (args.length === 1 ? args[0] : undefined) : args;
  if (typeof id !== 'string') return null;
  return (data) => read(op, data, id);
}

const isLiteral = (v: unknown) => v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';

function onlyKey(logic: object): string | undefined {
  if (Array.isArray(logic)) return undefined;
  const keys = Object.keys(logic);
  return keys.length === 1 ? keys[0] : undefined;
}
