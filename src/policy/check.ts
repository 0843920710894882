import type { DiagnosticCode } from '../diagnostics/codes.js';
import type { DataPath } from '../diagnostics/diagnostic.js';
import { type MessageParams, suggest } from '../diagnostics/messages.js';
import type { CompiledRubric } from '../rubric/compile.js';
import { FLAGS } from '../score/profile.js';
import { OVERALL } from '../score/tables.js';
import { type ConditionEngine, NODE_OPERATORS, operandsOf, operatorOf } from './logic.js';
import type { PolicyRule } from './model.js';
import { isDenyGuard, type PolicyInput } from './schema.js';

type Report = <C extends DiagnosticCode>(code: C, params: MessageParams<C>, path: DataPath) => void;

/**
 * Checks a policy against the rubric it names: every node, level, attribute and flag a condition reads must
 * exist, every operator must be known, and every track and measure a rule or guard names must be defined.
 */
export function checkPolicy(policy: PolicyInput, compiled: CompiledRubric, engine: ConditionEngine, report: Report): void {
  const { rubric } = compiled;
  if (policy.rubric !== rubric.id) report('policy-rubric-mismatch', { policy: policy.rubric, rubric: rubric.id }, ['rubric']);

  const trackIds = policy.tracks.map((t) => t.id);
  const measureIds = (policy.measures ?? []).map((m) => m.id);
  // a repeated id makes the tracks counted twice and a rule's reason ambiguous
  const unique = (kind: string, items: readonly { id: string }[] | undefined, key: string) => {
    const seen = new Set<string>();
    items?.forEach(({ id }, i) => {
      if (seen.has(id)) report('duplicate-id', { id, kind }, [key, i, 'id']);
      seen.add(id);
    });
  };
  unique('track', policy.tracks, 'tracks');
  unique('measure', policy.measures, 'measures');
  unique('rule', policy.rules, 'rules');
  unique('guard', policy.guards, 'guards');
  const track = (id: string | undefined, path: DataPath) => {
    if (id !== undefined && !trackIds.includes(id)) report('policy-unknown-track', { id, ...hint(id, trackIds) }, path);
  };
  const tracks = (ids: readonly string[] | undefined, path: DataPath) => ids?.forEach((id, i) => track(id, [...path, i]));
  const measures = (ids: readonly string[] | undefined, path: DataPath) =>
    ids?.forEach((id, i) => {
      if (!measureIds.includes(id)) report('policy-unknown-measure', { id, ...hint(id, measureIds) }, [...path, i]);
    });

  const tierIds = rubric.tiers.map((t) => t.id);
  const nodeIds = compiled.nodes.map((n) => n.id);
  const focusOf = (focus: PolicyRule['focus'], path: DataPath) => {
    if (focus === undefined) return;
    if (!Array.isArray(focus)) {
      const { tier } = focus as { tier: string };
      if (!tierIds.includes(tier))
        report('schema-invalid-value', { expected: tierIds, actual: tier, ...hint(tier, tierIds) }, [...path, 'tier']);
      return;
    }
    (focus as readonly string[]).forEach((id, i) => {
      if (!compiled.byId.has(id)) report('policy-unknown-node', { id, ...hint(id, nodeIds) }, [...path, i]);
    });
  };
  const conditions = new ConditionChecker(compiled, engine, report);
  policy.rules.forEach((rule, i) => {
    conditions.check(rule.when, ['rules', i, 'when']);
    track(rule.primary, ['rules', i, 'primary']);
    tracks(rule.secondary, ['rules', i, 'secondary']);
    measures(rule.measures, ['rules', i, 'measures']);
    focusOf(rule.focus, ['rules', i, 'focus']);
  });
  if (policy.default) {
    track(policy.default.primary, ['default', 'primary']);
    tracks(policy.default.secondary, ['default', 'secondary']);
    measures(policy.default.measures, ['default', 'measures']);
  }
  policy.guards?.forEach((guard, i) => {
    if (isDenyGuard(guard)) {
      conditions.check(guard.when, ['guards', i, 'when']);
      tracks(guard.deny, ['guards', i, 'deny']);
    } else tracks(guard.tracks, ['guards', i, 'tracks']);
  });
  unique('eligibility condition', policy.eligibility, 'eligibility');
  unique('allocation', policy.allocations, 'allocations');
  policy.eligibility?.forEach((e, i) => conditions.check(e.when, ['eligibility', i, 'when']));
  policy.allocations?.forEach((a, i) => {
    tracks(a.tracks, ['allocations', i, 'tracks']);
    conditions.check(a.by, ['allocations', i, 'by']);
    allocationAmounts(a, ['allocations', i], report);
  });
  const tier = policy.focus?.tier;
  const tiers = rubric.tiers.map((t) => t.id);
  if (tier !== undefined && !tiers.includes(tier))
    report('schema-invalid-value', { expected: tiers, actual: tier, ...hint(tier, tiers) }, ['focus', 'tier']);
}

