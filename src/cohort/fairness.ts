import type { Subject } from '../assessment/model.js';
import type { Policy, Recommendation } from '../policy/model.js';
import type { ProfileLevel } from '../rubric/model.js';
import { levelOf } from '../score/levels.js';
import { compareText } from '../text/order.js';
import { ownValue } from '../text/own.js';

/**
 * Fairness measured within capability bands: a group less often on a track than the rest is a finding only when
 * the comparison is between subjects of the same overall level, so a difference in scores is not read as a
 * difference in treatment. Guard denials and the waves rule are counted apart, never as discrimination. Groups
 * smaller than `minGroup` are suppressed everywhere (their counts would identify authorities and mean nothing).
 */
export interface Fairness {
  minGroup: number;
  /** The least difference in a track's share, within a band, that is reported (0–1). */
  gap: number;
  attributes: string[];
  /** Grouping attributes the policy's rules read, so not checked: they differ by design. */
  readByPolicy?: string[];
  groups: FairnessGroup[];
  /** Differences of at least `gap` within a band, both sides at least `minGroup` strong; largest first. */
  findings: FairnessFinding[];
}

export interface FairnessGroup {
  attribute: string;
  value: string | null;
  n: number;
  /** Smaller than minGroup: no counts given. */
  suppressed: boolean;
  /** Per overall level: how many, and how many on each primary track. */
  bands?: { band: string | null; n: number; tracks: Record<string, number> }[];
  /** Held back from the track the capabilities qualify for by a deny guard, and by the waves rule. */
  heldByGuards?: number;
  heldByWaves?: number;
  /** Register facts by group: each fact-fed indicator's mean answer (e.g. draw-down, %). */
  facts?: Record<string, { mean: number; n: number }>;
  /** Per track: the condition (JSON Logic, as text) that most often kept the group's subjects from it. */
  blocking?: { track: string; condition: string; count: number }[];
}

export interface FairnessFinding {
  attribute: string;
  value: string | null;
  band: string | null;
  track: string;
  share: number;
  n: number;
  restShare: number;
  restN: number;
  /** The condition that most often kept the group's subjects of this band from the track (when the share is lower). */
  blocking?: { condition: string; count: number };
}

/** What fairness reads of one subject and its recommendation. */
export interface FairnessRecord {
  subject: Subject;
  /** The overall score (NaN: none). */
  overall: number;
  primary: string | null;
  qualified: string | null;
  unguarded: string | null;
  /** Fact-fed indicators' answers, by indicator id. */
  facts: Readonly<Record<string, number>>;
  /** Per track not given: the conditions (JSON Logic, as text) of its rules that did not hold (see blockingOf). */
  blocked?: Readonly<Record<string, readonly string[]>>;
}

/**
 * What kept a subject from each track it did not get: per track, the first condition that failed in each rule
 * giving that track (a rule's conditions are read in order, and the first that fails decides), as JSON Logic text.
 */
export function blockingOf(
  rec: Pick<Recommendation, 'primary' | 'reasons'>,
  policy: Pick<Policy, 'rules'>,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const reason of rec.reasons) {
    if (reason.kind !== 'rule' || reason.holds) continue;
    const track = policy.rules.find((r) => r.id === reason.id)?.primary;
    if (track === undefined || track === rec.primary) continue;
    for (const fact of reason.facts) {
      if (fact.holds) continue;
      const key = JSON.stringify(fact.logic ?? fact.condition);
      const list = out[track] ?? [];
      if (!list.includes(key)) list.push(key);
      out[track] = list;
    }
  }
  return out;
}

/** The most frequent condition among subjects' blocked lists for one track (ties: the first in text order). */
function mostBlocking(records: readonly FairnessRecord[], track: string): { condition: string; count: number } | undefined {
  const counts = new Map<string, number>();
  for (const r of records) for (const c of r.blocked?.[track] ?? []) counts.set(c, (counts.get(c) ?? 0) + 1);
  let best: { condition: string; count: number } | undefined;
  for (const [condition, count] of [...counts].sort((a, b) => compareText(a[0], b[0])))
    if (!best || count > best.count) best = { condition, count };
  return best;
}

export interface FairnessOptions {
  attributes: readonly string[];
  levels: readonly ProfileLevel[];
  minGroup?: number;
  gap?: number;
}

const NONE = '\u0000none';

