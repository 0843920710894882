import type { Policy, Recommendation } from '../policy/model.js';
import { heldBack, type Names, reasonLines, rubricNames } from '../policy/sentences.js';
import type { CompiledRubric } from '../rubric/compile.js';
import type { RubricNode } from '../rubric/model.js';
import { compareProfiles } from '../score/compare.js';
import type { NodeResult, Profile } from '../score/profile.js';
import { OVERALL } from '../score/tables.js';
import { ownValue } from '../text/own.js';
import { subjectAllocationSection } from './allocation-report.js';
import { radarChart } from './charts.js';
import { REPORT_CSS } from './style.js';
import { directionOf, fmt, escapeHtml as h, textIn, type Words, wordsFor } from './text.js';

/** What a subject report shows; everything but the rubric and the profile is optional. */
export interface SubjectReportInput {
  rubric: CompiledRubric;
  profile: Profile;
  recommendation?: Recommendation;
  policy?: Policy;
  /** The same subject's profile in the previous wave, for the change since then. */
  previous?: Profile;
  /** The report's language (default: the rubric's default locale). */
  locale?: string;
  /** The data are synthetic (made for a demonstration): every page says so. */
  synthetic?: boolean;
}

/** The context every section renders with; its names are those the reasons are written with. */
export interface ReportContext extends Names {
  /** Every page says the data are synthetic. */
  synthetic: boolean;
  rubric: CompiledRubric;
  locale: string;
  dir: 'rtl' | 'ltr';
  words: Words;
  t: ReturnType<typeof textIn>;
  title: (id: string) => string;
  levelLabel: (id: string, level: string | null) => string;
  /** An attribute's title, and one of its values, in the report's locale (a category's value by its label). */
  attributeTitle: (id: string) => string;
  attributeValue: (id: string, value: string | number | boolean | null | undefined) => string;
}

export function reportContext(rubric: CompiledRubric, locale = rubric.rubric.defaultLocale, synthetic = false): ReportContext {
  const fallbacks = [...(ownValue(rubric.rubric.fallbacks, locale) ?? []), rubric.rubric.defaultLocale, 'en'];
  const t = textIn(locale, fallbacks);
  return {
    ...rubricNames(rubric, locale, fallbacks, wordsFor(locale).overall),
    synthetic,
    rubric,
    locale,
    dir: directionOf(locale),
    words: wordsFor(locale),
    t,
  };
}

/** A whole HTML document around a body: inline CSS, no scripts, nothing fetched. */
export function htmlDocument(ctx: ReportContext, title: string, body: string): string {
  return `<!doctype html>
<html lang="${h(ctx.locale)}" dir="${ctx.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${ctx.synthetic ? `<p class="notice" role="note">${h(ctx.words.synthetic)}</p>\n` : ''}${body}
</main>
</body>
</html>
`;
}

/**
 * A subject's report as a self-contained HTML page: the domains on a radar with their targets, a bar per
 * capability with its target, gaps and priorities, the recommended engagement with its reasons, warnings, and
 * the change since the previous wave. Right to left for Hebrew and Arabic. Pure: a string from data.
 */
export function renderSubjectReport(input: SubjectReportInput): string {
  const ctx = reportContext(input.rubric, input.locale, input.synthetic);
  const { profile } = input;
  const { words } = ctx;
  const name = profile.subject.name ?? profile.subject.id;
  const heading = `${words.profile}: ${name}`;
  const body = [
    `<header><h1>${h(heading)}</h1><p class="meta">${h(ctx.t(input.rubric.rubric.title))} · <span class="ltr">${h(profile.subject.id)}</span>${profile.wave ? ` · ${h(profile.wave)}` : ''}${attributeLine(ctx, profile)}</p></header>`,
    summarySection(ctx, profile, input.recommendation, input.policy),
    radarSection(ctx, profile),
    capabilitySection(ctx, profile),
    prioritySection(ctx, profile),
    input.recommendation && input.policy ? engagementSection(ctx, input.recommendation, input.policy) : '',
    agreementSection(ctx, profile),
    input.recommendation?.allocations && input.policy
      ? subjectAllocationSection(ctx, input.recommendation.allocations, input.policy)
      : '',
    warningSection(ctx, profile),
    input.previous ? changeSection(ctx, input.previous, profile) : '',
    `<footer>${h(words.generated)} · ${h(input.rubric.rubric.id)} ${h(input.rubric.rubric.version)}${input.policy ? ` · ${h(input.policy.id)} ${h(input.policy.version)}` : ''}</footer>`,
  ].join('\n');
  return htmlDocument(ctx, heading, body);
}

