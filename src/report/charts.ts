import { escapeHtml, fmt } from './text.js';

/** One axis of a radar chart: a label and values on the chart's common range (null: no score). */
export interface RadarAxis {
  id: string;
  label: string;
  value: number | null;
  target?: number | null;
}

const SIZE = 560;
const CENTER = SIZE / 2;
const RADIUS = 150;

/** Splits a label into lines of about `width` characters, at spaces. */
function wrap(label: string, width = 18): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.slice(0, 3);
}

const point = (i: number, n: number, r: number) => {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
  return { x: CENTER + r * Math.cos(angle), y: CENTER + r * Math.sin(angle) };
};
const xy = (p: { x: number; y: number }) => `${fmt(p.x, 1)},${fmt(p.y, 1)}`;

/**
 * A radar chart as an SVG string: one axis per item, rings at each whole level of `range`, the scores as a
 * filled polygon and the targets as a dashed one. A missing score sits at the centre and its axis label says so.
 * Pure: the same axes give the same bytes.
 */
export function radarChart(
  axes: readonly RadarAxis[],
  range: readonly [number, number],
  title: string,
  words: { score: string; target: string },
): string {
  const [min, max] = range;
  const n = Math.max(axes.length, 3);
  const radius = (v: number | null | undefined) =>
    (v === null || v === undefined ? 0 : (Math.max(min, Math.min(max, v)) - min) / (max - min || 1)) * RADIUS;
  const rings: string[] = [];
  for (let level = Math.ceil(min); level <= max; level++) {
    const r = radius(level);
    if (r <= 0) continue;
    rings.push(`<polygon class="ring" points="${axes.map((_, i) => xy(point(i, n, r))).join(' ')}"/>`);
    rings.push(`<text class="tick" x="${fmt(CENTER + 3, 1)}" y="${fmt(CENTER - r - 2, 1)}">${level}</text>`);
  }
  const lines = axes.map((a, i) => {
    const end = point(i, n, RADIUS);
    return `<line class="axis" data-id="${escapeHtml(a.id)}" x1="${CENTER}" y1="${CENTER}" x2="${fmt(end.x, 1)}" y2="${fmt(end.y, 1)}"/>`;
  });
  const labels = axes.map((a, i) => {
    const at = point(i, n, RADIUS + 16);
    const anchor = at.x > CENTER + 8 ? 'start' : at.x < CENTER - 8 ? 'end' : 'middle';
    const text = wrap(a.label);
    const dy = at.y < CENTER - 8 ? -(text.length - 1) * 14 : at.y > CENTER + 8 ? 8 : -((text.length - 1) * 14) / 2;
    const spans = text
      .map((t, k) => `<tspan x="${fmt(at.x, 1)}" dy="${k === 0 ? fmt(dy, 1) : '14'}">${escapeHtml(t)}</tspan>`)
      .join('');
    return `<text class="label" text-anchor="${anchor}" x="${fmt(at.x, 1)}" y="${fmt(at.y, 1)}">${spans}<title>${escapeHtml(a.label)}: ${fmt(a.value)}</title></text>`;
  });
  const polygon = (values: readonly (number | null | undefined)[], cls: string) =>
    `<polygon class="${cls}" points="${values.map((v, i) => xy(point(i, n, radius(v)))).join(' ')}"/>`;
  const hasTargets = axes.some((a) => a.target !== undefined && a.target !== null);
  return [
    `<svg class="radar" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${SIZE} ${SIZE}" xmlns="http://www.w3.org/2000/svg" direction="ltr">`,
    `<title>${escapeHtml(title)}</title>`,
    ...rings,
    ...lines,
    hasTargets
      ? polygon(
          axes.map((a) => a.target),
          'target',
        )
      : '',
    polygon(
      axes.map((a) => a.value),
      'score',
    ),
    ...labels,
    `<g class="legend"><rect class="score" x="12" y="${SIZE - 40}" width="14" height="10"/><text x="32" y="${SIZE - 31}">${escapeHtml(words.score)}</text>`,
    hasTargets
      ? `<rect class="target" x="12" y="${SIZE - 22}" width="14" height="10"/><text x="32" y="${SIZE - 13}">${escapeHtml(words.target)}</text>`
      : '',
    '</g></svg>',
  ].join('');
}

/** A colour for a share 0..1 of a range, from red through amber to green; grey when unknown. */
export function heatColor(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return '#e5e7eb';
  const s = Math.max(0, Math.min(1, share));
  // hue 0 (red) → 120 (green), light enough for dark text
  return `hsl(${Math.round(s * 120)} 65% ${Math.round(78 - 10 * Math.abs(s - 0.5))}%)`;
}
