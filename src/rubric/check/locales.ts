import type { DataPath } from '../../diagnostics/diagnostic.js';
import type { LocalizedText } from '../../text/localized.js';
import type { RubricInput } from '../schema.js';
import type { CheckContext } from './context.js';
import type { VisitedNode } from './walk.js';

/** Locale tags must be valid BCP 47; defaults and fallbacks must be declared. */
export function checkLocales(ctx: CheckContext): void {
  const { rubric } = ctx;
  const declared = rubric.locales;
  rubric.locales.forEach((tag, i) => {
    if (!isValidTag(tag)) ctx.report('invalid-locale', { tag }, ['locales', i]);
  });
  const requireDeclared = (tag: string, path: DataPath, key = false) => {
    if (!declared.includes(tag)) ctx.report('unknown-locale', { tag, declared }, path, { key });
  };
  if (rubric.defaultLocale !== undefined) requireDeclared(rubric.defaultLocale, ['defaultLocale']);
  for (const [from, chain] of Object.entries(rubric.fallbacks ?? {})) {
    requireDeclared(from, ['fallbacks', from], true);
    chain.forEach((tag, i) => requireDeclared(tag, ['fallbacks', from, i]));
  }
}

/** Every text should have each declared locale (or a fallback); translations must be in declared locales. */
export function checkTranslations(ctx: CheckContext): void {
  const { rubric } = ctx;
  const declared = new Set(rubric.locales);
  const fallbacks = rubric.fallbacks ?? {};
  forEachTranslated(rubric, ctx.nodes, (text, path) => {
    for (const tag of Object.keys(text)) {
      if (!declared.has(tag)) ctx.report('undeclared-locale-text', { tag }, [...path, tag], { key: true });
    }
    const missing = rubric.locales.filter(
      (tag) => !Object.hasOwn(text, tag) && !(fallbacks[tag] ?? []).some((f) => Object.hasOwn(text, f)),
    );
    if (missing.length > 0) ctx.report('missing-translation', { missing }, path);
  });
}

function isValidTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

type TextVisitor = (text: Readonly<Record<string, string>>, path: DataPath) => void;

/**
 * Visits every text of a rubric that is written per locale, with its data path. A plain text has nothing to
 * check, so its path is never built: on a large rubric those arrays were most of this check's time.
 */
export function forEachTranslated(rubric: RubricInput, nodes: readonly VisitedNode[], visit: TextVisitor): void {
  const maybe = (text: LocalizedText | undefined, base: DataPath, ...keys: (string | number)[]) => {
    if (text !== undefined && typeof text !== 'string') visit(text, [...base, ...keys]);
  };
  maybe(rubric.title, [], 'title');
  maybe(rubric.description, [], 'description');
  rubric.tiers.forEach((tier, i) => {
    if (typeof tier !== 'string') maybe(tier.title, [], 'tiers', i, 'title');
  });
  rubric.roles?.forEach((role, i) => maybe(role.title, [], 'roles', i, 'title'));
  rubric.attributes?.forEach((a, i) => maybe(a.title, [], 'attributes', i, 'title'));
  for (const [name, scale] of Object.entries(rubric.scales)) {
    const base = ['scales', name];
    maybe(scale.title, base, 'title');
    maybe(scale.description, base, 'description');
    if (scale.type === 'ordinal') {
      scale.levels.forEach((l, i) => {
        maybe(l.label, base, 'levels', i, 'label');
        maybe(l.descriptor, base, 'levels', i, 'descriptor');
      });
    } else if (scale.type === 'numeric') {
      scale.bands?.forEach((b, i) => {
        maybe(b.label, base, 'bands', i, 'label');
        maybe(b.descriptor, base, 'bands', i, 'descriptor');
      });
    } else if (scale.type === 'boolean') {
      maybe(scale.labels?.yes, base, 'labels', 'yes');
      maybe(scale.labels?.no, base, 'labels', 'no');
    } else {
      scale.options.forEach((o, i) => {
        maybe(o.label, base, 'options', i, 'label');
        maybe(o.descriptor, base, 'options', i, 'descriptor');
      });
    }
  }
  const levels = (list: RubricInput['levels'], base: DataPath, key?: string) =>
    list?.forEach((l, i) => {
      const at = key === undefined ? [i] : [key, i];
      maybe(l.label, base, ...at, 'label');
      maybe(l.description, base, ...at, 'description');
    });
  levels(rubric.levels, ['levels']);
  for (const { node, path } of nodes) {
    maybe(node.title, path, 'title');
    maybe(node.description, path, 'description');
    maybe(node.question, path, 'question');
    if (node.descriptors) for (const key of Object.keys(node.descriptors)) maybe(node.descriptors[key], path, 'descriptors', key);
    levels(node.levels, path, 'levels');
  }
}
