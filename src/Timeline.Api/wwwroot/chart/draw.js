// Painting the chart on a canvas: the axis, the lanes and their marks, where marks would overlap a density
// band, the focused mark and the brush. Marks are batched into one path per look, so ten thousand draw at once.
// Each look differs in shape as well as colour: solid (as dated), hatched (approximate or uncertain), a diamond
// (a single day), an arrow at the edge (an open end), hollow with a line through (retracted).
import { firstFrom } from './marks.js';

export const AXIS_H = 30;
export const GUTTER = 84;
export const ROWS = 3;
const ROW_H = 11;
const BAR_H = 8;
const DENSITY_H = 9;
export const LANE_H = ROWS * ROW_H + DENSITY_H + 6;
const BUCKET = 4;

/** The page's colours, from its stylesheet, so the chart follows light and dark. */
export function palette(element) {
  const css = getComputedStyle(element);
  const v = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  return { ink: v('--accent', '#1a4f9c'), text: v('--text', '#1d1f21'), muted: v('--muted', '#5b6169'), line: v('--line', '#d9dce0'),
    retracted: v('--retracted', '#5b6169'), focus: v('--focus', '#c2410c'), surface: v('--surface', '#ffffff') };
}

/** Where marks were drawn in the last frame, for pointing at them. */
export class HitTable {
  constructor() { this.grow(1024); this.n = 0; }
  grow(size) {
    const old = this;
    const make = (T, a) => { const next = new T(size); if (a) next.set(a); return next; };
    this.x0 = make(Float32Array, old.x0); this.x1 = make(Float32Array, old.x1); this.y = make(Float32Array, old.y);
    this.lane = make(Int32Array, old.lane); this.index = make(Int32Array, old.index);
  }
  push(x0, x1, y, lane, index) {
    if (this.n === this.x0.length) this.grow(this.n * 2);
    const i = this.n++;
    this.x0[i] = x0; this.x1[i] = x1; this.y[i] = y; this.lane[i] = lane; this.index[i] = index;
  }
  /** The mark under (x, y), or null. */
  find(x, y) {
    let best = null;
    let bestDistance = 4;
    for (let i = this.n - 1; i >= 0; i--) {
      if (Math.abs(y - this.y[i]) > BAR_H / 2 + 2) continue;
      const d = x < this.x0[i] ? this.x0[i] - x : x > this.x1[i] ? x - this.x1[i] : 0;
      if (d < bestDistance) { bestDistance = d; best = { lane: this.lane[i], index: this.index[i], x0: this.x0[i], x1: this.x1[i], y: this.y[i] }; }
    }
    return best;
  }
  where(lane, index) {
    for (let i = 0; i < this.n; i++) if (this.lane[i] === lane && this.index[i] === index) return { x0: this.x0[i], x1: this.x1[i], y: this.y[i] };
    return null;
  }
}

let hatch = null;
function hatchOf(g, colour) {
  if (hatch?.colour === colour) return hatch.pattern;
  const tile = new OffscreenCanvas(6, 6);
  const t = tile.getContext('2d');
  t.strokeStyle = colour;
  t.lineWidth = 1.6;
  t.beginPath();
  t.moveTo(-1, 7); t.lineTo(7, -1); t.moveTo(5, 7); t.lineTo(7, 5); t.moveTo(-1, 1); t.lineTo(1, -1);
  t.stroke();
  hatch = { colour, pattern: g.createPattern(tile, 'repeat') };
  return hatch.pattern;
}

/**
 * Draws one frame. `state`: { scale, lanes, colours, width, focus: {lane,index}|null, hover, brush: [x0,x1]|null }.
 * Fills `hits` and returns the density counts per lane ({ bucket width, counts }).
 */
