import { type LocalizedText, resolveText } from '../text/localized.js';
import { inert, oneLine } from '../text/visible.js';

/** Locales written right to left (by primary language subtag). */
const RTL = new Set(['he', 'ar', 'fa', 'ur', 'yi', 'iw']);

export const directionOf = (locale: string): 'rtl' | 'ltr' =>
  RTL.has(locale.toLowerCase().split(/[-_]/)[0] ?? '') ? 'rtl' : 'ltr';

/** Text from input, made safe for HTML: markup escaped, control and direction-override characters made visible. */
export function escapeHtml(value: unknown): string {
  return inert(String(value ?? ''))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Text for a Markdown table cell: one line, pipes escaped, controls made visible. */
export function escapeMarkdown(value: unknown): string {
  return oneLine(String(value ?? '')).replace(/([\\|`*_[\]<>])/g, '\\$1');
}

/** A number for people: fixed decimals, so the same input gives the same bytes; '–' when unknown. */
export const fmt = (value: number | null | undefined, digits = 2): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);

/** Resolves a localized text for a report: the locale, then its fallbacks, then the rubric's default. */
export function textIn(locale: string, fallbacks: readonly string[]) {
  return (text: LocalizedText | undefined, otherwise = '') => resolveText(text, locale, fallbacks) || otherwise;
}

export { type Words, wordsFor } from '../text/words.js';
