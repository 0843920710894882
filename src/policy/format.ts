import { resolveText } from '../text/localized.js';
import { visibleLine } from '../text/visible.js';
import { wordsFor } from '../text/words.js';
import type { Fact } from './logic.js';
import type { Policy, Recommendation } from './model.js';
import { heldBack, joinList, reasonLines, rubricNames } from './sentences.js';

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
 * A recommendation as text in `locale`: the track, what comes with it, the focus, the track the capabilities
 * alone qualify for when it is not the one assigned, then why: each rule and guard that held, and the rules
 * before the deciding one that did not, with their conditions in words and the values read.
 */
export function formatRecommendation(
  rec: Recommendation,
  policy: Policy,
  locale: string,
  fallbacks: readonly string[] = [],
): string {
  const words = wordsFor(locale);
  const names = rubricNames(policy.engine.compiled, locale, fallbacks, words.overall);
  const title = (list: Policy['tracks'] | Policy['measures'], id: string) =>
    resolveText(list.find((t) => t.id === id)?.title, locale, fallbacks) || id;
  const list = (items: readonly string[]) => joinList(items, locale);
  const name = rec.subject.name ? ` ${rec.subject.name}` : '';
  const lines = [
    `${rec.subject.id}${name}${rec.wave ? ` (${rec.wave})` : ''}: ${rec.primary ? title(policy.tracks, rec.primary) : words.none}`,
  ];
  if (rec.secondary.length) lines.push(`  ${words.secondary}: ${list(rec.secondary.map((s) => title(policy.tracks, s)))}`);
  if (rec.measures.length) lines.push(`  ${words.measures}: ${list(rec.measures.map((m) => title(policy.measures, m)))}`);
  if (rec.focus.length)
    lines.push(`  ${words.focus}: ${list(rec.focus.map((f) => `${names.title(f.id)} (${words.gap} ${formatValue(f.gap)})`))}`);
  if (rec.government?.length)
    lines.push(
      `  ${words.government}: ${list(rec.government.map((f) => `${names.title(f.id)} (${words.gap} ${formatValue(f.gap)})`))}`,
    );
  for (const a of rec.allocations ?? []) {
    const pool = names.t(policy.allocations.find((p) => p.id === a.pool)?.title, a.pool);
    const amount = a.eligible
      ? `${formatValue(a.amount)} (${formatValue(a.share * 100)}% ${words.shareOfPool})`
      : words.notEligible;
    lines.push(`  ${words.allocation}: ${pool}: ${amount}`);
  }
  for (const line of heldBack(rec, policy, names)) lines.push(`  ${line}`);
  if (rec.levers?.length) {
    lines.push(`  ${words.levers}:`);
    for (const l of rec.levers.slice(0, 5)) {
      const raises = l.raises.map(
        (r) => `${names.title(r.id)}: ${names.levelLabel(r.id, r.from)} → ${names.levelLabel(r.id, r.to)}`,
      );
      const track = l.track
        ? [
            `${words.track}: ${l.track.from ? title(policy.tracks, l.track.from) : '–'} → ${l.track.to ? title(policy.tracks, l.track.to) : '–'}`,
          ]
        : [];
      lines.push(`    ${names.title(l.indicator)} ${formatValue(l.from)} → ${formatValue(l.to)}: ${list([...track, ...raises])}`);
    }
  }
  lines.push(`  ${words.reasons}:`);
  for (const r of reasonLines(rec, policy, names)) {
    lines.push(`    ${r.holds ? '✓' : '✗'} ${r.label}${r.effect ? ` — ${r.effect}` : ''}`);
    for (const f of r.facts) lines.push(`        ${f.holds ? '✓' : '✗'} ${f.text}`);
  }
  // names, ids and titles come from input: each line shows their control characters as codes
  return lines.map(visibleLine).join('\n');
}
