import type { NodeResult, Profile } from './profile.js';

/** How one number of a profile was computed, as data and as text. */
export interface Explanation {
  id: string;
  node: NodeResult;
  /** One line per step, from inputs to result, for people. */
  text: string;
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(Math.round(v * 1000) / 1000));
const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;

/**
 * Explains a node of a profile ('overall' for the overall score): its inputs, weights and method, what was
 * excluded and why, the caps applied, and the level, target and gap that follow. Returns undefined for an
 * id the profile does not have.
 */
export function explain(profile: Profile, nodeId: string): Explanation | undefined {
  const node = nodeId === 'overall' && !profile.nodes.overall ? profile.overall : profile.nodes[nodeId];
  if (!node) return undefined;
  const lines: string[] = [`${node.id} (${node.tier}): ${describeResult(node)}`];
  if (node.kind === 'indicator') {
    for (const a of node.respondents ?? []) {
      const who = `${a.respondent}${a.role ? ` (${a.role})` : ''}`;
      const value = a.status === 'answered' ? `${fmt(a.raw)}${a.points !== a.raw ? ` → ${fmt(a.points)}` : ''}` : a.status;
      const evidence = a.evidence > 0 ? `, ${a.evidence} evidence` : '';
      lines.push(`  ${who}: ${value}${evidence}${a.note ? ` (${a.note})` : ''}`);
    }
    const answered = (node.respondents ?? []).filter((a) => a.status === 'answered');
    if (answered.length > 1)
      lines.push(`  combined by ${node.combine} of ${answered.map((a) => fmt(a.points)).join(', ')}; spread ${fmt(node.spread)}`);
  } else {
    for (const c of node.children ?? []) {
      const use = c.use === 'counted' ? '' : c.use === 'zero' ? ` counted as ${fmt(c.score)}` : ' excluded';
      lines.push(`  ${c.id}: ${fmt(c.score)} × weight ${fmt(c.weight)}${use}${c.reason ? ` (${c.reason})` : ''}`);
    }
    lines.push(`  method: ${node.method}; coverage ${pct(node.coverage)}`);
    for (const cap of node.caps ?? []) lines.push(`  capped by critical ${cap.by}: ${fmt(cap.from)} → ${fmt(cap.to)}`);
  }
  if (node.target !== undefined) {
    lines.push(
      `  target ${fmt(node.target)}; gap ${fmt(node.gap)}; ${node.percentOfTarget === null || node.percentOfTarget === undefined ? '' : `${fmt(node.percentOfTarget)}% of the way to target`}`.trimEnd(),
    );
  }
  if (node.flags.length) lines.push(`  flags: ${node.flags.join(', ')}`);
  return { id: node.id, node, text: lines.join('\n') };
}

function describeResult(node: NodeResult): string {
  if (node.score === null) return `no score: ${node.reason ?? node.status}`;
  const level = node.level ? `, level ${node.level}` : '';
  return `${fmt(node.score)} on ${fmt(node.range[0])}..${fmt(node.range[1])} (${fmt(node.percent)}/100${level})`;
}
