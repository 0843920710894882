import type { CohortSummary } from '../cohort/summarize.js';
import type { Allocation, PoolSummary } from '../policy/allocate.js';
import type { Fact } from '../policy/logic.js';
import type { Policy } from '../policy/model.js';
import type { ReportContext } from './subject-report.js';
import { escapeHtml as h } from './text.js';

/** An amount in the pool's currency, with as many decimals as its unit has (agorot: 2), in the report's digits. */
export function money(ctx: ReportContext, amount: number, unit: number): string {
  const digits = Math.max(0, Math.ceil(-Math.log10(unit) - 1e-9));
  return new Intl.NumberFormat(ctx.locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(amount);
}

const percent = (ctx: ReportContext, share: number) =>
  new Intl.NumberFormat(ctx.locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
const number = (ctx: ReportContext, value: number | null, digits = 2) =>
  value === null ? '–' : new Intl.NumberFormat(ctx.locale, { maximumFractionDigits: digits }).format(value);
const poolTitle = (ctx: ReportContext, policy: Policy, id: string) =>
  ctx.t(policy.allocations.find((p) => p.id === id)?.title, id);

/** A fact's values as the reader names them: an attribute by its title and value label, a node by its title. */
function factValues(ctx: ReportContext, fact: Fact): string[] {
  return Object.entries(fact.values).flatMap(([key, value]) => {
    const [, op, id] = /^(\w+)\((.+)\)$/.exec(key) ?? [];
    if (op === undefined || id === undefined) return [];
    if (op === 'attribute') return [`${ctx.attributeTitle(id)}: ${ctx.attributeValue(id, value as string)}`];
    return typeof value === 'number' ? [`${ctx.title(id)}: ${number(ctx, value)}`] : [];
  });
}

/** The reasons of one allocation in the report's words: each minimum condition, the threshold, the share. */
function reasonItems(ctx: ReportContext, policy: Policy, a: Allocation): string[] {
  const { words } = ctx;
  const pool = policy.allocations.find((p) => p.id === a.pool);
  const unit = pool?.unit ?? 1;
  return a.reasons.map((r) => {
    const mark = (holds: boolean) => `<li class="${holds ? 'holds' : 'fails'}">${holds ? '✓' : '✗'} `;
    if (r.kind === 'eligibility') {
      const title = ctx.t(policy.eligibility.find((e) => e.id === r.id)?.title, r.id);
      const values = r.facts.flatMap((f) => factValues(ctx, f));
      return `${mark(r.holds)}${h(words.eligibility)}: ${h(title)}${values.length ? ` (${h(values.join('; '))})` : ''}</li>`;
    }
    const node = pool ? ctx.title(pool.by.node) : '';
    if (r.kind === 'threshold')
      return `${mark(r.holds)}${h(node)}: ${h(r.value === null ? words.noScore : number(ctx, r.value))}${r.threshold === null ? '' : ` · ${h(words.threshold)} ${h(number(ctx, r.threshold))}`}</li>`;
    // the arithmetic stays left to right inside a right-to-left page
    const how =
      r.rule === 'floor'
        ? h(words.raisedToFloor)
        : r.rule === 'cap'
          ? h(words.limitedToCap)
          : `${h(words.proportional)} ${h(node)}: <span class="ltr">${h(`${number(ctx, r.value)} / ${number(ctx, r.total)} × ${money(ctx, r.shared, unit)} = ${number(ctx, r.exact, 4)}`)}</span>`;
    const rounded = r.roundedUp ? words.roundedUp : Math.abs(r.exact - a.amount) > 1e-9 ? words.roundedDown : '';
    return `<li>${how} → ${h(money(ctx, a.amount, unit))}${rounded ? ` (${h(rounded)})` : ''}</li>`;
  });
}

/** A subject's part of each pool that serves its track: the amount, its share of the pool, and why. */
export function subjectAllocationSection(ctx: ReportContext, allocations: readonly Allocation[], policy: Policy): string {
  if (!allocations.length) return '';
  const { words } = ctx;
  const items = allocations.map((a) => {
    const unit = policy.allocations.find((p) => p.id === a.pool)?.unit ?? 1;
    const amount = a.eligible
      ? `${money(ctx, a.amount, unit)} (${percent(ctx, a.share)} ${words.shareOfPool})`
      : words.notEligible;
    return `<h3>${h(poolTitle(ctx, policy, a.pool))}: ${h(amount)}</h3><ul class="reasons">${reasonItems(ctx, policy, a).join('')}</ul>`;
  });
  return `<section class="allocations"><h2>${h(words.allocations)}</h2>${items.join('')}</section>`;
}

/** What a pool's status means for a reader, when not everything was shared. */
const statusWords = (ctx: ReportContext, p: PoolSummary) =>
  p.status === 'no-eligible'
    ? ctx.words.noEligible
    : p.status === 'floors-exceed-pool'
      ? ctx.words.floorsExceedPool
      : p.status === 'capped'
        ? ctx.words.allCapped
        : '';

/** The cohort's pools: the rule, how many were considered and eligible, what was shared and what was not. */
export function cohortAllocationSection(ctx: ReportContext, summary: CohortSummary, policy: Policy): string {
  const pools = summary.allocations ?? [];
  if (!pools.length) return '';
  const { words } = ctx;
  const rows = pools.map((p) => {
    const rule = [
      `${words.proportional} ${ctx.title(p.measure.split(' ')[1] ?? '')}`,
      ...(p.threshold === undefined ? [] : [`${words.threshold} ${number(ctx, p.threshold)}`]),
      ...(p.floor > 0 ? [`${words.floor} ${money(ctx, p.floor, p.unit)}`] : []),
      ...(p.cap === undefined ? [] : [`${words.cap} ${money(ctx, p.cap, p.unit)}`]),
    ].join(' · ');
    return `<tr data-pool="${h(p.id)}"><td>${h(poolTitle(ctx, policy, p.id))}</td><td>${h(rule)}</td><td class="num">${h(money(ctx, p.pool, p.unit))}</td><td class="num">${p.eligible} / ${p.considered}</td><td class="num">${h(money(ctx, p.total, p.unit))}</td><td class="num">${h(money(ctx, p.undistributed, p.unit))}</td><td>${h(statusWords(ctx, p))}</td></tr>`;
  });
  const head = [
    words.pool,
    words.rule,
    words.amount,
    `${words.eligible} / ${words.considered}`,
    words.distributed,
    words.undistributed,
    '',
  ]
    .map((w, i) => `<th${i >= 2 && i <= 5 ? ' class="num"' : ''}>${h(w)}</th>`)
    .join('');
  return `<section class="allocations"><h2>${h(words.allocations)}</h2><table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table><p>${h(words.rounding)}</p></section>`;
}