/** Fairness of a cohort's decisions by each grouping attribute (see Fairness). Pure; groups in text order. */
export function fairness(records: readonly FairnessRecord[], options: FairnessOptions): Fairness {
  const minGroup = options.minGroup ?? 5;
  const gap = options.gap ?? 0.2;
  const band = (r: FairnessRecord) => (Number.isNaN(r.overall) ? null : levelOf(r.overall, options.levels));
  const groups: FairnessGroup[] = [];
  const findings: FairnessFinding[] = [];
  for (const attribute of options.attributes) {
    const byValue = new Map<string, FairnessRecord[]>();
    for (const r of records) {
      const v = ownValue(r.subject.attributes, attribute);
      const key = v === undefined || v === null || v === '' ? NONE : String(v);
      const list = byValue.get(key);
      if (list) list.push(r);
      else byValue.set(key, [r]);
    }
    const values = [...byValue.keys()].sort(compareText);
    for (const key of values) {
      const members = byValue.get(key) as FairnessRecord[];
      const value = key === NONE ? null : key;
      if (members.length < minGroup) {
        groups.push({ attribute, value, n: members.length, suppressed: true });
        continue;
      }
      groups.push({ attribute, value, n: members.length, suppressed: false, ...groupDetail(members, band) });
      const mine = new Set(members);
      const others = records.filter((r) => !mine.has(r));
      for (const finding of within({ attribute, value, members, others }, { band, minGroup, gap })) findings.push(finding);
    }
  }
  findings.sort(
    (a, b) => Math.abs(b.restShare - b.share) - Math.abs(a.restShare - a.share) || compareText(a.attribute, b.attribute),
  );
  return { minGroup, gap, attributes: [...options.attributes], groups, findings };
}

/** A group's tracks per band, who was held back and how, and its register facts. */
function groupDetail(members: readonly FairnessRecord[], band: (r: FairnessRecord) => string | null): Partial<FairnessGroup> {
  const bands = new Map<string | null, { band: string | null; n: number; tracks: Record<string, number> }>();
  const facts: Record<string, { sum: number; n: number }> = {};
  let heldByGuards = 0;
  let heldByWaves = 0;
  for (const r of members) {
    const b = band(r);
    const entry = bands.get(b) ?? { band: b, n: 0, tracks: {} };
    entry.n++;
    const track = r.primary ?? 'none';
    entry.tracks[track] = (entry.tracks[track] ?? 0) + 1;
    bands.set(b, entry);
    if (r.unguarded !== r.qualified) heldByGuards++;
    if (r.primary !== r.qualified) heldByWaves++;
    for (const [id, v] of Object.entries(r.facts)) {
      const f = facts[id] ?? { sum: 0, n: 0 };
      f.sum += v;
      f.n++;
      facts[id] = f;
    }
  }
  const means: Record<string, { mean: number; n: number }> = {};
  for (const [id, f] of Object.entries(facts)) means[id] = { mean: f.sum / f.n, n: f.n };
  const tracks = [...new Set(members.flatMap((r) => Object.keys(r.blocked ?? {})))].sort(compareText);
  const blocking = tracks.flatMap((track) => {
    const top = mostBlocking(members, track);
    return top ? [{ track, ...top }] : [];
  });
  return {
    bands: [...bands.values()],
    heldByGuards,
    heldByWaves,
    ...(Object.keys(means).length ? { facts: means } : {}),
    ...(blocking.length ? { blocking } : {}),
  };
}

/** A group's share of each track against the rest's, band by band, where both sides are large enough. */
function within(
  group: { attribute: string; value: string | null; members: readonly FairnessRecord[]; others: readonly FairnessRecord[] },
  check: { band: (r: FairnessRecord) => string | null; minGroup: number; gap: number },
): FairnessFinding[] {
  const { attribute, value, members, others } = group;
  const { band, minGroup, gap } = check;
  const out: FairnessFinding[] = [];
  const bands = [...new Set(members.map(band))];
  for (const b of bands) {
    const mine = members.filter((r) => band(r) === b);
    const rest = others.filter((r) => band(r) === b);
    if (mine.length < minGroup || rest.length < minGroup) continue;
    const tracks = [...new Set([...mine, ...rest].map((r) => r.primary ?? 'none'))].sort(compareText);
    for (const track of tracks) {
      const share = mine.filter((r) => (r.primary ?? 'none') === track).length / mine.length;
      const restShare = rest.filter((r) => (r.primary ?? 'none') === track).length / rest.length;
      if (Math.abs(share - restShare) < gap - 1e-12) continue;
      const blocking = share < restShare ? mostBlocking(mine, track) : undefined;
      out.push({
        attribute,
        value,
        band: b,
        track,
        share,
        n: mine.length,
        restShare,
        restN: rest.length,
        ...(blocking ? { blocking } : {}),
      });
    }
  }
  return out;
}
