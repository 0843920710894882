import { resolveText } from '../text/localized.js';
import { visibleLine } from '../text/visible.js';
import type { Fact } from './logic.js';
import type { Policy, Recommendation } from './model.js';

/** A number as people read it: at most two decimals; other values as JSON. */
export const formatValue = (value: unknown): string =>
  typeof value === 'number'
    ? String(Math.round(value * 100) / 100)
    : value === null || value === undefined
      ? 'none'
      : JSON.stringify(value);

/** `score(MG.FIN) ≤ 1.5 (score(MG.FIN) = 1.2)`: a condition with the values it read. */
export function formatFact(fact: Fact): string {
  const values = Object.entries(fact.values).map(([k, v]) => `${k} = ${formatValue(v)}`);
  const text = values.length ? `${fact.condition}, where ${values.join(', ')}` : fact.condition;
  return fact.error === undefined ? text : `${text} (cannot be evaluated: ${fact.error})`;
}

/**
 * A recommendation as text, in `locale` for the policy's titles: the track, what comes with it, the focus,
 * then why: each rule and guard that held, with its conditions and their values, and the rules before the
 * deciding one that did not hold.
 */
export function formatRecommendation(
  rec: Recommendation,
  policy: Policy,
  locale: string,
  fallbacks: readonly string[] = [],
): string {
  const title = (list: Policy['tracks'] | Policy['measures'], id: string) =>
    `${id} ${resolveText(list.find((t) => t.id === id)?.title, locale, fallbacks)}`.trim();
  const name = rec.subject.name ? ` ${rec.subject.name}` : '';
  const lines = [
    `${rec.subject.id}${name}${rec.wave ? ` (${rec.wave})` : ''}: ${rec.primary ? title(policy.tracks, rec.primary) : 'no track'}` +
      (rec.decidedBy ? ` [${rec.decidedBy}]` : ''),
  ];
  if (rec.secondary.length) lines.push(`  secondary: ${rec.secondary.map((s) => title(policy.tracks, s)).join('; ')}`);
  if (rec.measures.length) lines.push(`  measures: ${rec.measures.map((m) => title(policy.measures, m)).join('; ')}`);
  for (const a of rec.allocations ?? [])
    lines.push(
      `  allocation: ${a.pool} ${a.eligible ? `${a.amount} (${formatValue(a.share * 100)}% of the pool)` : 'not eligible'}`,
    );
  if (rec.focus.length) lines.push(`  focus: ${rec.focus.map((f) => `${f.id} (gap ${formatValue(f.gap)})`).join(', ')}`);
  if (rec.levers?.length) {
    lines.push('  levers:');
    for (const l of rec.levers.slice(0, 5)) {
      const raises = l.raises.map((r) => `${r.id} ${r.from ?? '–'} → ${r.to ?? '–'}`);
      const track = l.track ? [`track ${l.track.from ?? 'none'} → ${l.track.to ?? 'none'}`] : [];
      lines.push(`    ${l.indicator} ${formatValue(l.from)} → ${formatValue(l.to)}: ${[...track, ...raises].join(', ')}`);
    }
  }
  lines.push('  why:');
  const decisive = rec.reasons.findIndex((r) => r.kind === 'rule' && r.id === rec.decidedBy);
  rec.reasons.forEach((r, i) => {
    const before = r.kind === 'rule' && !r.holds && (decisive < 0 || i < decisive);
    if (!r.holds && !before && r.kind !== 'waves') return;
    const mark = r.holds ? '✓' : '✗';
    lines.push(`    ${mark} ${r.id}${r.effect !== 'none' ? `: ${r.effect}` : ''}`);
    for (const f of r.facts) lines.push(`        ${f.holds ? '✓' : '✗'} ${formatFact(f)}`);
  });
  // names, ids and titles come from input: each line shows their control characters as codes
  return lines.map(visibleLine).join('\n');
}