function attributeLine(ctx: ReportContext, profile: Profile): string {
  const attributes = Object.entries(profile.subject.attributes ?? {});
  const shown = attributes.map(([k, v]) => `${h(ctx.attributeTitle(k))}: <bdi>${h(ctx.attributeValue(k, v))}</bdi>`);
  return attributes.length ? ` · ${shown.join(' · ')}` : '';
}

function summarySection(ctx: ReportContext, profile: Profile, rec?: Recommendation, policy?: Policy): string {
  const { words } = ctx;
  const o = profile.overall;
  const card = (label: string, value: string) =>
    `<div class="card"><span class="muted">${h(label)}</span><b>${h(value)}</b></div>`;
  const track =
    rec && policy && rec.primary ? ctx.t(policy.tracks.find((t) => t.id === rec.primary)?.title, rec.primary) : undefined;
  return `<section class="summary"><div class="cards">${[
    card(words.overall, fmt(o.score)),
    card(words.level, ctx.levelLabel(OVERALL, o.level)),
    card(words.target, fmt(o.target)),
    card(words.gap, fmt(o.gap)),
    card(words.coverage, `${fmt(o.coverage * 100, 0)}%`),
    card(words.confidence, `${fmt(o.confidence * 100, 0)}%`),
    track ? card(words.primary, track) : '',
  ].join('')}</div></section>`;
}

function radarSection(ctx: ReportContext, profile: Profile): string {
  const domains = ctx.rubric.rubric.nodes.filter((n) => profile.nodes[n.id] !== undefined);
  const lo = Math.min(...domains.map((d) => d.range[0]));
  const hi = Math.max(...domains.map((d) => d.range[1]));
  const axes = domains.map((d) => {
    const r = profile.nodes[d.id] as NodeResult;
    return { id: d.id, label: ctx.title(d.id), value: r.score, target: r.target ?? null };
  });
  return `<section class="domains"><h2>${h(ctx.words.domains)}</h2>${radarChart(axes, [lo, hi], ctx.words.domains, { score: ctx.words.legendScore, target: ctx.words.legendTarget })}</section>`;
}

/** A bar for a node: its score across its range, and a mark at its target. */
/** A node's bar: its score, its target, and (dashed) the external validators' rating beside it. */
function barRow(ctx: ReportContext, node: RubricNode, r: NodeResult, validated?: number | null): string {
  const [min, max] = node.range;
  const share = (v: number) => ((v - min) / (max - min || 1)) * 100;
  const at = (v: number, kind: string) =>
    `<span class="mark${kind}" style="inset-inline-start:${fmt(Math.min(99.5, share(v)), 1)}%"></span>`;
  const fill = r.score === null ? '' : `<span class="fill" style="inline-size:${fmt(share(r.score), 1)}%"></span>`;
  const mark = r.target === undefined ? '' : at(r.target, '');
  const check = validated === undefined || validated === null ? '' : at(validated, ' validation');
  const value = r.score === null ? ctx.words.noScore : `${fmt(r.score)} · ${ctx.levelLabel(node.id, r.level)}`;
  const beside = check ? ` · ${ctx.words.legendValidation}: ${fmt(validated as number)}` : '';
  return `<div class="row" data-id="${h(node.id)}"><span>${h(ctx.title(node.id))}</span><span class="bar">${fill}${mark}${check}</span><span class="num">${h(value + beside)}</span></div>`;
}

