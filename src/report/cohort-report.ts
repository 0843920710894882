import type { Fairness } from '../cohort/fairness.js';
import type { CohortSummary } from '../cohort/summarize.js';
import type { Alternative } from '../policy/alternatives.js';
import type { Policy, Recommendation } from '../policy/model.js';
import type { Robustness } from '../policy/robustness.js';
import { conditionSentence, fill } from '../policy/sentences.js';
import type { CompiledRubric } from '../rubric/compile.js';
import { percentOf } from '../score/levels.js';
import type { Profile } from '../score/profile.js';
import { OVERALL } from '../score/tables.js';
import { bySubjectId } from '../text/order.js';
import { ownValue } from '../text/own.js';
import { cohortAllocationSection } from './allocation-report.js';
import { heatColor } from './charts.js';
import { CONVENTIONAL_AGREEMENT, htmlDocument, type ReportContext, reportContext } from './subject-report.js';
import { fmt, escapeHtml as h } from './text.js';

export interface CohortReportInput {
  rubric: CompiledRubric;
  profiles: readonly Profile[];
  summary: CohortSummary;
  recommendations?: readonly Recommendation[];
  policy?: Policy;
  locale?: string;
  /** The data are synthetic (made for a demonstration): the report says so. */
  synthetic?: boolean;
  /** Decisions made again under other methods (mahvan robustness): how many hold, and the methods declared. */
  robustness?: Robustness & { declared?: readonly Alternative[] };
  /** Link each subject to its own report: subject id → relative URL. */
  links?: Readonly<Record<string, string>>;
}

/**
 * A cohort's report as a self-contained HTML page: a heatmap of subjects × domains, the peer groups' scores,
 * the subjects per track, the equity check and the rubric's own soundness. Pure: a string from data.
 */
export function renderCohortReport(input: CohortReportInput): string {
  const ctx = reportContext(input.rubric, input.locale, input.synthetic);
  const title = `${ctx.words.cohort}: ${ctx.t(input.rubric.rubric.title)}`;
  const body = [
    `<header><h1>${h(title)}</h1><p class="meta">${input.summary.subjects} ${h(ctx.words.subjects)} · ${h(input.rubric.rubric.id)} ${h(input.rubric.rubric.version)}</p></header>`,
    input.summary.tracks && input.policy ? trackSection(ctx, input.summary, input.policy) : '',
    input.policy ? cohortAllocationSection(ctx, input.summary, input.policy) : '',
    heatmapSection(ctx, input),
    groupSection(ctx, input.summary),
    input.summary.fairness && input.policy ? fairnessSection(ctx, input.summary.fairness, input.policy) : '',
    input.summary.equity && input.policy ? equitySection(ctx, input.summary, input.policy) : '',
    input.robustness && input.policy ? robustnessSection(ctx, input.robustness, input.policy) : '',
    qualitySection(ctx, input.summary),
    agreementSection(ctx, input.summary),
    `<footer>${h(ctx.words.generated)}</footer>`,
  ].join('\n');
  return htmlDocument(ctx, title, body);
}

const trackTitle = (ctx: ReportContext, policy: Policy, id: string) => ctx.t(policy.tracks.find((t) => t.id === id)?.title, id);

function trackSection(ctx: ReportContext, summary: CohortSummary, policy: Policy): string {
  const counts = summary.tracks?.counts ?? [];
  const most = Math.max(1, ...counts.map((c) => c.n));
  const rows = counts.map(
    (c) =>
      `<tr data-track="${h(c.track)}"><td>${h(trackTitle(ctx, policy, c.track))}</td><td class="num">${c.n}</td><td><span class="hbar" style="inline-size:${fmt((c.n / most) * 100, 1)}%"></span></td></tr>`,
  );
  return `<section class="tracks"><h2>${h(ctx.words.tracks)}</h2><table><tbody>${rows.join('')}</tbody></table></section>`;
}

