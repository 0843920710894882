/**
 * The commonest conditions run without the JSON Logic engine: a comparison of node operators with literal ids
 * and literal values (`{"<": [{score: D1}, 2]}`), a node operator alone, and a count or test over a tier's
 * nodes (`{"<=": [1, {length: {filter: [{nodes: domain}, {"<": [{var: score}, 2.5]}]}}, 3]}`). Levers ask the policy for a track
 * once per answered indicator of every profile, and the engine's generic path then dominates. What is run is
 * what the engine would call (the same operator and comparison functions, given the same operands), so results
 * and errors are the same; anything else is left to the engine (null).
 */

/** Reads one node of the data, as the node operators do: the operator, the node id. */
export type ReadNode<D> = (op: string, data: D, id: string) => unknown;
/** A comparison of operands already evaluated. */
export type Compare = (op: string, values: readonly unknown[]) => boolean;

/**
 * Reads the nodes of a tier as the `nodes` operator lists them (the nodes the profile has, in rubric order):
 * `count` says how many there are and for how many `test` holds; `field` reads one field of a listed node as
 * `{var: field}` reads it there, or is undefined for a field it does not handle (then the engine runs it).
 */
export interface ReadTier<D, N> {
  count(data: D, tier: string, test: (node: N) => boolean): { matched: number; total: number };
  field(name: string): ((node: N) => unknown) | undefined;
}

type Run<D> = (data: D) => unknown;

/** A function that runs `logic` as the engine would, or null when it is not one of the forms handled here. */
export function directCondition<D, N = never>(
  logic: object,
  nodeOperators: ReadonlySet<string>,
  comparisons: ReadonlySet<string>,
  read: ReadNode<D>,
  compare: Compare,
  tiers?: ReadTier<D, N>,
): Run<D> | null {
  const op = onlyKey(logic);
  if (op === undefined) return null;
  const args = (logic as Record<string, unknown>)[op];
  if (nodeOperators.has(op)) return nodeOperand(op, args, read);
  // `length` of a filter: alone when a reason gives the value of the operand
  const count = (operand: unknown) => {
    const filter = tiers && typeof operand === 'object' && operand !== null ? onlyKey(operand) : undefined;
    return tiers && filter === 'filter'
      ? tierTest('filter', (operand as Record<string, unknown>).filter, comparisons, compare, tiers)
      : null;
  };
  if (op === 'length') return count(args);
  if (tiers && TIER_TESTS.has(op)) return tierTest(op, args, comparisons, compare, tiers);
  if (!comparisons.has(op)) return null;
  return comparison(op, args, compare, (arg) => {
    const key = typeof arg === 'object' && arg !== null ? onlyKey(arg) : undefined;
    if (key === undefined) return null;
    const operand = (arg as Record<string, unknown>)[key];
    if (nodeOperators.has(key)) return nodeOperand(key, operand, read);
    return key === 'length' ? count(operand) : null;
  });
}

/** A comparison whose operands are literals or what `operandOf` runs (null: not a form handled here). */
function comparison<T>(
  op: string,
  args: unknown,
  compare: Compare,
  operandOf: (arg: unknown) => ((data: T) => unknown) | null,
): ((data: T) => boolean) | null {
  if (!Array.isArray(args)) return null;
  const operands: (((data: T) => unknown) | { literal: unknown })[] = [];
  for (const arg of args) {
    const run = isLiteral(arg) ? { literal: arg } : operandOf(arg);
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

/**
 * `{filter: [{nodes: T}, test]}` (as the operand of `length`: how many), `{some|all|none: [{nodes: T}, test]}`,
 * where the test compares fields of the node (`{var: score}`) with literals. JSON Logic's `all` of an empty
 * list is false.
 */
const TIER_TESTS = new Set(['some', 'all', 'none']);
function tierTest<D, N>(
  op: string,
  args: unknown,
  comparisons: ReadonlySet<string>,
  compare: Compare,
  tiers: ReadTier<D, N>,
): Run<D> | null {
  if (!Array.isArray(args) || args.length !== 2) return null;
  const [list, test] = args as [unknown, unknown];
  const listOp = typeof list === 'object' && list !== null ? onlyKey(list) : undefined;
  const tier = listOp === 'nodes' ? nodeId((list as Record<string, unknown>).nodes) : undefined;
  const testOp = typeof test === 'object' && test !== null ? onlyKey(test) : undefined;
  if (tier === undefined || testOp === undefined || !comparisons.has(testOp)) return null;
  const holds = comparison<N>(testOp, (test as Record<string, unknown>)[testOp], compare, (arg) => {
    const key = typeof arg === 'object' && arg !== null ? onlyKey(arg) : undefined;
    const name = key === 'var' ? (arg as Record<string, unknown>).var : undefined;
    return typeof name === 'string' ? (tiers.field(name) ?? null) : null;
  });
  if (!holds) return null;
  if (op === 'filter') return (data) => tiers.count(data, tier, holds).matched;
  if (op === 'some') return (data) => tiers.count(data, tier, holds).matched > 0;
  if (op === 'none') return (data) => tiers.count(data, tier, holds).matched === 0;
  return (data) => {
    const { matched, total } = tiers.count(data, tier, holds);
    return total > 0 && matched === total;
  };
}

/** `{score: D1}` or `{score: [D1]}`: the node operator with its id given as text. */
function nodeOperand<D>(op: string, args: unknown, read: ReadNode<D>): Run<D> | null {
  const id = nodeId(args);
  return id === undefined ? null : (data) => read(op, data, id);
}

/** The id of `{op: id}` or `{op: [id]}` given as text. */
function nodeId(args: unknown): string | undefined {
  const id = Array.isArray(args) ? (args.length === 1 ? args[0] : undefined) : args;
  return typeof id === 'string' ? id : undefined;
}

const isLiteral = (v: unknown) => v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';

function onlyKey(logic: object): string | undefined {
  if (Array.isArray(logic)) return undefined;
  const keys = Object.keys(logic);
  return keys.length === 1 ? keys[0] : undefined;
}
