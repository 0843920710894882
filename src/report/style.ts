/** The reports' stylesheet: inline, no fonts or images to fetch, logical properties so RTL needs no override. */
export const REPORT_CSS = `
:root { --ink: #1f2937; --muted: #6b7280; --line: #d1d5db; --accent: #2563eb; --target: #b45309; --bad: #b91c1c; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans Hebrew", "Noto Sans Arabic", "Segoe UI", Arial, sans-serif; color: var(--ink); font-size: 14px; }
body { margin: 0; background: #fff; }
main { max-width: 190mm; margin: 0 auto; padding: 12px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 18px 0 8px; border-block-end: 2px solid var(--line); padding-block-end: 4px; }
h3 { font-size: 1rem; margin: 12px 0 6px; }
p.meta, .muted { color: var(--muted); margin: 0; }
section { break-inside: avoid; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; min-width: 110px; }
.card b { display: block; font-size: 1.3rem; }
.track { display: inline-block; background: #dbeafe; border-radius: 4px; padding: 2px 8px; font-weight: 600; }
svg.radar { display: block; width: 100%; max-width: 520px; height: auto; margin: 0 auto; }
svg.radar .ring { fill: none; stroke: var(--line); }
svg.radar .axis { stroke: var(--line); }
svg.radar .score { fill: rgba(37, 99, 235, 0.25); stroke: var(--accent); stroke-width: 2; }
svg.radar .target { fill: none; stroke: var(--target); stroke-width: 2; stroke-dasharray: 6 4; }
svg.radar rect.target { fill: none; }
svg.radar text { font-size: 12px; fill: var(--ink); }
svg.radar .tick { font-size: 10px; fill: var(--muted); }
table { border-collapse: collapse; width: 100%; table-layout: auto; }
th, td { border-block-end: 1px solid var(--line); padding: 3px 6px; text-align: start; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f3f4f6; }
td.num, th.num { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bars .row { display: grid; grid-template-columns: minmax(0, 36%) minmax(0, 1fr) 8.5em; gap: 8px; align-items: center; padding: 2px 0; }
.bar { position: relative; height: 12px; background: #f3f4f6; border-radius: 3px; }
.bar .fill { position: absolute; inset-block: 0; inset-inline-start: 0; background: var(--accent); border-radius: 3px; }
.bar .mark { position: absolute; inset-block: -3px; width: 2px; background: var(--target); }
.legend-line { color: var(--muted); font-size: 0.85rem; }
.legend-line .swatch { display: inline-block; width: 10px; height: 10px; background: var(--accent); margin-inline-end: 4px; }
.notice { border: 1px solid currentColor; padding: 0.4em 0.8em; font-weight: 600; }
.legend-line .swatch.target { background: var(--target); width: 2px; }
.bar .mark.validation { background: none; border-inline-start: 2px dashed currentColor; }
.legend-line .swatch.validation { background: none; border-inline-start: 2px dashed currentColor; width: 2px; }
ul.reasons { padding-inline-start: 18px; margin: 4px 0; }
.holds { color: #166534; } .fails { color: var(--muted); }
p.held { margin: 2px 0; color: var(--bad); }
.warn { color: var(--bad); }
.heatmap td.cell { text-align: center; font-variant-numeric: tabular-nums; }
.heatmap { font-size: 0.85rem; }
.tracks td:last-child { inline-size: 55%; }
.bars .num { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.hbar { display: inline-block; height: 10px; background: var(--accent); vertical-align: middle; }
footer { margin-block-start: 18px; color: var(--muted); font-size: 0.8rem; }
code, .ltr { direction: ltr; unicode-bidi: isolate; }
@page { size: A4; margin: 12mm; }
@media print { main { max-width: none; padding: 0; } h2 { break-after: avoid; } }
`;
