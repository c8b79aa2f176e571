// The visual timeline above the list: each event drawn over the span its date allows, in lanes by actor or by
// type, zoomed and panned by wheel, pinch, buttons and keys; a brush chooses a date range. The list below stays
// the reading of the same events: the chart says in a sentence what it shows and announces the focused event.
import { TimeScale, isoDay } from './scale.js';
import { lanesOf, extentOf } from './marks.js';
import { draw, palette, HitTable, AXIS_H, GUTTER, LANE_H } from './draw.js';
import { attachPointer } from './input.js';
import { onChartKey } from './keys.js';
import { chartFigure, chartSentence } from './figure.js';
import { pointingAtMarks, chartTip } from './pointing.js';

const PREFS = 'timeline.chart';

/** The chart. `onOpen(id)` opens an event; `onRange(from, to)` sets the date filters (days, inclusive). */
export function createChart({ names = new Map(), onOpen, onRange }) {
  const prefs = { lanes: 'actor', retracted: 'strike', ...JSON.parse(sessionStorage.getItem(PREFS) ?? '{}') };
  const figure = chartFigure(prefs, { zoomBy: (factor) => chart.zoomBy(factor), showAll: () => chart.showAll() });
  const { element, frame, canvas, live, caption, zoomIn, zoomOut, laneChoice, retractedChoice } = figure;
  const scale = new TimeScale(0, 365, 800);
  const hits = new HitTable();
  const tip = chartTip(figure.tip, scale);
  let colours = null;
  let events = [];
  let done = false;
  let userMoved = false;
  let range = null;
  let frameRequested = 0;
  let last = null;

  // What the pointer, the keys, the timeline view and the tests work the chart through.
  const chart = {
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
    reset() { userMoved = false; chart.focus = null; chart.hover = null; },
    moved() { userMoved = true; request(); },
    request,
    zoomBy(factor) {
      const f = chart.focus && hits.where(chart.focus.lane, chart.focus.index);
      scale.zoom(factor, f ? (f.x0 + f.x1) / 2 - GUTTER : scale.width / 2);
      chart.moved();
    },
    pan(fraction) { scale.pan(scale.width * fraction); chart.moved(); },
    showAll() { userMoved = false; fit(); request(); },
    /** The window of days the reader moved to, or null while the chart fits its events. */
    view() { return userMoved ? { start: scale.start, end: scale.end } : null; },
    /** Shows a window the reader had moved to; it stays while events arrive. */
    showView({ start, end }) { scale.set(start, end); chart.moved(); },
    brushTo(x0, x1 = x0) { chart.brush = x0 === null ? null : [x0, x1]; request(); },
    brushDone(x0, x1) {
      chart.brush = null;
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

  Object.assign(chart, pointingAtMarks(chart, {
    hits, scale, canvas, live, tip, onOpen, render, request,
    lastFrame: () => last,
    keepWindow: () => { userMoved = true; },
  }));

  /** The events into lanes as chosen (by actor or type, retracted struck or hidden), then sized and described. */
  function relayout() {
    chart.lanes = lanesOf(events, laneChoice.value, { hideRetracted: retractedChoice.value === 'hide', names });
    chart.focus = null;
    chart.hover = null;
    size();
    describe();
  }

  /** The window that shows every event (or the filters' date range), with a little room either side. */
  function fit() {
    const extent = extentOf(chart.lanes);
    const from = range?.from ?? extent?.first;
    const to = range?.to ?? extent?.last;
    if (from === undefined || to === undefined) return;
    const pad = Math.max(2, (to - from) * 0.04);
    scale.set(from - pad, to + pad);
  }

  /** The canvas as wide as its frame and as tall as its lanes, in device pixels. */
  function size() {
    const width = Math.max(320, Math.floor(frame.clientWidth || 800));
    const height = AXIS_H + Math.max(1, chart.lanes.length) * LANE_H + 1;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.height = `${height}px`;
    }
    scale.width = width - GUTTER;
  }

  function describe() {
    caption.textContent = chartSentence({ events, lanes: chart.lanes, done, by: laneChoice.value === 'type' ? 'type' : 'actor', hidingRetracted: retractedChoice.value === 'hide' });
    if (events.length === 0) return;
    canvas.setAttribute('aria-label', `Timeline chart of ${events.length} events`);
    element.dataset.count = String(events.length);
    element.dataset.complete = String(done);
  }

  function request() {
    if (frameRequested) return;
    frameRequested = requestAnimationFrame(() => { frameRequested = 0; render(); });
  }

  /** One frame: every lane drawn, its time kept (the last 600), and the zoom buttons and data-from/to brought up to date. */
  function render() {
    colours ??= palette(element);
    const started = performance.now();
    const g = canvas.getContext('2d');
    const dpr = canvas.width / (scale.width + GUTTER);
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    last = draw(g, { scale, lanes: chart.lanes, colours, width: scale.width + GUTTER, focus: chart.focus, hover: chart.hover, brush: chart.brush }, hits);
    const took = performance.now() - started;
    chart.frames.push(took);
    if (chart.frames.length > 600) chart.frames.shift();
    zoomIn.disabled = scale.atMaxZoom;
    zoomOut.disabled = scale.atMinZoom;
    element.dataset.from = isoDay(scale.start);
    element.dataset.to = isoDay(scale.end);
  }

  attachPointer(canvas, chart);
  canvas.addEventListener('keydown', (e) => onChartKey(e, chart));
  canvas.addEventListener('focus', () => { if (!chart.focus) { const f = chart.firstVisible(); if (f) chart.focusOn(f); } });
  canvas.addEventListener('blur', () => tip.hide());
  const rechoose = () => {
    sessionStorage.setItem(PREFS, JSON.stringify({ lanes: laneChoice.value, retracted: retractedChoice.value }));
    chart.setEvents(events, done, range);
  };
  laneChoice.addEventListener('change', rechoose);
  retractedChoice.addEventListener('change', rechoose);
  const resized = new ResizeObserver(() => { const before = scale.width; size(); if (scale.width !== before) { scale.set(scale.start, scale.end); render(); } });
  resized.observe(frame);
  chart.destroy = () => { resized.disconnect(); cancelAnimationFrame(frameRequested); };
  element.chart = chart;
  return chart;
}
