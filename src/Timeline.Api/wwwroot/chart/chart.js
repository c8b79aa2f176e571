// The visual timeline above the list: each event drawn over the span its date allows, in lanes by actor or by
// type, zoomed and panned by wheel, pinch, buttons and keys; a brush chooses a date range. The list below stays
// the reading of the same events: the chart says in a sentence what it shows and announces the focused event.
import { h } from '../shared/dom.js';
import { edtfWords } from '../shared/edtf-words.js';
import { TimeScale, isoDay } from './scale.js';
import { lanesOf, extentOf, firstFrom } from './marks.js';
import { draw, palette, HitTable, AXIS_H, GUTTER, LANE_H } from './draw.js';
import { attachPointer } from './input.js';
import { onChartKey } from './keys.js';

const PREFS = 'timeline.chart';

/** The chart. `onOpen(id)` opens an event; `onRange(from, to)` sets the date filters (days, inclusive). */
export function createChart({ names = new Map(), onOpen, onRange }) {
  const prefs = { lanes: 'actor', retracted: 'strike', ...JSON.parse(sessionStorage.getItem(PREFS) ?? '{}') };
  const caption = h('figcaption', { class: 'chart__summary', id: 'chart-summary' }, 'Loading the chart…');
  const canvas = h('canvas', {
    class: 'chart__canvas', tabindex: '0', role: 'group', 'aria-roledescription': 'timeline chart',
    'aria-label': 'Timeline chart', 'aria-describedby': 'chart-summary chart-keys',
  }, 'A chart of the events listed below.');
  const tip = h('div', { class: 'chart__tip', hidden: true, 'aria-hidden': 'true' });
  const live = h('p', { class: 'visually-hidden', 'aria-live': 'polite', id: 'chart-live' });
  const button = (label, text, act) => h('button', { type: 'button', class: 'chart__button', 'aria-label': label, title: label, onclick: act }, text);
  const zoomIn = button('Zoom in', '+', () => api.zoomBy(2));
  const zoomOut = button('Zoom out', '−', () => api.zoomBy(0.5));
  const all = button('Show all', 'Show all', () => api.showAll());
  const laneChoice = h('select', { id: 'chart-lanes' },
    h('option', { value: 'actor', selected: prefs.lanes === 'actor' }, 'by actor'),
    h('option', { value: 'type', selected: prefs.lanes === 'type' }, 'by type'));
  const retractedChoice = h('select', { id: 'chart-retracted' },
    h('option', { value: 'strike', selected: prefs.retracted === 'strike' }, 'struck through'),
    h('option', { value: 'hide', selected: prefs.retracted === 'hide' }, 'hidden'));
  const legend = h('ul', { class: 'chart__legend', 'aria-label': 'How events are drawn' }, [
    ['solid', 'as dated'], ['hatched', 'approximate or uncertain'], ['diamond', 'a single day'],
    ['arrow', 'open end'], ['struck', 'retracted'], ['density', 'more events than fit: bars grow with their number'],
  ].map(([look, words]) => h('li', {}, h('span', { class: `chart__key chart__key--${look}`, 'aria-hidden': 'true' }), words)));
  const frame = h('div', { class: 'chart__frame' }, canvas, tip);
  const element = h('figure', { class: 'chart', id: 'timeline-chart' },
    h('div', { class: 'chart__tools' },
      h('span', { class: 'chart__zoom', role: 'group', 'aria-label': 'Zoom' }, zoomIn, zoomOut, all),
      h('label', { for: 'chart-lanes' }, 'Lanes '), laneChoice,
      h('label', { for: 'chart-retracted' }, 'Retracted '), retractedChoice),
    frame, caption, legend,
    h('p', { class: 'help', id: 'chart-keys' },
      'Drag to pan, scroll or pinch to zoom; drag along the dates, or with Shift held, to choose a date range. ',
      'Keys: ← → from event to event, ↑ ↓ from lane to lane, Enter opens, + − zoom, 0 shows all, Shift+← → pans.'),
    live);

  const scale = new TimeScale(0, 365, 800);
  const hits = new HitTable();
  let colours = null;
  let events = [];
  let done = false;
  let userMoved = false;
  let range = null;
  let frameRequested = 0;
  let last = null;

  const api = {
    element,
    scale,
    lanes: [],
    focus: null,
    hover: null,
    brush: null,
    /** Replaces the events; while the user has not moved the view, it fits them (or the filters' range). */
    setEvents(list, complete, fitRange = null) {
      const started = performance.now();
      events = list;
      done = complete;
      range = fitRange;
      relayout();
      if (!userMoved) fit();
      render();
      performance.measure('chart-render', { start: started, end: performance.now(), detail: { events: list.length } });
    },
    reset() { userMoved = false; api.focus = null; api.hover = null; },
    moved() { userMoved = true; request(); },
    request,
    zoomBy(factor) {
      const f = api.focus && hits.where(api.focus.lane, api.focus.index);
      scale.zoom(factor, f ? (f.x0 + f.x1) / 2 - GUTTER : scale.width / 2);
      api.moved();
    },
    pan(fraction) { scale.pan(scale.width * fraction); api.moved(); },
    showAll() { userMoved = false; fit(); request(); },
    /** The window of days the reader moved to, or null while the chart fits its events. */
    view() { return userMoved ? { start: scale.start, end: scale.end } : null; },
    /** Shows a window the reader had moved to; it stays while events arrive. */
    showView({ start, end }) { scale.set(start, end); api.moved(); },
    firstVisible() {
      for (let lane = 0; lane < api.lanes.length; lane++) {
        const marks = api.lanes[lane].marks;
        if (marks.length) return { lane, index: Math.min(marks.length - 1, firstFrom(marks, scale.start)) };
      }
      return null;
    },
    focusOn(next) {
      api.focus = next;
      const m = markAt(next);
      if (!m) return;
      const from = Number.isFinite(m.start) ? m.start : m.end - 1;
      const to = Number.isFinite(m.end) ? m.end : m.start + 1;
      if (to < scale.start || from > scale.end) { scale.pan(scale.x((from + to) / 2) - scale.width / 2); userMoved = true; }
      render();
      const at = hits.where(next.lane, next.index);
      live.textContent = `${words(m)}. ${api.lanes[next.lane].title}, ${next.index + 1} of ${api.lanes[next.lane].marks.length}.`;
      showTip(m, at ? (at.x0 + at.x1) / 2 : GUTTER + scale.x(from), at ? at.y : AXIS_H + next.lane * LANE_H + 10);
    },
    open(at) { const m = markAt(at); if (m) onOpen(m.event.id); },
    hoverAt(x, y) {
      const found = x >= GUTTER ? hits.find(x, y) : null;
      const same = found && api.hover && found.lane === api.hover.lane && found.index === api.hover.index;
      if (!same) { api.hover = found; request(); }
      canvas.style.cursor = found ? 'pointer' : y >= 0 && y < AXIS_H ? 'col-resize' : 'grab';
      if (found) { showTip(markAt(found), (found.x0 + found.x1) / 2, found.y); return; }
      const crowd = crowdAt(x, y);
      if (crowd) { showText(`${crowd} more ${crowd === 1 ? 'event' : 'events'} here than fit; zoom in to see them`, x, y); return; }
      tip.hidden = true;
    },
    clickAt(x, y) {
      const found = hits.find(x, y);
      if (found) api.open(found);
    },
    brushTo(x0, x1 = x0) { api.brush = x0 === null ? null : [x0, x1]; request(); },
    brushDone(x0, x1) {
      api.brush = null;
      request();
      const a = Math.max(0, Math.min(x0, x1) - GUTTER);
      const b = Math.max(0, Math.max(x0, x1) - GUTTER);
      onRange(isoDay(scale.day(a)), isoDay(scale.day(b)));
    },
    /** Where a mark was drawn in the last frame ({ x0, x1, y } on the canvas), or null. */
    where: (lane, index) => hits.where(lane, index),
    /** The last frames' draw times, in milliseconds. */
    frames: [],
  };

  function markAt(at) { return at ? api.lanes[at.lane]?.marks[at.index] ?? null : null; }

  function words(m) {
    const e = m.event;
    return `${e.title}, ${edtfWords(e.occurred)}${e.status === 'retracted' ? ', retracted' : `, ${e.status}`}`;
  }

  function showTip(m, x, y) {
    if (!m) { tip.hidden = true; return; }
    tip.replaceChildren(h('strong', {}, m.event.title), h('br'), edtfWords(m.event.occurred),
      m.retracted ? ' · retracted' : '', m.unsure ? ' · date approximate or uncertain' : '');
    place(x, y);
  }

  function showText(text, x, y) { tip.replaceChildren(text); place(x, y); }

  function place(x, y) {
    tip.hidden = false;
    tip.style.left = `${Math.min(Math.max(0, x - 20), scale.width + GUTTER - 240)}px`;
    tip.style.top = `${y + 12}px`;
  }

  function crowdAt(x, y) {
    if (!last || x < GUTTER) return 0;
    const lane = Math.floor((y - AXIS_H) / LANE_H);
    if (lane < 0 || lane >= api.lanes.length) return 0;
    const b = Math.floor((x - GUTTER) / last.bucket);
    return last.density[lane][b] ?? 0;
  }

  function relayout() {
    api.lanes = lanesOf(events, laneChoice.value, { hideRetracted: retractedChoice.value === 'hide', names });
    api.focus = null;
    api.hover = null;
    size();
    describe();
  }

  function fit() {
    const extent = extentOf(api.lanes);
    const from = range?.from ?? extent?.first;
    const to = range?.to ?? extent?.last;
    if (from === undefined || to === undefined) return;
    const pad = Math.max(2, (to - from) * 0.04);
    scale.set(from - pad, to + pad);
  }

  function size() {
    const width = Math.max(320, Math.floor(frame.clientWidth || 800));
    const height = AXIS_H + Math.max(1, api.lanes.length) * LANE_H + 1;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.height = `${height}px`;
    }
    scale.width = width - GUTTER;
  }

  function describe() {
    const n = events.length;
    const extent = extentOf(api.lanes);
    const by = laneChoice.value === 'type' ? 'type' : 'actor';
    if (n === 0) {
      caption.textContent = done ? 'The chart is empty: no events match these filters.' : 'Loading the chart…';
      return;
    }
    const unsure = events.filter((e) => e.uncertain || e.approximate).length;
    const retracted = events.filter((e) => e.status === 'retracted').length;
    const open = events.filter((e) => !e.earliest || !e.latest).length;
    const month = (day) => edtfWords(isoDay(day).slice(0, 7));
    const between = !extent ? '' : month(extent.first) === month(extent.last - 1) ? ` in ${month(extent.first)}` : ` from ${month(extent.first)} to ${month(extent.last - 1)}`;
    const top = api.lanes.slice(0, 4).map((l) => `${l.label} ${l.marks.length}`).join(', ');
    const lanes = api.lanes.length === 0 ? 'with nothing left to draw'
      : `in ${api.lanes.length} ${api.lanes.length === 1 ? 'lane' : 'lanes'} by ${by} (${top}${api.lanes.length > 4 ? ', …' : ''})`;
    const notes = [unsure && `${unsure} with approximate or uncertain dates`, open && `${open} with an open end`,
      retracted && `${retracted} retracted${retractedChoice.value === 'hide' ? ' (hidden)' : ''}`].filter(Boolean);
    caption.textContent = `${done ? '' : 'So far, '}${n} ${n === 1 ? 'event' : 'events'}${between}, ${lanes}`
      + `${notes.length ? `; ${notes.join(', ')}` : ''}. The list below gives the same events to read.`;
    canvas.setAttribute('aria-label', `Timeline chart of ${n} events`);
    element.dataset.count = String(n);
    element.dataset.complete = String(done);
  }

  function request() {
    if (frameRequested) return;
    frameRequested = requestAnimationFrame(() => { frameRequested = 0; render(); });
  }

  function render() {
    colours ??= palette(element);
    const started = performance.now();
    const g = canvas.getContext('2d');
    const dpr = canvas.width / (scale.width + GUTTER);
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    last = draw(g, { scale, lanes: api.lanes, colours, width: scale.width + GUTTER, focus: api.focus, hover: api.hover, brush: api.brush }, hits);
    const took = performance.now() - started;
    api.frames.push(took);
    if (api.frames.length > 600) api.frames.shift();
    zoomIn.disabled = scale.atMaxZoom;
    zoomOut.disabled = scale.atMinZoom;
    element.dataset.from = isoDay(scale.start);
    element.dataset.to = isoDay(scale.end);
  }

  attachPointer(canvas, api);
  canvas.addEventListener('keydown', (e) => onChartKey(e, api));
  canvas.addEventListener('focus', () => { if (!api.focus) { const f = api.firstVisible(); if (f) api.focusOn(f); } });
  canvas.addEventListener('blur', () => { tip.hidden = true; });
  const rechoose = () => {
    sessionStorage.setItem(PREFS, JSON.stringify({ lanes: laneChoice.value, retracted: retractedChoice.value }));
    api.setEvents(events, done, range);
  };
  laneChoice.addEventListener('change', rechoose);
  retractedChoice.addEventListener('change', rechoose);
  const resized = new ResizeObserver(() => { const before = scale.width; size(); if (scale.width !== before) { scale.set(scale.start, scale.end); render(); } });
  resized.observe(frame);
  api.destroy = () => { resized.disconnect(); cancelAnimationFrame(frameRequested); };
  element.chart = api;
  return api;
}