function heatmapSection(ctx: ReportContext, input: CohortReportInput): string {
  const domains = input.rubric.rubric.nodes;
  const recOf = new Map((input.recommendations ?? []).map((r) => [r.subject.id, r] as const));
  const sorted = bySubjectId(input.profiles);
  const cell = (score: number | null, range: readonly [number, number]) => {
    const percent = percentOf(score, range);
    return `<td class="cell" style="background:${heatColor(percent === null ? null : percent / 100)}">${fmt(score, 1)}</td>`;
  };
  const rows = sorted.map((p) => {
    // only relative links: a URL scheme (javascript:, data:) never reaches an href
    const link = [ownValue(input.links, p.subject.id)].find((l) => l !== undefined && !/^[a-z][a-z0-9+.-]*:/i.test(l));
    const name = h(p.subject.name ?? p.subject.id);
    const track = recOf.get(p.subject.id)?.primary;
    return `<tr data-subject="${h(p.subject.id)}"><td>${link ? `<a href="${h(link)}">${name}</a>` : name}</td>${cell(p.overall.score, input.rubric.rubric.overall.range)}${domains
      .map((d) => cell(p.nodes[d.id]?.score ?? null, d.range))
      .join('')}${input.policy ? `<td>${h(track ?? '–')}</td>` : ''}</tr>`;
  });
  const head = `<tr><th>${h(ctx.words.subject)}</th><th title="${h(ctx.words.overall)}">${h(ctx.words.overall)}</th>${domains
    .map((d) => `<th title="${h(ctx.title(d.id))}"><span class="ltr">${h(d.id)}</span></th>`)
    .join('')}${input.policy ? `<th>${h(ctx.words.track)}</th>` : ''}</tr>`;
  const legend = `<p class="legend-line">${domains.map((d) => `<span class="ltr">${h(d.id)}</span> ${h(ctx.title(d.id))}`).join(' · ')}</p>`;
  return `<section class="heatmap-section"><h2>${h(ctx.words.heatmap)}</h2>${legend}<table class="heatmap"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></section>`;
}

function groupSection(ctx: ReportContext, summary: CohortSummary): string {
  const domains = ctx.rubric.rubric.nodes.map((n) => n.id);
  const attributes = [...new Set(summary.groups.map((g) => g.attribute))];
  const tables = attributes.map((attribute) => {
    const declared = ctx.rubric.rubric.attributes.find((a) => a.id === attribute);
    const rows = summary.groups
      .filter((g) => g.attribute === attribute)
      .map((g) => {
        const mean = (id: string) => g.nodes.find((n) => n.id === id)?.mean ?? null;
        return `<tr><td>${h(ctx.attributeValue(attribute, g.value))}</td><td class="num">${g.n}</td><td class="num">${fmt(mean(OVERALL))}</td><td class="num">${fmt(g.nodes[0]?.median ?? null)}</td>${domains.map((d) => `<td class="num">${fmt(mean(d), 1)}</td>`).join('')}</tr>`;
      });
    return `<h3>${h(ctx.t(declared?.title, attribute))}</h3><table><thead><tr><th></th><th class="num">${h(ctx.words.n)}</th><th class="num">${h(ctx.words.mean)}</th><th class="num">${h(ctx.words.median)}</th>${domains.map((d) => `<th class="num"><span class="ltr">${h(d)}</span></th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
  });
  return `<section class="groups"><h2>${h(ctx.words.peerGroups)}</h2>${tables.join('')}</section>`;
}

/** Each alternative method in the reader's words. */
function alternativeName(ctx: ReportContext, id: string, alternatives: readonly Alternative[] | undefined): string {
  const a = alternatives?.find((x) => x.id === id);
  if (!a) return id;
  const { words } = ctx;
  if ('weights' in a) return words.altEqualWeights;
  if ('aggregation' in a) {
    const method = (words as unknown as Record<string, string | undefined>)[`method_${a.aggregation}`] ?? a.aggregation;
    return fill(words.altAggregation, { method });
  }
  if ('missing' in a) return a.missing === 'zero' ? words.altMissingZero : words.altMissingExclude;
  return a.combine === 'mean' ? words.altMean : words.altMedian;
}

