import { LogicEngine } from 'json-logic-engine';
import type { CompiledRubric } from '../rubric/compile.js';
import { nodeOf } from '../score/build-profile.js';
import { percentOf } from '../score/levels.js';
import type { NodeResult, Profile } from '../score/profile.js';
import { scoringTables } from '../score/tables.js';
import { ownValue } from '../text/own.js';
import { directCondition, type ReadTier } from './direct.js';

/**
 * The condition language of policies: JSON Logic (https://jsonlogic.com), run by json-logic-engine, plus
 * operators that read a capability profile. JSON Logic is data, so a condition is plain YAML that can be
 * validated, versioned and diffed, and it never runs code. Two departures, both so a missing number never
 * decides a track: comparisons (<, <=, >, >=) are false when an operand is null or missing (JSON Logic would
 * coerce null to 0), and `change` is null without a previous wave.
 */

/** What a condition reads: the profile, and the previous wave's profile when there is one. */
export interface ConditionData {
  profile: Profile;
  previous?: Profile;
}

/** mahvan's operators over a profile; each reads one node (or `overall`) unless said otherwise. */
export const NODE_OPERATORS = ['score', 'percent', 'level', 'gap', 'target', 'coverage', 'confidence', 'change'] as const;
export const PROFILE_OPERATORS = [...NODE_OPERATORS, 'flag', 'attribute', 'nodes'] as const;
export type NodeOperator = (typeof NODE_OPERATORS)[number];

const COMPARISONS = ['<', '<=', '>', '>='] as const;

/** A single operand written bare (`{score: D1}`) or as a one-item list (`{score: [D1]}`). */
const first = (args: unknown): unknown => (Array.isArray(args) ? args[0] : args);

function readNode(op: NodeOperator, data: ConditionData, id: string, compiled: CompiledRubric): unknown {
  const node = nodeOf(data.profile, id);
  if (!node) return null;
  switch (op) {
    case 'score':
      return node.score;
    case 'percent':
      return percentOfNode(compiled, id, node);
    case 'level':
      return node.level;
    case 'gap':
      return node.gap ?? null;
    case 'target':
      return node.target ?? null;
    case 'coverage':
      return node.coverage;
    case 'confidence':
      return node.confidence;
    case 'change': {
      const before = data.previous ? nodeOf(data.previous, id)?.score : null;
      return before == null || node.score === null ? null : node.score - before;
    }
  }
}

/** A node's score on 0–100 over its range. */
function percentOfNode(compiled: CompiledRubric, id: string, node: NodeResult): number | null {
  const t = scoringTables(compiled);
  const i = t.stepOf.get(id);
  return i === undefined ? null : percentOf(node.score, [t.min[i] as number, t.max[i] as number]);
}

/** A node of a tier with its result; `range` is its score range (for `percent`). */
interface TierNode {
  id: string;
  range: readonly [number, number] | undefined;
  result: NodeResult;
}

/** The fields of a node as `nodes` lists it, for filter / some / all over a tier: each read one way, here. */
const VIEW_FIELDS: Record<string, (n: TierNode) => unknown> = {
  id: (n) => n.id,
  score: (n) => n.result.score,
  percent: (n) => (n.range ? percentOf(n.result.score, n.range) : null),
  level: (n) => n.result.level,
  gap: (n) => n.result.gap ?? null,
  coverage: (n) => n.result.coverage,
  confidence: (n) => n.result.confidence,
  flags: (n) => n.result.flags,
};
const VIEW_ENTRIES = Object.entries(VIEW_FIELDS);
const nodeView = (n: TierNode) => Object.fromEntries(VIEW_ENTRIES.map(([name, read]) => [name, read(n)]));
/** Fields a condition compares directly: those with a single value (flags is a list). */
const directField = (name: string) => (name !== 'flags' && Object.hasOwn(VIEW_FIELDS, name) ? VIEW_FIELDS[name] : undefined);

/** Chained comparison, false when any operand is not a value. */
function compare(op: (typeof COMPARISONS)[number], values: readonly unknown[]): boolean {
  if (values.length < 2 || values.some((v) => v === null || v === undefined)) return false;
  for (let i = 1; i < values.length; i++) {
    const a = values[i - 1] as number;
    const b = values[i] as number;
    const holds = op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
    if (!holds) return false;
  }
  return true;
}

