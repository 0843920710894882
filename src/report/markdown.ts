import type { CohortSummary } from '../cohort/summarize.js';
import type { Policy, Recommendation } from '../policy/model.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { Profile } from '../score/profile.js';
import { OVERALL } from '../score/tables.js';
import { bySubjectId } from '../text/order.js';
import { money } from './allocation-report.js';
import { reportContext } from './subject-report.js';
import { fmt, escapeMarkdown as md } from './text.js';

export interface MarkdownInput {
  rubric: CompiledRubric;
  profiles: readonly Profile[];
  summary?: CohortSummary;
  recommendations?: readonly Recommendation[];
  policy?: Policy;
  locale?: string;
  /** The data are synthetic (made for a demonstration): the report says so. */
  synthetic?: boolean;
}

const table = (head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[]) =>
  [
    `| ${head.join(' | ')} |`,
    `|${numeric.map((n) => (n ? '---:' : '---')).join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

/**
 * A run in Markdown, for terminals, notebooks and issue trackers: the cohort's distribution per domain, the
 * subjects per track, then one line per subject (score, level, track, largest gap). Pure and deterministic.
 */
export function renderMarkdownSummary(input: MarkdownInput): string {
  const ctx = reportContext(input.rubric, input.locale, input.synthetic);
  const { words } = ctx;
  const out: string[] = [`# ${md(ctx.t(input.rubric.rubric.title))}`, '', `${input.profiles.length} ${md(words.subjects)}`, ''];
  if (ctx.synthetic) out.splice(2, 0, `> ${md(words.synthetic)}`, '');
  if (input.summary) {
    const ids = [OVERALL, ...input.rubric.rubric.nodes.map((n) => n.id)];
    const rows = ids.map((id) => {
      const d = input.summary?.distributions.find((x) => x.id === id);
      return [
        md(id === OVERALL ? words.overall : `${id} ${ctx.title(id)}`),
        String(d?.n ?? 0),
        fmt(d?.mean),
        fmt(d?.median),
        fmt(d?.q1),
        fmt(d?.q3),
      ];
    });
    out.push(
      `## ${md(words.domains)}`,
      '',
      table(['', words.n, words.mean, words.median, 'Q1', 'Q3'], rows, [false, true, true, true, true, true]),
      '',
    );
  }
  const policy = input.policy;
  const counts = input.summary?.tracks?.counts;
  if (policy && counts) {
    const rows = counts.map((c) => [
      md(c.track),
      md(ctx.t(policy.tracks.find((t) => t.id === c.track)?.title, c.track)),
      String(c.n),
    ]);
    out.push(`## ${md(words.tracks)}`, '', table([words.track, '', words.n], rows, [false, false, true]), '');
  }
  const pools = input.summary?.allocations ?? [];
  if (policy && pools.length) {
    const rows = pools.map((p) => [
      md(ctx.t(policy.allocations.find((a) => a.id === p.id)?.title, p.id)),
      md(money(ctx, p.pool, p.unit)),
      `${p.eligible} / ${p.considered}`,
      md(money(ctx, p.total, p.unit)),
      md(money(ctx, p.undistributed, p.unit)),
    ]);
    const head = [words.pool, words.amount, `${words.eligible} / ${words.considered}`, words.distributed, words.undistributed];
    out.push(
      `## ${md(words.allocations)}`,
      '',
      table(head.map(md), rows, [false, true, true, true, true]),
      '',
      md(words.rounding),
      '',
    );
  }
  const recOf = new Map((input.recommendations ?? []).map((r) => [r.subject.id, r] as const));
  const sorted = bySubjectId(input.profiles);
  const rows = sorted.map((p) => {
    const top = p.priorities[0];
    return [
      md(p.subject.id),
      md(p.subject.name ?? ''),
      fmt(p.overall.score),
      md(ctx.levelLabel(OVERALL, p.overall.level)),
      md(recOf.get(p.subject.id)?.primary ?? '–'),
      top ? `${md(top.id)} (${fmt(top.gap)})` : '–',
    ];
  });
  out.push(
    `## ${md(words.subjects)}`,
    '',
    table([words.subject, '', words.overall, words.level, words.track, words.gap], rows, [
      false,
      false,
      true,
      false,
      false,
      false,
    ]),
    '',
  );
  const flagged = input.summary?.equity?.filter((e) => e.flagged) ?? [];
  if (flagged.length) {
    out.push(`## ${md(words.equity)}`, '');
    for (const e of flagged)
      out.push(
        `- ${md(e.attribute)} = ${md(e.value ?? '–')}: ${md(e.track)} ${e.granted}/${e.qualified} (${fmt(e.rate * 100, 0)}% vs ${fmt((e.restRate ?? 0) * 100, 0)}%)`,
      );
    out.push('');
  }
  const icc = input.summary?.agreement.icc ?? [];
  if (icc.length) {
    const rows = icc.map((a) => [md(ctx.title(a.id)), fmt(a.icc1), fmt(a.icc2), String(a.subjects)]);
    out.push(
      `## ${md(words.cohortAgreement)}`,
      '',
      table(['', 'ICC(1)', 'ICC(2)', words.subjects], rows, [false, true, true, true]),
      '',
    );
  }
  return `${out.join('\n')}`;
}
