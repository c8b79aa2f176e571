// A measure's claims over time, drawn as SVG (built with createElementNS and text nodes, never markup): asOf on the
// x axis, each claim a mark at its value or a bar from low to high, an open arrow upward for "at least" (downward for
// "at most"), the source's reliability as colour and shape, and a dashed line from a claim to the one it derives from.

const NS = 'http://www.w3.org/2000/svg';
const W = 640;
const H = 260;
const PAD = { left: 64, right: 16, top: 16, bottom: 32 };

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) el.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** The first day an EDTF date allows, as a time: years, months and days; qualifiers and interval ends read loosely. */
export function asOfTime(asOf) {
  const m = /(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(asOf ?? '');
  if (!m) return null;
  const month = Math.min(Number(m[2] ?? 1), 12);
  return Date.UTC(Number(m[1]), Math.max(month, 1) - 1, Number(m[3] ?? 1));
}

/** A (rounded) number as analysts write it: 3,000; 8,000,000. */
export function figure(n) {
  return n === null || n === undefined ? '' : Number(n).toLocaleString('en-GB');
}

/** A = completely reliable … F = cannot be judged; none given reads as F. */
const SHAPE = { A: 'circle', B: 'circle', C: 'square', D: 'square', E: 'diamond', F: 'diamond' };

function shape(kind, x, y, grade) {
  const cls = `claim-mark claim-mark--${grade}`;
  if (kind === 'circle') return svg('circle', { cx: x, cy: y, r: 5, class: cls });
  if (kind === 'square') return svg('rect', { x: x - 5, y: y - 5, width: 10, height: 10, class: cls });
  return svg('polygon', { points: `${x},${y - 6} ${x + 6},${y} ${x},${y + 6} ${x - 6},${y}`, class: cls });
}

/** Draws the claims; a claim without a date it can place is left out of the drawing (it stays in the list). */
export function claimsChart(claims, unit) {
  const placed = claims.map((c) => ({ c, t: asOfTime(c.asOf) })).filter((p) => p.t !== null);
  const figures = placed.flatMap(({ c }) => [c.value, c.low, c.high]).filter((v) => v !== null && v !== undefined).map(Number);
  const top = Math.max(1, ...figures) * 1.15;
  const times = placed.map((p) => p.t);
  const [t0, t1] = times.length ? [Math.min(...times), Math.max(...times)] : [0, 1];
  const span = t1 - t0 || 86_400_000 * 30;
  const x = (t) => PAD.left + ((t - t0 + (t1 === t0 ? span / 2 : 0)) / span) * (W - PAD.left - PAD.right);
  const y = (v) => H - PAD.bottom - (Number(v) / top) * (H - PAD.top - PAD.bottom);
  const title = `Claims over time, in ${unit}: ${claims.length} ${claims.length === 1 ? 'claim' : 'claims'}`;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'claims-chart', role: 'img', 'aria-label': title, id: 'claims-chart' }, svg('title', {}, title));
  root.append(svg('line', { x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom, class: 'claims-chart__axis' }));
  root.append(svg('line', { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom, class: 'claims-chart__axis' }));
  root.append(svg('text', { x: PAD.left - 6, y: PAD.top + 4, 'text-anchor': 'end', class: 'claims-chart__label' }, figure(Math.round(top))));
  root.append(svg('text', { x: PAD.left - 6, y: H - PAD.bottom, 'text-anchor': 'end', class: 'claims-chart__label' }, '0'));
  if (times.length) {
    const day = (t) => new Date(t).toISOString().slice(0, 10);
    root.append(svg('text', { x: x(t0), y: H - 10, 'text-anchor': 'start', class: 'claims-chart__label' }, day(t0)));
    if (t1 !== t0) root.append(svg('text', { x: x(t1), y: H - 10, 'text-anchor': 'end', class: 'claims-chart__label' }, day(t1)));
  }

  const at = new Map();
  for (const { c, t } of placed) {
    const anchor = c.value ?? c.low ?? c.high;
    at.set(c.id, { x: x(t), y: y(anchor) });
  }
  // Lineage first, so the marks are drawn over it.
  for (const { c } of placed) {
    const from = c.derivedFrom && at.get(c.derivedFrom);
    if (from) {
      const to = at.get(c.id);
      root.append(svg('line', { x1: from.x, y1: from.y, x2: to.x, y2: to.y, class: 'claims-chart__lineage' },
        svg('title', {}, 'derived from an earlier claim')));
    }
  }
  for (const { c, t } of placed) {
    const grade = SHAPE[c.source?.reliability] ? c.source.reliability : 'F';
    const cx = x(t);
    const g = svg('g', { class: 'claims-chart__claim', 'data-claim': c.id, 'data-qualifier': c.qualifier },
      svg('title', {}, `${c.qualifier} ${figure(c.value ?? '')}${c.low !== null && c.low !== undefined ? ` (${figure(c.low)}–${figure(c.high)})` : ''}, as of ${c.asOf}; ${c.source?.publisher ?? c.source?.title ?? ''} (${grade})`));
    if (c.low !== null && c.low !== undefined && c.high !== null && c.high !== undefined) {
      g.append(svg('line', { x1: cx, y1: y(c.low), x2: cx, y2: y(c.high), class: `claims-chart__bar claim-mark--${grade}` }));
    }
    const anchor = at.get(c.id);
    if (c.qualifier === 'at-least' || c.qualifier === 'at-most') {
      const dir = c.qualifier === 'at-least' ? -1 : 1;
      const tip = anchor.y + dir * 28;
      g.append(svg('line', { x1: cx, y1: anchor.y, x2: cx, y2: tip, class: `claims-chart__arrow claim-mark--${grade}` }));
      g.append(svg('polyline', { points: `${cx - 6},${tip - dir * 8} ${cx},${tip} ${cx + 6},${tip - dir * 8}`, class: `claims-chart__arrow claim-mark--${grade}`, fill: 'none' }));
    }
    g.append(shape(SHAPE[grade], cx, anchor.y, grade));
    root.append(g);
  }
  return root;
}