/** Runs conditions against profiles; one per loaded policy. */
export interface ConditionEngine {
  /** The rubric whose profiles it reads. */
  compiled: CompiledRubric;
  run(logic: unknown, data: ConditionData): unknown;
  /** Every operator name it knows, for checks and suggestions. */
  operators: readonly string[];
}

export function createConditionEngine(compiled: CompiledRubric): ConditionEngine {
  const engine = new LogicEngine();
  // The profile being judged. Operators inside filter/some/all receive the list item as context, so the
  // profile is kept here for the duration of one synchronous run.
  let current: ConditionData | undefined;
  const data = () => current as ConditionData;
  const dynamic = { deterministic: false };

  for (const op of NODE_OPERATORS)
    engine.addMethod(op, (args: unknown) => readNode(op, data(), String(first(args)), compiled), dynamic);
  engine.addMethod(
    'flag',
    (args: unknown) => {
      const [flag, id] = Array.isArray(args) ? args : [args];
      const nodes =
        id === undefined
          ? [data().profile.overall, ...Object.values(data().profile.nodes)]
          : [nodeOf(data().profile, String(id))];
      return nodes.some((n) => n?.flags.includes(flag as never) ?? false);
    },
    dynamic,
  );
  engine.addMethod(
    'attribute',
    (args: unknown) => ownValue(data().profile.subject.attributes, String(first(args))) ?? null,
    dynamic,
  );
  // each tier's nodes, in rubric order, with their ranges, found once: a condition over a tier runs for every
  // lever of every profile
  const t = scoringTables(compiled);
  const tiers = new Map<string, { id: string; range: [number, number] | undefined }[]>();
  for (const { id, tier } of compiled.nodes) {
    const i = t.stepOf.get(id);
    const range = i === undefined ? undefined : ([t.min[i], t.max[i]] as [number, number]);
    tiers.set(tier, [...(tiers.get(tier) ?? []), { id, range }]);
  }
  engine.addMethod(
    'nodes',
    (args: unknown) => {
      const { nodes } = data().profile;
      return (tiers.get(String(first(args))) ?? []).flatMap(({ id, range }) => {
        const result = nodes[id];
        return result ? [nodeView({ id, range, result })] : [];
      });
    },
    dynamic,
  );
  // the same nodes for conditions run directly: one scratch node, refilled, so a count allocates nothing
  const scratch = { id: '', range: undefined, result: undefined } as unknown as TierNode;
  const tierReader: ReadTier<ConditionData, TierNode> = {
    count(input, tier, test) {
      const { nodes } = input.profile;
      let [matched, total] = [0, 0];
      for (const { id, range } of tiers.get(tier) ?? []) {
        const result = nodes[id];
        if (!result) continue;
        total++;
        scratch.id = id;
        scratch.range = range;
        scratch.result = result;
        if (test(scratch)) matched++;
      }
      return { matched, total };
    },
    field: directField,
  };
  for (const op of COMPARISONS)
    engine.addMethod(op, (args: unknown) => compare(op, Array.isArray(args) ? args : [args]), dynamic);

  // conditions run without the engine when they can be, each found once (a policy's are the same objects throughout)
  const directs = new WeakMap<object, ((data: ConditionData) => unknown) | null>();
  const read = (op: string, data: ConditionData, id: string) => readNode(op as NodeOperator, data, id, compiled);
  const directOf = (logic: object) => {
    let direct = directs.get(logic);
    if (direct === undefined) {
      direct = directCondition(
        logic,
        new Set(NODE_OPERATORS),
        new Set(COMPARISONS),
        read,
        (op, values) => compare(op as (typeof COMPARISONS)[number], values),
        tierReader,
      );
      directs.set(logic, direct);
    }
    return direct;
  };
  const conditions: ConditionEngine = {
    compiled,
    operators: Object.keys(engine.methods).sort(),
    run(logic, input) {
      const direct = typeof logic === 'object' && logic !== null ? directOf(logic) : null;
      if (direct) return direct(input);
      current = input;
      try {
        return engine.run(logic, {});
      } finally {
        current = undefined;
      }
    },
  };
  directsOf.set(conditions, (logic) => (typeof logic === 'object' && logic !== null ? directOf(logic) : null));
  return conditions;
}

/** Each engine's direct function of a condition, or null: for holdsFunction, which looks it up once. */
const directsOf = new WeakMap<ConditionEngine, (logic: unknown) => ((data: ConditionData) => unknown) | null>();