/** Pool, floor and cap must be whole numbers of the unit (else the amounts could not sum to the pool), floor ≤ cap. */
function allocationAmounts(a: NonNullable<PolicyInput['allocations']>[number], path: DataPath, report: Report) {
  const unit = a.unit ?? 1;
  for (const what of ['pool', 'floor', 'cap'] as const) {
    const amount = a[what];
    if (amount === undefined) continue;
    const units = amount / unit;
    if (Math.abs(units - Math.round(units)) > 1e-9 * Math.max(1, units))
      report('policy-allocation-unit', { what, amount, unit }, [...path, what]);
  }
  if (a.floor !== undefined && a.cap !== undefined && a.floor > a.cap)
    report('policy-allocation-bounds', { floor: a.floor, cap: a.cap }, [...path, 'floor']);
}

const hint = (actual: string, candidates: readonly string[]) => {
  const suggestion = suggest(actual, candidates);
  return suggestion === undefined ? {} : { suggestion };
};

/** Walks one condition, reporting each operand at fault at its own path. */
class ConditionChecker {
  private readonly nodeIds: string[];
  private readonly attributes: CompiledRubric['rubric']['attributes'];
  private readonly tiers: string[];

  constructor(
    private readonly compiled: CompiledRubric,
    private readonly engine: ConditionEngine,
    private readonly report: Report,
  ) {
    this.nodeIds = [OVERALL, ...compiled.nodes.map((n) => n.id)];
    this.attributes = compiled.rubric.attributes;
    this.tiers = compiled.rubric.tiers.map((t) => t.id);
  }

  check(logic: unknown, path: DataPath): void {
    if (Array.isArray(logic)) {
      logic.forEach((item, i) => this.check(item, [...path, i]));
      return;
    }
    if (logic === null || typeof logic !== 'object') return;
    const keys = Object.keys(logic);
    const op = operatorOf(logic);
    if (op === undefined) {
      this.report('policy-invalid-operands', { operator: keys.join(', ') || '{}', expected: 'one operator per object' }, path);
      return;
    }
    const at = [...path, op];
    if (!this.engine.operators.includes(op)) {
      this.report('policy-unknown-operator', { operator: op, ...hint(op, this.engine.operators) }, [...path, op]);
      return;
    }
    const args = operandsOf(logic as Record<string, unknown>, op);
    const argPath = (i: number) => (Array.isArray((logic as Record<string, unknown>)[op]) ? [...at, i] : at);
    if ((NODE_OPERATORS as readonly string[]).includes(op)) this.nodeRef(op, args, at, argPath);
    else if (op === 'flag') this.flagRef(args, argPath);
    else if (op === 'attribute') this.attributeRef(args, argPath);
    else if (op === 'nodes') this.tierRef(args, argPath);
    else {
      this.comparedValues(op, args, argPath);
      args.forEach((arg, i) => this.check(arg, argPath(i)));
    }
  }

