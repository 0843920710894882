import { createDiagnostic } from '../diagnostics/create.js';
import { type Diagnostic, hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import type { CompiledRubric } from '../rubric/compile.js';
import { locate } from '../source/locate.js';
import type { Limits } from '../yaml/limits.js';
import { parseYaml } from '../yaml/parse-yaml.js';
import { zodDiagnostics } from '../yaml/zod-diagnostics.js';
import { checkPolicy } from './check.js';
import { createConditionEngine } from './logic.js';
import type { AllocationPool, Guard, Policy } from './model.js';
import { isDenyGuard, type PolicyInput, PolicySchema } from './schema.js';

/** A loaded policy, or why it could not be loaded. */
export type PolicyResult =
  | { ok: true; policy: Policy; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: [Diagnostic, ...Diagnostic[]] };

/**
 * Loads an engagement policy from YAML text and checks it against the rubric whose profiles it reads. Never
 * throws for content problems; like a rubric, every diagnostic has a file, line and column.
 *
 * ```
 * text ──parseYaml────▶ data + source     YAML syntax, size, depth, aliases, forbidden keys
 *      ──validate (zod)▶ PolicyInput       shape and types → 'schema-*'
 *      ──checkPolicy───▶ (same value)      operators, nodes, levels, attributes, flags, tracks → 'policy-*'
 *      ──normalize─────▶ Policy            defaults applied, condition engine attached
 * ```
 */
export function loadPolicy(
  text: string,
  rubric: CompiledRubric,
  options: { file?: string; limits?: Partial<Limits> } = {},
): PolicyResult {
  const read = readPolicy(text, options);
  if (!read.ok) return read;
  const { input, source, diagnostics } = read;
  const engine = createConditionEngine(rubric);
  const file = source.file;
  checkPolicy(input, rubric, engine, (code, params, path) => {
    const range = locate(source, path);
    diagnostics.push(
      createDiagnostic(code, params, { path, ...(file === undefined ? {} : { file }), ...(range ? { range } : {}) }),
    );
  });
  if (hasErrors(diagnostics)) return failure(diagnostics);
  return { ok: true, policy: normalizePolicy(input, engine), diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * The stages of loading a policy that need no rubric: YAML syntax, then shape and types. What it gives names
 * the rubric the policy reads (`input.rubric`), so a caller can find it before checking the policy against it.
 */
export function readPolicy(
  text: string,
  options: { file?: string; limits?: Partial<Limits> } = {},
):
  | { ok: true; input: PolicyInput; source: ReturnType<typeof parseYaml>['source']; diagnostics: Diagnostic[] }
  | { ok: false; diagnostics: [Diagnostic, ...Diagnostic[]] } {
  const parsed = parseYaml(text, options);
  const diagnostics = [...parsed.diagnostics];
  if (hasErrors(diagnostics)) return failure(diagnostics);
  const validated = PolicySchema.safeParse(parsed.data);
  if (!validated.success) return failure([...diagnostics, ...zodDiagnostics(validated.error.issues, parsed.data, parsed.source)]);
  return { ok: true, input: validated.data, source: parsed.source, diagnostics };
}

function normalizePolicy(input: PolicyInput, engine: Policy['engine']): Policy {
  const opt = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
  return {
    id: input.id,
    version: input.version,
    title: input.title,
    ...opt('description', input.description),
    rubric: input.rubric,
    selection: input.selection ?? 'first-match',
    tracks: input.tracks.map((t) => ({ id: t.id, title: t.title, ...opt('offers', t.offers), priority: t.priority ?? 0 })),
    measures: (input.measures ?? []).map((m) => ({ id: m.id, title: m.title, ...opt('description', m.description) })),
    rules: input.rules.map((r) => ({
      id: r.id,
      ...opt('title', r.title),
      when: r.when,
      ...opt('text', r.text),
      ...opt('primary', r.primary),
      secondary: r.secondary ?? [],
      measures: r.measures ?? [],
      ...opt('focus', Array.isArray(r.focus) ? r.focus : r.focus && { tier: r.focus.tier, below: r.focus.below }),
      ...opt('note', r.note),
    })),
    ...(input.default
      ? {
          default: {
            primary: input.default.primary,
            secondary: input.default.secondary ?? [],
            measures: input.default.measures ?? [],
          },
        }
      : {}),
    guards: (input.guards ?? []).map(
      (g): Guard =>
        isDenyGuard(g)
          ? { kind: 'deny', id: g.id, ...opt('title', g.title), ...opt('text', g.text), when: g.when, deny: g.deny }
          : {
              kind: 'waves',
              id: g.id,
              ...opt('title', g.title),
              ...opt('text', g.text),
              consecutiveWaves: g.consecutiveWaves,
              ...opt('tracks', g.tracks),
            },
    ),
    focus: { ...opt('tier', input.focus?.tier), count: input.focus?.count ?? 3 },
    eligibility: (input.eligibility ?? []).map((e) => ({ id: e.id, ...opt('title', e.title), when: e.when })),
    allocations: (input.allocations ?? []).map((a) => ({
      id: a.id,
      ...opt('title', a.title),
      pool: a.pool,
      unit: a.unit ?? 1,
      ...opt('tracks', a.tracks),
      by: byOf(a.by),
      ...opt('threshold', a.threshold),
      floor: a.floor ?? 0,
      ...opt('cap', a.cap),
    })),
    engine,
  };
}

/** `{score: ID}` or `{percent: ID}` (both accept x- keys, so `'score' in by` alone does not narrow). */
export function byOf(by: unknown): AllocationPool['by'] {
  const { score, percent } = by as { score?: string; percent?: string };
  return score !== undefined ? { operator: 'score', node: score } : { operator: 'percent', node: percent as string };
}

function failure(diagnostics: Diagnostic[]): { ok: false; diagnostics: [Diagnostic, ...Diagnostic[]] } {
  return { ok: false, diagnostics: sortDiagnostics(diagnostics) as [Diagnostic, ...Diagnostic[]] };
}
