import * as z from 'zod';

/** Marks an object that accepts `x-` extension keys; the JSON Schema generator reads this marker. */
export const EXTENSIBLE = 'x-mahvan-extensible';

/** True for keys that are kept but not interpreted, so teams can add their own metadata. */
export const isExtensionKey = (key: string): boolean => key.startsWith('x-');

/**
 * An object with the given keys plus `x-` extensions. Any other key becomes one 'unknown-key' issue at that
 * key, carrying the known keys for a "did you mean" hint. The check runs even when other keys are invalid,
 * so an author sees every problem in one pass.
 */
export function extensible<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape);
  return z
    .object(shape)
    .catchall(z.unknown())
    .superRefine(
      (value, ctx) => {
        for (const key of Object.keys(value)) {
          if (!Object.hasOwn(shape, key) && !isExtensionKey(key)) {
            ctx.addIssue({ code: 'custom', path: [key], message: 'unknown-key', params: { kind: 'unknown-key', known } });
          }
        }
      },
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value) },
    )
    .meta({ [EXTENSIBLE]: true });
}

/** Stable ids: ASCII letters and digits, then also '.', '_', ':' or '-'. They become column names and keys. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/** An id; the message names the format so the catalog can explain it. */
export const Id = z.string().regex(ID_PATTERN, { message: 'format:id' });

/** A text shown to people: one string, or a map from locale to text. */
export const LocalizedText = z
  .union([z.string(), z.record(z.string(), z.string())])
  .meta({ description: 'A plain text, or a map from locale (BCP 47 tag) to text.' });

/** A weight: a non-negative number (negative ones are reported by the checks with a specific code). */
export const Weight = z.number().meta({ description: 'Relative weight among siblings (default 1).' });

/** A share between 0 and 1. */
export const Share = z.number().min(0).max(1);
