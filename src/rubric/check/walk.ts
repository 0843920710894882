import type { DataPath } from '../../diagnostics/diagnostic.js';
import type { NodeInput, RubricInput } from '../schema.js';

/** A node as met in a pre-order walk of the tree. */
export interface VisitedNode {
  node: NodeInput;
  path: DataPath;
  depth: number;
  parent?: VisitedNode;
}

/** The rubric's nodes in pre-order (document order), each with its path, depth and parent. */
export function walkNodes(rubric: RubricInput): VisitedNode[] {
  const out: VisitedNode[] = [];
  const visit = (node: NodeInput, path: DataPath, depth: number, parent?: VisitedNode) => {
    const visited: VisitedNode = { node, path, depth, ...(parent ? { parent } : {}) };
    out.push(visited);
    node.children?.forEach((child, i) => visit(child, [...path, 'children', i], depth + 1, visited));
  };
  rubric.nodes.forEach((node, i) => visit(node, ['nodes', i], 0));
  return out;
}

/** The tier ids, whether written as plain ids or with titles. */
export const tierIds = (rubric: RubricInput): string[] => rubric.tiers.map((t) => (typeof t === 'string' ? t : t.id));