/** Robustness in words: how many decisions hold under every alternative, and which change, under which. */
function robustnessSection(ctx: ReportContext, r: Robustness & { declared?: readonly Alternative[] }, policy: Policy): string {
  const { words } = ctx;
  const pct = (v: number | null) => (v === null ? '–' : `${fmt(v * 100, 0)}%`);
  const summary = fill(words.robustnessSummary, {
    stable: String(r.stableTrack),
    subjects: String(r.subjects),
    share: pct(r.trackShare),
    alternatives: String(r.alternatives.length),
    levels: String(r.stableLevel),
    levelShare: pct(r.levelShare),
  });
  const list = r.alternatives.map((id) => `<li>${h(alternativeName(ctx, id, r.declared))}</li>`).join('');
  const flips = r.bySubject
    .filter((s) => s.flips.some((f) => f.track !== s.track))
    .slice(0, 30)
    .map((s) => {
      const changes = s.flips
        .filter((f) => f.track !== s.track)
        .map((f) => `${alternativeName(ctx, f.alternative, r.declared)} → ${trackTitle(ctx, policy, f.track ?? '–')}`);
      return `<tr><td><bdi>${h(s.subject)}</bdi></td><td>${h(trackTitle(ctx, policy, s.track ?? '–'))}</td><td>${h(changes.join('; '))}</td></tr>`;
    });
  const table = flips.length
    ? `<table><thead><tr><th></th><th>${h(words.track)}</th><th>${h(words.robustnessFlips)}</th></tr></thead><tbody>${flips.join('')}</tbody></table>`
    : '';
  return `<section class="robustness"><h2>${h(words.robustness)}</h2><p>${h(summary)}</p><ul>${list}</ul>${table}</section>`;
}

