import { Alias, type Document, isAlias, isMap, isPair, isSeq, type Node } from 'yaml';
import type { Limits } from './limits.js';

/** Why the aliases of a document cannot be expanded, and the alias where that shows. */
export type AliasProblem =
  | { kind: 'unknown' | 'cycle'; alias: Alias }
  | { kind: 'too-many'; alias: Alias; limit: number }
  | { kind: 'too-large'; alias: Alias; limit: number };

/**
 * Checks every alias of `document` in one pass, in the order they are written, and binds each to the node it
 * names. The first alias that names no anchor before it, closes a cycle (every later stage walks the data as
 * a tree), is one more than `maxAliases`, or makes the expanded data grow by more than `maxAliasNodes` nodes
 * is returned. Nothing is expanded: a node's expanded size is counted once and reused by every alias to it,
 * so a billion-laughs file is refused in time linear in its text. The recursion is bounded by the depth
 * limit, checked on the tokens before the tree was built.
 */
export function checkAliases(document: Document, limits: Pick<Limits, 'maxAliases' | 'maxAliasNodes'>): AliasProblem | undefined {
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  const ancestors = new Set<Node>();
  let aliases = 0;
  let added = 0;
  let problem: AliasProblem | undefined;

  // the expanded size of a node: itself, and its items' (a pair is no node of its own; its key and value are)
  const sizeOf = (node: Node | null | undefined): number => {
    if (problem || !node) return 0;
    if (isAlias(node)) return aliasSize(node);
    // an alias names the latest anchor of that name written before it, the node's own anchor included
    if (node.anchor) anchors.set(node.anchor, node);
    if (!isMap(node) && !isSeq(node)) return remember(node, 1);
    ancestors.add(node);
    let size = 1;
    for (const item of node.items) {
      size += isPair(item) ? sizeOf(item.key as Node | null) + sizeOf(item.value as Node | null) : sizeOf(item as Node);
    }
    ancestors.delete(node);
    return remember(node, size);
  };
  const remember = (node: Node, size: number) => {
    if (node.anchor) sizes.set(node, size);
    return size;
  };
  const aliasSize = (alias: Alias): number => {
    const target = anchors.get(alias.source);
    if (!target) problem = { kind: 'unknown', alias };
    else if (ancestors.has(target)) problem = { kind: 'cycle', alias };
    else if (++aliases > limits.maxAliases) problem = { kind: 'too-many', alias, limit: limits.maxAliases };
    else {
      const size = sizes.get(target) ?? 1;
      added += size;
      if (added > limits.maxAliasNodes) problem = { kind: 'too-large', alias, limit: limits.maxAliasNodes };
      bind(alias, target);
      return size;
    }
    return 0;
  };

  sizeOf(document.contents as Node | null);
  return problem;
}

/**
 * Makes `alias.resolve` answer its target at once. `yaml` finds an alias's anchor by walking the whole document
 * (or, while converting it to data, a list of every anchor and alias) on each call, so resolving every alias
 * of a text, as toJS and `locate` do, took time in aliases × nodes: minutes for a few thousand aliases.
 * While converting, the target is converted first (it is written before the alias), so its data is at hand;
 * when it is not, `yaml`'s own way runs.
 */
function bind(alias: Alias, target: Node): void {
  const own = Alias.prototype.resolve;
  Object.defineProperty(alias, 'resolve', {
    configurable: true,
    value(doc: Document, ctx?: { anchors: Map<Node, unknown> }) {
      return ctx && !ctx.anchors.has(target) ? own.call(alias, doc, ctx as never) : target;
    },
  });
}