function capabilitySection(ctx: ReportContext, profile: Profile): string {
  const { words } = ctx;
  const groups = ctx.rubric.rubric.nodes.map((domain) => {
    const children = domain.kind === 'group' ? domain.children : [];
    const rows = children.filter((c) => profile.nodes[c.id] !== undefined);
    const bar = (c: RubricNode) => barRow(ctx, c, profile.nodes[c.id] as NodeResult, profile.validation?.nodes[c.id]);
    return `<h3>${h(ctx.title(domain.id))}</h3><div class="bars">${rows.map(bar).join('')}</div>`;
  });
  const validation = profile.validation
    ? ` &nbsp; <span class="swatch validation"></span> ${h(words.legendValidation)} (${profile.validation.respondents})`
    : '';
  const legend = `<p class="legend-line"><span class="swatch"></span>${h(words.legendScore)} &nbsp; <span class="swatch target"></span> ${h(words.legendTarget)}${validation}</p>`;
  return `<section class="capabilities"><h2>${h(words.capabilities)}</h2>${legend}${groups.join('')}</section>`;
}

function prioritySection(ctx: ReportContext, profile: Profile): string {
  const { words } = ctx;
  const rows = profile.priorities.slice(0, 10).map((p) => {
    const r = profile.nodes[p.id] as NodeResult;
    return `<tr><td>${h(ctx.title(p.id))}</td><td class="num">${fmt(r.score)}</td><td class="num">${fmt(r.target)}</td><td class="num">${fmt(p.gap)}</td><td class="num">${fmt(p.weightedGap)}</td></tr>`;
  });
  const table = rows.length
    ? `<table><thead><tr><th>${h(words.capabilities)}</th><th class="num">${h(words.score)}</th><th class="num">${h(words.target)}</th><th class="num">${h(words.gap)}</th><th class="num">${h(words.weightedGap)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : `<p>${h(words.none)}</p>`;
  return `<section class="priorities"><h2>${h(words.priorities)}</h2>${table}</section>`;
}

function engagementSection(ctx: ReportContext, rec: Recommendation, policy: Policy): string {
  const { words, t } = ctx;
  const track = (id: string) => t(policy.tracks.find((x) => x.id === id)?.title, id);
  const measure = (id: string) => t(policy.measures.find((x) => x.id === id)?.title, id);
  const primary = rec.primary ? policy.tracks.find((x) => x.id === rec.primary) : undefined;
  const list = (items: readonly string[]) =>
    items.length ? `<ul>${items.map((i) => `<li>${h(i)}</li>`).join('')}</ul>` : `<p>${h(words.none)}</p>`;
  const reasons = reasonLines(rec, policy, ctx).map((r) => {
    const facts = r.facts.map((f) => `<li class="${f.holds ? 'holds' : 'fails'}">${f.holds ? '✓' : '✗'} ${h(f.text)}</li>`);
    return `<li class="${r.holds ? 'holds' : 'fails'}">${r.holds ? '✓' : '✗'} ${h(r.label)}${r.effect ? ` — ${h(r.effect)}` : ''}${facts.length ? `<ul>${facts.join('')}</ul>` : ''}</li>`;
  });
  const held = heldBack(rec, policy, ctx).map((line) => `<p class="held">${h(line)}</p>`);
  const levers = (rec.levers ?? []).slice(0, 5).map((l) => {
    const parts = [
      ...(l.track
        ? [`${words.track}: ${l.track.from ? track(l.track.from) : '–'} → ${l.track.to ? track(l.track.to) : '–'}`]
        : []),
      ...l.raises.map((r) => `${ctx.title(r.id)}: ${ctx.levelLabel(r.id, r.from)} → ${ctx.levelLabel(r.id, r.to)}`),
    ];
    return `<li>${h(ctx.title(l.indicator))} (${fmt(l.from)} → ${fmt(l.to)}): ${h(parts.join('; '))}</li>`;
  });
  return `<section class="engagement"><h2>${h(words.engagement)}</h2>
<p><span class="track">${h(rec.primary ? track(rec.primary) : words.none)}</span></p>
${held.join('\n')}
${primary?.offers ? `<p>${h(t(primary.offers))}</p>` : ''}
<h3>${h(words.secondary)}</h3>${list(rec.secondary.map(track))}
<h3>${h(words.measures)}</h3>${list(rec.measures.map(measure))}
<h3>${h(words.focus)}</h3>${list(rec.focus.map((f) => `${ctx.title(f.id)} (${words.gap} ${fmt(f.gap)})`))}
${rec.government?.length ? `<h3>${h(words.government)}</h3>${list(rec.government.map((f) => `${ctx.title(f.id)} (${words.gap} ${fmt(f.gap)})`))}` : ''}
${levers.length ? `<h3>${h(words.levers)}</h3><ul>${levers.join('')}</ul>` : ''}
<h3>${h(words.reasons)}</h3><ul class="reasons">${reasons.join('')}</ul></section>`;
}

function warningSection(ctx: ReportContext, profile: Profile): string {
  const { words } = ctx;
  const nodes = ctx.rubric.nodes.flatMap((node) => {
    const result = profile.nodes[node.id];
    return result ? [{ node, result }] : [];
  });
  const byFlag = (flag: NodeResult['flags'][number], kind: RubricNode['kind']) =>
    nodes.filter((n) => n.node.kind === kind && n.result.flags.includes(flag)).map((n) => ctx.title(n.node.id));
  const items: [string, string[]][] = [
    [words.lowCoverage, nodes.filter((n) => n.result.status === 'insufficient-coverage').map((n) => ctx.title(n.node.id))],
    [words.disagreement, byFlag('disagreement', 'indicator')],
    [words.missingEvidence, byFlag('missing-evidence', 'indicator')],
    [words.invalidAnswer, byFlag('invalid-answer', 'indicator')],
    [words.needsConsensus, nodes.filter((n) => n.result.flags.includes('needs-consensus')).map((n) => ctx.title(n.node.id))],
  ];
  const shown = items.filter(([, list]) => list.length);
  const body = shown.length
    ? `<ul>${shown.map(([label, list]) => `<li><span class="warn">${h(label)}</span>: ${h(unique(list).join(' · '))}</li>`).join('')}</ul>`
    : `<p>${h(words.none)}</p>`;
  return `<section class="warnings"><h2>${h(words.warnings)}</h2>${body}</section>`;
}

/** The conventional least rwg for answers to be averaged (LeBreton & Senter 2008), when the rubric sets none. */
export const CONVENTIONAL_AGREEMENT = 0.7;

/** How far the respondents agree on the overall and each domain, in words with the rwg beside them. */
function agreementSection(ctx: ReportContext, profile: Profile): string {
  const { words } = ctx;
  const { rubric } = ctx.rubric;
  const rows = [
    { id: OVERALL, min: rubric.scoring.agreement?.min, result: profile.overall },
    ...rubric.nodes.map((n) => ({ id: n.id, min: n.agreement?.min, result: profile.nodes[n.id] })),
  ].map(({ id, min, result }) => {
    const a = profile.agreement?.nodes[id];
    const said = !a
      ? words.notMeasurable
      : result?.flags.includes('needs-consensus')
        ? words.needsConsensus
        : a.rwg < (min ?? CONVENTIONAL_AGREEMENT)
          ? words.agreeWeakly
          : words.agree;
    const value = a ? ` <span class="ltr">(r<sub>wg</sub> ${fmt(a.rwg)})</span>` : '';
    return `<li>${h(ctx.title(id))}: ${h(said)}${value}</li>`;
  });
  return `<section class="agreement"><h2>${h(words.agreement)}</h2><ul>${rows.join('')}</ul></section>`;
}

const unique = (items: readonly string[]) => [...new Set(items)];

function changeSection(ctx: ReportContext, previous: Profile, current: Profile): string {
  const { words } = ctx;
  const comparison = compareProfiles(ctx.rubric, previous, current);
  const ids = [OVERALL, ...ctx.rubric.rubric.nodes.map((n: RubricNode) => n.id)];
  const rows = ids.map((id) => {
    const c = id === OVERALL ? comparison.overall : comparison.nodes[id];
    if (!c) return '';
    const sign = c.delta === null ? '–' : `${c.delta > 0 ? '+' : ''}${fmt(c.delta)}`;
    return `<tr><td>${h(ctx.title(id))}</td><td class="num">${fmt(c.previous)}</td><td class="num">${fmt(c.current)}</td><td class="num"><span class="ltr">${h(sign)}</span></td><td>${h(words[c.trend])}</td></tr>`;
  });
  return `<section class="change"><h2>${h(words.change)}${previous.wave ? ` (${h(previous.wave)} → ${h(current.wave ?? '')})` : ''}</h2><table><thead><tr><th></th><th class="num">${h(words.previous)}</th><th class="num">${h(words.current)}</th><th class="num">${h(words.delta)}</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}