/** The fairness check in words: what was checked, what was found within levels, and what was held back apart. */
function fairnessSection(ctx: ReportContext, f: Fairness, policy: Policy): string {
  const { words } = ctx;
  const pct = (v: number) => `${fmt(v * 100, 0)}%`;
  const names = f.attributes.map((a) => ctx.attributeTitle(a)).join(', ');
  const suppressed = f.groups.filter((g) => g.suppressed).length;
  const group = (attribute: string, value: string | null) =>
    `${ctx.attributeTitle(attribute)}: ${ctx.attributeValue(attribute, value)}`;
  const rows = f.findings.map(
    (x) =>
      `<tr><td>${h(group(x.attribute, x.value))}</td><td>${h(ctx.levelLabel(OVERALL, x.band))}</td><td>${h(trackTitle(ctx, policy, x.track))}</td><td class="num">${pct(x.share)} (${x.n})</td><td class="num">${pct(x.restShare)} (${x.restN})</td><td>${x.blocking ? `${h(conditionSentence(JSON.parse(x.blocking.condition), ctx))} (${x.blocking.count})` : ''}</td></tr>`,
  );
  const found = rows.length
    ? `<p>${h(fill(words.fairnessFound, { n: String(rows.length) }))}</p><table><thead><tr><th></th><th>${h(words.level)}</th><th>${h(words.track)}</th><th class="num"></th><th class="num">${h(words.fairnessRest)}</th><th>${h(words.fairnessBlocking)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : `<p>${h(fill(words.fairnessNone, { gap: String(Math.round(f.gap * 100)) }))}</p>`;
  const shown = f.groups.filter((g) => !g.suppressed);
  const held = shown.filter((g) => (g.heldByGuards ?? 0) + (g.heldByWaves ?? 0) > 0);
  const heldList = held.length
    ? `<h3>${h(words.fairnessHeld)}</h3><ul>${held.map((g) => `<li>${h(group(g.attribute, g.value))}: ${g.heldByGuards ?? 0} + ${g.heldByWaves ?? 0}</li>`).join('')}</ul>`
    : '';
  const factIds = [...new Set(shown.flatMap((g) => Object.keys(g.facts ?? {})))];
  const facts = factIds.length
    ? `<h3>${h(words.fairnessFacts)}</h3><table><thead><tr><th></th>${factIds.map((id) => `<th class="num">${h(ctx.title(id))}</th>`).join('')}</tr></thead><tbody>${shown
        .map(
          (g) =>
            `<tr><td>${h(group(g.attribute, g.value))}</td>${factIds.map((id) => `<td class="num">${fmt(g.facts?.[id]?.mean ?? null, 1)}</td>`).join('')}</tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const byDesign = f.readByPolicy?.length
    ? `<p>${h(fill(words.fairnessByDesign, { attributes: f.readByPolicy.map((a) => ctx.attributeTitle(a)).join(', ') }))}</p>`
    : '';
  return `<section class="fairness"><h2>${h(words.fairness)}</h2><p>${h(fill(words.fairnessChecked, { attributes: names, min: String(f.minGroup), suppressed: String(suppressed) }))}</p>${byDesign}${found}${heldList}${facts}</section>`;
}

function equitySection(ctx: ReportContext, summary: CohortSummary, policy: Policy): string {
  const rows = (summary.equity ?? []).map(
    (e) =>
      `<tr class="${e.flagged ? 'warn' : ''}"><td>${h(ctx.attributeTitle(e.attribute))}: ${h(ctx.attributeValue(e.attribute, e.value))}</td><td>${h(trackTitle(ctx, policy, e.track))}</td><td class="num">${e.granted} / ${e.qualified}</td><td class="num">${fmt(e.rate * 100, 0)}%</td><td class="num">${fmt(e.restRate === null ? null : e.restRate * 100, 0)}%</td><td>${e.flagged ? h(ctx.words.flagged) : ''}</td></tr>`,
  );
  const body = rows.length
    ? `<table><thead><tr><th></th><th>${h(ctx.words.track)}</th><th class="num">${h(ctx.words.granted)} / ${h(ctx.words.qualified)}</th><th class="num">%</th><th class="num">%</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : `<p>${h(ctx.words.none)}</p>`;
  return `<section class="equity"><h2>${h(ctx.words.equity)}</h2>${body}</section>`;
}

function qualitySection(ctx: ReportContext, summary: CohortSummary): string {
  const { quality } = summary;
  const reliability = quality.reliability
    .filter((r) => r.id === OVERALL || ctx.rubric.rubric.nodes.some((n) => n.id === r.id))
    .map(
      (r) =>
        `<tr><td>${h(ctx.title(r.id))}</td><td class="num">${r.items}</td><td class="num">${r.n}</td><td class="num">${fmt(r.alpha)}</td></tr>`,
    );
  const list = (items: readonly string[]) =>
    items.length ? `<ul>${items.map((i) => `<li>${h(i)}</li>`).join('')}</ul>` : `<p>${h(ctx.words.none)}</p>`;
  return `<section class="quality"><h2>${h(ctx.words.quality)}</h2>
<table><thead><tr><th></th><th class="num">k</th><th class="num">${h(ctx.words.n)}</th><th class="num">${h(ctx.words.alpha)}</th></tr></thead><tbody>${reliability.join('')}</tbody></table>
<h3>${h(ctx.words.disagreement)}</h3>${list(quality.disagreement.slice(0, 10).map((d) => `${ctx.title(d.id)}: ${fmt(d.share * 100, 0)}%`))}</section>`;
}

/**
 * ICC(1), the share of the answers' variance that lies between subjects, and ICC(2), how reliable the subject
 * means are (0.7 or more: they can be compared), the overall then each indicator; and the subjects flagged.
 */
function agreementSection(ctx: ReportContext, summary: CohortSummary): string {
  const { icc, needsConsensus } = summary.agreement;
  const rows = icc.map(
    (a) =>
      `<tr><td>${h(ctx.title(a.id))}</td><td class="num">${fmt(a.icc1)}</td><td class="num">${fmt(a.icc2)}</td><td class="num">${a.subjects}</td><td>${h(a.icc2 >= CONVENTIONAL_AGREEMENT ? ctx.words.reliable : ctx.words.unreliable)}</td></tr>`,
  );
  const table = rows.length
    ? `<table><thead><tr><th></th><th class="num">${h(ctx.words.betweenShare)} <span class="ltr">ICC(1)</span></th><th class="num">${h(ctx.words.meanReliability)} <span class="ltr">ICC(2)</span></th><th class="num">${h(ctx.words.subjects)}</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : `<p>${h(ctx.words.none)}</p>`;
  const flagged = needsConsensus.map((c) => `${ctx.title(c.id)}: ${c.subjects}`);
  return `<section class="agreement"><h2>${h(ctx.words.cohortAgreement)}</h2>${table}
<h3>${h(ctx.words.consensusSubjects)}</h3>${flagged.length ? `<ul>${flagged.map((f) => `<li>${h(f)}</li>`).join('')}</ul>` : `<p>${h(ctx.words.none)}</p>`}</section>`;
}
