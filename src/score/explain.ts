import type { CompiledRubric } from '../rubric/compile.js';
import type { FactProvenance } from '../subjects/facts.js';
import { percentOf } from './levels.js';
import type { Profile } from './profile.js';
import { type NodeTrace, traceNode } from './trace.js';

/** How one number of a profile was computed, as data and as text. */
export interface Explanation {
  id: string;
  trace: NodeTrace;
  /** One line per step, from inputs to result, for people. */
  text: string;
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(Math.round(v * 1000) / 1000));
const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;

/**
 * Explains a node of a profile ('overall' for the overall score) with its rubric: its inputs, weights and method,
 * what was excluded and why, the caps applied, and the level, target and gap that follow. Works on any profile,
 * scored now or read back from a file. Undefined for an id the rubric does not have.
 */
export function explain(compiled: CompiledRubric, profile: Profile, nodeId: string): Explanation | undefined {
  const trace = traceNode(compiled, profile, nodeId);
  if (!trace) return undefined;
  const lines = [`${trace.id} (${trace.tier}): ${describeResult(trace)}`];
  const validated = profile.validation && (nodeId === 'overall' ? profile.validation.overall : profile.validation.nodes[nodeId]);
  if (profile.validation && validated !== undefined)
    lines.push(
      `  validators' rating (${profile.validation.respondents}, not counted above): ${validated === null ? 'none' : fmt(validated)}`,
    );
  // a loop, not a spread: an indicator of a subject with a million respondents has a million lines
  if (trace.kind === 'indicator' && trace.fact) lines.push(factLine(trace.fact));
  else if (trace.kind === 'indicator') for (const line of respondentLines(trace)) lines.push(line);
  else {
    for (const c of trace.children ?? []) {
      const use = c.use === 'counted' ? '' : c.use === 'zero' ? ` counted as ${fmt(c.score)}` : ' excluded';
      lines.push(`  ${c.id}: ${fmt(c.score)} × weight ${fmt(c.weight)}${use}${c.reason ? ` (${c.reason})` : ''}`);
    }
    lines.push(`  method: ${trace.method}; coverage ${pct(trace.result.coverage)}`);
    for (const cap of trace.caps ?? []) lines.push(`  capped by critical ${cap.by}: ${fmt(cap.from)} → ${fmt(cap.to)}`);
  }
  const { target, gap, score, flags } = trace.result;
  if (target !== undefined) {
    const [min] = trace.range;
    const share = score === null ? null : target > min ? Math.min(1, Math.max(0, (score - min) / (target - min))) * 100 : 100;
    lines.push(
      `  target ${fmt(target)}; gap ${fmt(gap)}; ${share === null ? '' : `${fmt(share)}% of the way to target`}`.trimEnd(),
    );
  }
  if (flags.length) lines.push(`  flags: ${flags.join(', ')}`);
  return { id: trace.id, trace, text: lines.join('\n') };
}

/** Where a fact came from: the file, its row, each value with its cell, and the answer it gave. */
function factLine(fact: FactProvenance): string {
  const values = fact.from.map(
    (f) => `${f.attribute} ${typeof f.value === 'number' ? fmt(f.value) : f.value} (${f.cell} '${f.column}')`,
  );
  const answer = typeof fact.answer === 'number' ? fmt(fact.answer) : String(fact.answer);
  return `  fact from ${fact.file ?? 'the subjects file'}, row ${fact.row}: ${values.join(', ')} → ${answer}`;
}

function respondentLines(trace: NodeTrace): string[] {
  const lines: string[] = [];
  for (const a of trace.respondents ?? []) {
    const who = `${a.respondent}${a.role ? ` (${a.role})` : ''}`;
    const value = a.status === 'answered' ? `${fmt(a.raw)}${a.points !== a.raw ? ` → ${fmt(a.points)}` : ''}` : a.status;
    lines.push(`  ${who}: ${value}${a.evidence ? ', with evidence' : ''}${a.note ? ` (${a.note})` : ''}`);
  }
  const answered = (trace.respondents ?? []).filter((a) => a.status === 'answered');
  if (answered.length > 1)
    lines.push(`  combined by ${trace.combine} of ${answered.map((a) => fmt(a.points)).join(', ')}; spread ${fmt(trace.spread)}`);
  return lines;
}

function describeResult(trace: NodeTrace): string {
  const { score, level, reason, status } = trace.result;
  if (score === null) return `no score: ${reason ?? status}`;
  const [min, max] = trace.range;
  return `${fmt(score)} on ${fmt(min)}..${fmt(max)} (${fmt(percentOf(score, trace.range))}/100${level ? `, level ${level}` : ''})`;
}