/** JSON Logic's truthiness: empty lists are false. */
export const truthy = (value: unknown): boolean => (Array.isArray(value) ? value.length > 0 : Boolean(value));

/** The operator of a JSON Logic expression, or undefined for a literal. */
export function operatorOf(logic: unknown): string | undefined {
  if (logic === null || typeof logic !== 'object' || Array.isArray(logic)) return undefined;
  const keys = Object.keys(logic);
  return keys.length === 1 ? keys[0] : undefined;
}

/** The operands of an expression as a list (a bare operand becomes a one-item list). */
export function operandsOf(logic: Record<string, unknown>, op: string): unknown[] {
  const args = logic[op];
  return Array.isArray(args) ? args : [args];
}

const INFIX: Record<string, string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥', '==': '=', '===': '=', '!=': '≠', '!==': '≠' };

/** Conditions already rendered: a policy's conditions are the same objects for every profile it judges. */
const rendered = new WeakMap<object, string>();

/** A condition as readable text: `score(MG.FIN) ≤ 1.5 and attribute(sector) in [arab, druze]`. */
export function renderCondition(logic: unknown): string {
  if (typeof logic !== 'object' || logic === null) return renderLiteral(logic);
  const known = rendered.get(logic);
  if (known !== undefined) return known;
  const text = renderText(logic);
  rendered.set(logic, text);
  return text;
}

function renderText(logic: object): string {
  const op = operatorOf(logic);
  if (op === undefined) return Array.isArray(logic) ? `[${logic.map(renderCondition).join(', ')}]` : renderLiteral(logic);
  const args = operandsOf(logic as Record<string, unknown>, op);
  const parts = args.map(renderCondition);
  if ((PROFILE_OPERATORS as readonly string[]).includes(op)) return `${op}(${parts.join(', ')})`;
  if (op === 'var') return String(args[0]);
  if (INFIX[op]) return parts.join(` ${INFIX[op]} `);
  if (op === 'and' || op === 'or')
    return parts.map((p, i) => (operatorOf(args[i]) === 'and' || operatorOf(args[i]) === 'or' ? `(${p})` : p)).join(` ${op} `);
  if (op === '!' || op === 'not') return `not (${parts[0]})`;
  if (op === '!!') return `${parts[0]} is set`;
  if (op === 'in') return `${parts[0]} in ${parts[1]}`;
  return `${op}(${parts.join(', ')})`;
}

function renderLiteral(value: unknown): string {
  if (typeof value === 'string') return /^[\p{L}\p{N}._:-]+$/u.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}

/** One condition that decided a rule or guard, with the values it read. */
export interface Fact {
  condition: string;
  /** The condition itself (JSON Logic), so a report can say it in words in any language. */
  logic?: unknown;
  holds: boolean;
  /** Each operand that is not a literal, rendered, with its value. */
  values: Record<string, unknown>;
  /** The nodes a count over a tier counted (`{length: {filter: [{nodes: domain}, …]}}`), in rubric order. */
  nodes?: string[];
  /** Why the condition could not be evaluated for this profile (it then does not hold). */
  error?: string;
}

/**
 * Runs a condition or an operand; what the engine throws (NaN for arithmetic without a number, such as a
 * level compared with a number or a division by zero; its own errors for malformed operands) becomes the
 * reason, so one profile's odd value never ends a whole run.
 */
function attempt(engine: ConditionEngine, logic: unknown, data: ConditionData): { value: unknown } | { error: string } {
  try {
    return { value: engine.run(logic, data) };
  } catch (error) {
    if (typeof error === 'number' && Number.isNaN(error)) return { error: 'a value is not a number' };
    if (error instanceof Error) return { error: error.message };
    const type = (error as { type?: unknown } | null)?.type;
    return { error: typeof type === 'string' ? type : String(error) };
  }
}

/** Whether a condition holds, as traceCondition decides it, without working out why (levers ask this often). */
export function conditionHolds(engine: ConditionEngine, logic: unknown, data: ConditionData): boolean {
  if (typeof logic !== 'object' || logic === null) return traceCondition(engine, logic, data, false).holds;
  let known = holdsOf.get(engine);
  if (!known) {
    known = new WeakMap();
    holdsOf.set(engine, known);
  }
  let holds = known.get(logic);
  if (!holds) {
    holds = holdsFunction(engine, logic);
    known.set(logic, holds);
  }
  return holds(data);
}