export function draw(g, state, hits) {
  const { scale, lanes, colours: c, width } = state;
  const plot = width - GUTTER;
  const height = AXIS_H + lanes.length * LANE_H;
  g.clearRect(0, 0, width, height);
  hits.n = 0;

  // The axis and its grid.
  g.font = '12px system-ui, sans-serif';
  g.textBaseline = 'middle';
  g.fillStyle = c.text;
  g.strokeStyle = c.line;
  g.lineWidth = 1;
  g.beginPath();
  for (const t of scale.ticks()) {
    const x = Math.round(GUTTER + scale.x(t.day)) + 0.5;
    if (x < GUTTER || x > width) continue;
    g.moveTo(x, t.major ? 4 : AXIS_H - 10);
    g.lineTo(x, height);
    g.fillText(t.label, x + 4, AXIS_H / 2 - 2);
  }
  g.moveTo(GUTTER, AXIS_H + 0.5); g.lineTo(width, AXIS_H + 0.5);
  g.stroke();

  const solid = new Path2D();
  const unsure = new Path2D();
  const grey = new Path2D();
  const strike = new Path2D();
  const arrows = new Path2D();
  const buckets = Math.ceil(plot / BUCKET) + 1;
  const density = lanes.map(() => new Uint16Array(buckets));

  lanes.forEach((lane, li) => {
    const top = AXIS_H + li * LANE_H;
    g.fillStyle = c.text;
    g.fillText(lane.label.length > 11 ? `${lane.label.slice(0, 10)}…` : lane.label, 6, top + LANE_H / 2);
    const rowEnd = new Float64Array(ROWS).fill(-Infinity);
    const marks = lane.marks;
    let opens = 0;
    while (opens < marks.length && marks[opens].start === -Infinity) opens++;
    const from = Math.max(opens, firstFrom(marks, scale.start - lane.longest - 1));
    const visit = (i) => {
      const m = marks[i];
      let x0 = m.openStart ? -8 : scale.x(m.start);
      let x1 = m.openEnd ? plot + 8 : scale.x(m.end);
      if (x1 < -8 || x0 > plot + 8) return;
      if (m.point) { const mid = (x0 + x1) / 2; x0 = Math.min(x0, mid - 4); x1 = Math.max(x1, mid + 4); }
      else if (x1 - x0 < 3) { const mid = (x0 + x1) / 2; x0 = mid - 1.5; x1 = mid + 1.5; }
      let row = 0;
      while (row < ROWS && rowEnd[row] + 2 > x0) row++;
      if (row === ROWS) {
        const b0 = Math.max(0, Math.floor(x0 / BUCKET));
        const b1 = Math.min(buckets - 1, Math.floor(x1 / BUCKET));
        for (let b = b0; b <= b1; b++) density[li][b]++;
        return;
      }
      rowEnd[row] = x1;
      const y = top + 4 + row * ROW_H + BAR_H / 2;
      const left = GUTTER + Math.max(x0, -8);
      const right = GUTTER + Math.min(x1, plot + 8);
      hits.push(left, right, y, li, i);
      const path = m.retracted ? grey : m.unsure ? unsure : solid;
      if (m.point) {
        const mid = (left + right) / 2;
        path.moveTo(mid, y - 5); path.lineTo(mid + 5, y); path.lineTo(mid, y + 5); path.lineTo(mid - 5, y); path.closePath();
      } else {
        path.rect(left, y - BAR_H / 2, right - left, BAR_H);
      }
      if (m.retracted) { strike.moveTo(left - 2, y + 0.5); strike.lineTo(right + 2, y + 0.5); }
      if (m.openStart) { arrows.moveTo(GUTTER + 1, y); arrows.lineTo(GUTTER + 8, y - 6); arrows.lineTo(GUTTER + 8, y + 6); arrows.closePath(); }
      if (m.openEnd) { arrows.moveTo(width - 1, y); arrows.lineTo(width - 8, y - 6); arrows.lineTo(width - 8, y + 6); arrows.closePath(); }
    };
    for (let i = 0; i < opens; i++) visit(i);
    for (let i = from; i < marks.length && marks[i].start <= scale.end + 1; i++) visit(i);

    g.strokeStyle = c.line;
    g.beginPath(); g.moveTo(0, top + LANE_H + 0.5); g.lineTo(width, top + LANE_H + 0.5); g.stroke();
  });

  g.save();
  g.beginPath(); g.rect(GUTTER, AXIS_H, plot, height - AXIS_H); g.clip();
  g.fillStyle = c.ink; g.fill(solid);
  g.fillStyle = hatchOf(g, c.ink); g.fill(unsure);
  g.strokeStyle = c.ink; g.lineWidth = 1; g.stroke(unsure);
  g.strokeStyle = c.retracted; g.lineWidth = 1.5; g.stroke(grey);
  g.strokeStyle = c.text; g.lineWidth = 1.5; g.stroke(strike);
  g.fillStyle = c.text; g.fill(arrows);

  // Density: where marks would overlap, a band whose bars grow with how many are hidden there.
  g.fillStyle = c.muted;
  density.forEach((counts, li) => {
    const base = AXIS_H + (li + 1) * LANE_H - 3;
    for (let b = 0; b < counts.length; b++) {
      if (counts[b] === 0) continue;
      const h = Math.min(DENSITY_H, 2 + Math.log2(counts[b]) * 1.6);
      g.fillRect(GUTTER + b * BUCKET, base - h, BUCKET - 1, h);
    }
  });

  for (const [mark, colour, widthPx] of [[state.hover, c.text, 1.5], [state.focus, c.focus, 3]]) {
    const at = mark && hits.where(mark.lane, mark.index);
    if (!at) continue;
    g.strokeStyle = colour; g.lineWidth = widthPx;
    g.strokeRect(at.x0 - 3, at.y - BAR_H / 2 - 3, at.x1 - at.x0 + 6, BAR_H + 6);
  }
  if (state.brush) {
    const [a, b] = state.brush;
    g.fillStyle = c.focus; g.globalAlpha = 0.15;
    g.fillRect(Math.min(a, b), AXIS_H, Math.abs(b - a), height - AXIS_H);
    g.globalAlpha = 1; g.strokeStyle = c.focus; g.lineWidth = 2;
    g.strokeRect(Math.min(a, b), AXIS_H, Math.abs(b - a), height - AXIS_H);
  }
  g.restore();
  return { bucket: BUCKET, density };
}
