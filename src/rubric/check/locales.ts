import type { DataPath } from '../../diagnostics/diagnostic.js';
import type { LocalizedText } from '../../text/localized.js';
import type { NodeInput, RubricInput } from '../schema.js';
import type { CheckContext } from './context.js';

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
  forEachText(rubric, (text, path) => {
    if (typeof text === 'string') return;
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

type TextVisitor = (text: LocalizedText, path: DataPath) => void;

/** Visits every human text of a rubric with its data path. */
export function forEachText(rubric: RubricInput, visit: TextVisitor): void {
  const maybe = (text: LocalizedText | undefined, path: DataPath) => {
    if (text !== undefined) visit(text, path);
  };
  maybe(rubric.title, ['title']);
  maybe(rubric.description, ['description']);
  rubric.tiers.forEach((tier, i) => {
    if (typeof tier !== 'string') maybe(tier.title, ['tiers', i, 'title']);
  });
  rubric.roles?.forEach((role, i) => maybe(role.title, ['roles', i, 'title']));
  rubric.attributes?.forEach((a, i) => maybe(a.title, ['attributes', i, 'title']));
  for (const [name, scale] of Object.entries(rubric.scales)) {
    const base = ['scales', name];
    maybe(scale.title, [...base, 'title']);
    maybe(scale.description, [...base, 'description']);
    if (scale.type === 'ordinal') {
      scale.levels.forEach((l, i) => {
        maybe(l.label, [...base, 'levels', i, 'label']);
        maybe(l.descriptor, [...base, 'levels', i, 'descriptor']);
      });
    } else if (scale.type === 'numeric') {
      scale.bands?.forEach((b, i) => {
        maybe(b.label, [...base, 'bands', i, 'label']);
        maybe(b.descriptor, [...base, 'bands', i, 'descriptor']);
      });
    } else if (scale.type === 'boolean') {
      maybe(scale.labels?.yes, [...base, 'labels', 'yes']);
      maybe(scale.labels?.no, [...base, 'labels', 'no']);
    } else {
      scale.options.forEach((o, i) => {
        maybe(o.label, [...base, 'options', i, 'label']);
        maybe(o.descriptor, [...base, 'options', i, 'descriptor']);
      });
    }
  }
  const levels = (list: RubricInput['levels'], path: DataPath) =>
    list?.forEach((l, i) => {
      maybe(l.label, [...path, i, 'label']);
      maybe(l.description, [...path, i, 'description']);
    });
  levels(rubric.levels, ['levels']);
  const node = (n: NodeInput, path: DataPath) => {
    maybe(n.title, [...path, 'title']);
    maybe(n.description, [...path, 'description']);
    maybe(n.question, [...path, 'question']);
    for (const [key, text] of Object.entries(n.descriptors ?? {})) maybe(text, [...path, 'descriptors', key]);
    levels(n.levels, [...path, 'levels']);
    n.children?.forEach((c, i) => node(c, [...path, 'children', i]));
  };
  rubric.nodes.forEach((n, i) => node(n, ['nodes', i]));
}