  private nodeRef(op: string, args: unknown[], at: DataPath, argPath: (i: number) => DataPath) {
    const [id] = args;
    if (args.length !== 1 || typeof id !== 'string') {
      this.report('policy-invalid-operands', { operator: op, expected: "one node id (or 'overall')" }, at);
      return;
    }
    if (!this.nodeIds.includes(id)) this.report('policy-unknown-node', { id, ...hint(id, this.nodeIds) }, argPath(0));
  }

  private flagRef(args: unknown[], argPath: (i: number) => DataPath) {
    const [flag, id] = args;
    if (typeof flag !== 'string' || args.length > 2 || (id !== undefined && typeof id !== 'string')) {
      this.report('policy-invalid-operands', { operator: 'flag', expected: 'a flag name, and optionally a node id' }, argPath(0));
      return;
    }
    if (!(FLAGS as readonly string[]).includes(flag))
      this.report('policy-unknown-flag', { flag, known: FLAGS, ...hint(flag, FLAGS) }, argPath(0));
    if (typeof id === 'string' && !this.nodeIds.includes(id))
      this.report('policy-unknown-node', { id, ...hint(id, this.nodeIds) }, argPath(1));
  }

  private attributeRef(args: unknown[], argPath: (i: number) => DataPath) {
    const [name] = args;
    const known = this.attributes.map((a) => a.id);
    if (args.length !== 1 || typeof name !== 'string') {
      this.report('policy-invalid-operands', { operator: 'attribute', expected: 'one attribute name' }, argPath(0));
      return;
    }
    if (!known.includes(name)) this.report('policy-unknown-attribute', { name, known, ...hint(name, known) }, argPath(0));
  }

  private tierRef(args: unknown[], argPath: (i: number) => DataPath) {
    const [tier] = args;
    if (args.length !== 1 || typeof tier !== 'string' || !this.tiers.includes(tier))
      this.report(
        'schema-invalid-value',
        { expected: this.tiers, actual: String(tier), ...hint(String(tier), this.tiers) },
        argPath(0),
      );
  }

  /**
   * In `==`, `!=` and `in`, a literal compared with a node's level or a subject attribute must be one of its
   * values: a misspelt level would otherwise make a rule silently never hold.
   */
  private comparedValues(op: string, args: unknown[], argPath: (i: number) => DataPath) {
    if (!['==', '===', '!=', '!==', 'in'].includes(op) || args.length !== 2) return;
    args.forEach((arg, i) => {
      const other = args[1 - i];
      const otherPath = argPath(1 - i);
      const literals: [unknown, DataPath][] =
        op === 'in' && i === 0 && Array.isArray(other)
          ? other.map((v, k) => [v, [...otherPath, k]] as [unknown, DataPath])
          : op === 'in'
            ? []
            : [[other, otherPath]];
      const ref = operatorOf(arg);
      if (ref === 'level') this.levelValues(arg as Record<string, unknown>, literals);
      if (ref === 'attribute') this.attributeValues(arg as Record<string, unknown>, literals);
    });
  }

  private levelValues(arg: Record<string, unknown>, literals: [unknown, DataPath][]) {
    const id = operandsOf(arg, 'level')[0];
    if (typeof id !== 'string') return;
    const node = id === OVERALL ? undefined : this.compiled.byId.get(id);
    const levels = (node?.levels ?? this.compiled.rubric.levels).map((l) => l.id);
    if (!this.nodeIds.includes(id)) return;
    for (const [value, path] of literals) {
      if (typeof value === 'string' && !levels.includes(value))
        this.report('policy-unknown-level', { level: value, node: id, known: levels, ...hint(value, levels) }, path);
    }
  }

  private attributeValues(arg: Record<string, unknown>, literals: [unknown, DataPath][]) {
    const name = operandsOf(arg, 'attribute')[0];
    const values = this.attributes.find((a) => a.id === name)?.values;
    if (!values) return;
    for (const [value, path] of literals) {
      if ((typeof value === 'string' || typeof value === 'number') && !values.includes(value))
        this.report(
          'policy-unknown-attribute-value',
          { name: String(name), value: String(value), known: values, ...hint(String(value), values.map(String)) },
          path,
        );
    }
  }
}