/** Each engine's conditions as functions, found once: a policy's conditions are the same objects throughout. */
const holdsOf = new WeakMap<ConditionEngine, WeakMap<object, (data: ConditionData) => boolean>>();

/** traceCondition without the why, as a function: and, or and not taken apart once rather than at every run. */
function holdsFunction(engine: ConditionEngine, logic: unknown): (data: ConditionData) => boolean {
  const op = operatorOf(logic);
  if (op === 'and' || op === 'or') {
    const parts = operandsOf(logic as Record<string, unknown>, op).map((part) => holdsFunction(engine, part));
    const all = op === 'and';
    return (data) => {
      for (const part of parts) if (part(data) !== all) return !all;
      return all;
    };
  }
  if (op === '!' || op === 'not') {
    const part = holdsFunction(engine, operandsOf(logic as Record<string, unknown>, op)[0]);
    return (data) => !part(data);
  }
  // run as attempt runs it: what throws does not hold
  const direct = directsOf.get(engine)?.(logic);
  if (direct)
    return (data) => {
      try {
        return truthy(direct(data));
      } catch {
        return false;
      }
    };
  return (data) => {
    const result = attempt(engine, logic, data);
    return 'value' in result && truthy(result.value);
  };
}

/**
 * Evaluates a condition and says why: for `and`, the first part that failed (or every part when all held);
 * for `or`, the first part that held (or every part when none did); for anything else, the comparison itself
 * with the values of its operands. A part that cannot be evaluated does not hold (and does not stop an `or`).
 * Without `why`, the facts are left out.
 */
export function traceCondition(
  engine: ConditionEngine,
  logic: unknown,
  data: ConditionData,
  why = true,
): { holds: boolean; facts: Fact[] } {
  const op = operatorOf(logic);
  if (op === 'and' || op === 'or') {
    const parts = operandsOf(logic as Record<string, unknown>, op);
    const traces = [];
    for (const part of parts) {
      const t = traceCondition(engine, part, data, why);
      if (op === 'and' && !t.holds) return t;
      if (op === 'or' && t.holds) return t;
      traces.push(t);
    }
    return { holds: op === 'and', facts: traces.flatMap((t) => t.facts) };
  }
  if (op === '!' || op === 'not') {
    const t = traceCondition(engine, operandsOf(logic as Record<string, unknown>, op)[0], data, why);
    const [only, ...more] = t.facts;
    const facts =
      only && more.length === 0
        ? [{ ...only, condition: `not (${only.condition})`, logic: { '!': only.logic }, holds: !only.holds }]
        : t.facts;
    return { holds: !t.holds, facts };
  }
  const result = attempt(engine, logic, data);
  const holds = 'value' in result && truthy(result.value);
  if (!why) return { holds, facts: [] };
  const values: Record<string, unknown> = {};
  let nodes: string[] | undefined;
  if (op !== undefined) {
    for (const operand of operandsOf(logic as Record<string, unknown>, op)) {
      if (operatorOf(operand) === undefined) continue;
      const read = attempt(engine, operand, data);
      values[renderCondition(operand)] = 'value' in read ? (read.value ?? null) : null;
      const counted = countedList(operand);
      if (counted && nodes === undefined) nodes = countedIds(attempt(engine, counted, data));
    }
  }
  const fact: Fact = { condition: renderCondition(logic), logic, holds, values };
  if (nodes) fact.nodes = nodes;
  if ('error' in result) fact.error = result.error;
  return { holds, facts: [fact] };
}

/** The list a count over a tier counts: `{filter: [{nodes: T}, …]}` inside `{length: …}`, or undefined. */
export function countedList(logic: unknown): Record<string, unknown> | undefined {
  if (operatorOf(logic) !== 'length') return undefined;
  const list = operandsOf(logic as Record<string, unknown>, 'length')[0];
  if (operatorOf(list) !== 'filter') return undefined;
  const [source] = operandsOf(list as Record<string, unknown>, 'filter');
  return operatorOf(source) === 'nodes' ? (list as Record<string, unknown>) : undefined;
}

const countedIds = (read: { value: unknown } | { error: string }): string[] | undefined =>
  'value' in read && Array.isArray(read.value)
    ? read.value.flatMap((n) => (typeof (n as { id?: unknown })?.id === 'string' ? [(n as { id: string }).id] : []))
    : undefined;
