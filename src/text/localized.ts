/** A human text: one string for every locale, or a map from locale (BCP 47 tag) to text. */
export type LocalizedText = string | Readonly<Record<string, string>>;

/**
 * The text to show in `locale`: the exact locale, then each fallback in order, then any translation.
 * Returns '' for a missing text.
 */
export function resolveText(text: LocalizedText | undefined, locale: string, fallbacks: readonly string[] = []): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  for (const tag of [locale, ...fallbacks]) {
    const value = Object.hasOwn(text, tag) ? text[tag] : undefined;
    if (value !== undefined) return value;
  }
  const first = Object.keys(text).sort()[0];
  return first === undefined ? '' : (text[first] ?? '');
}

/** The locales written in a text, or none for a plain string. */
export function textLocales(text: LocalizedText): string[] {
  return typeof text === 'string' ? [] : Object.keys(text);
}
