/** Bounds that keep a hostile or broken file from exhausting memory or time. */
export interface Limits {
  /** Largest accepted text, in characters. Default 10,000,000. */
  maxSize: number;
  /** Deepest nesting of mappings and lists. Default 64. */
  maxDepth: number;
  /** Most aliases (`*name`) in a YAML text. Default 10,000. */
  maxAliases: number;
  /**
   * Most nodes (values, lists and mappings) that expanding aliases adds to the data, counting an alias
   * inside an aliased node each time it is expanded (stops "billion laughs"). Default 1,000,000.
   */
  maxAliasNodes: number;
}

/** The default limits; each can be raised through the `limits` option or the CLI's --max-* flags. */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxSize: 10_000_000,
  maxDepth: 64,
  maxAliases: 10_000,
  maxAliasNodes: 1_000_000,
});
