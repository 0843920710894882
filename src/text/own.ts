/**
 * The value `record` holds under `key` itself, or undefined. Keys come from input (subject ids, attribute names,
 * locales), and `record[key]` would answer 'toString' or '__proto__' with what every object inherits.
 */
export const ownValue = <T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
