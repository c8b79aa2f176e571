// The chart's figure around its canvas: the zoom buttons, the lane and retracted choices, the tip, the sentence that
// says what the chart shows, the legend and the keys; and that sentence, written from the events and their lanes.
import { h } from '../shared/dom.js';
import { edtfWords } from '../shared/edtf-words.js';
import { isoDay } from './scale.js';
import { extentOf } from './marks.js';

/** The figure's parts. `prefs` ({ lanes, retracted }) chooses the selects; the buttons call `zoomBy` and `showAll`. */
export function chartFigure(prefs, { zoomBy, showAll }) {
  const caption = h('figcaption', { class: 'chart__summary', id: 'chart-summary' }, 'Loading the chart…');
  const canvas = h('canvas', {
    class: 'chart__canvas', tabindex: '0', role: 'group', 'aria-roledescription': 'timeline chart',
    'aria-label': 'Timeline chart', 'aria-describedby': 'chart-summary chart-keys',
  }, 'A chart of the events listed below.');
  const tip = h('div', { class: 'chart__tip', hidden: true, 'aria-hidden': 'true' });
  const live = h('p', { class: 'visually-hidden', 'aria-live': 'polite', id: 'chart-live' });
  const button = (label, text, act) => h('button', { type: 'button', class: 'chart__button', 'aria-label': label, title: label, onclick: act }, text);
  const zoomIn = button('Zoom in', '+', () => zoomBy(2));
  const zoomOut = button('Zoom out', '−', () => zoomBy(0.5));
  const all = button('Show all', 'Show all', () => showAll());
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
  return { element, frame, canvas, tip, live, caption, zoomIn, zoomOut, laneChoice, retractedChoice };
}

/**
 * What the chart shows, in a sentence: how many events, over which months, in which lanes, and how many are
 * approximate, open-ended or retracted.
 */
export function chartSentence({ events, lanes, done, by, hidingRetracted }) {
  const n = events.length;
  if (n === 0) return done ? 'The chart is empty: no events match these filters.' : 'Loading the chart…';
  const extent = extentOf(lanes);
  const unsure = events.filter((e) => e.uncertain || e.approximate).length;
  const retracted = events.filter((e) => e.status === 'retracted').length;
  const open = events.filter((e) => !e.earliest || !e.latest).length;
  const month = (day) => edtfWords(isoDay(day).slice(0, 7));
  const between = !extent ? '' : month(extent.first) === month(extent.last - 1) ? ` in ${month(extent.first)}` : ` from ${month(extent.first)} to ${month(extent.last - 1)}`;
  const top = lanes.slice(0, 4).map((l) => `${l.label} ${l.marks.length}`).join(', ');
  const inLanes = lanes.length === 0 ? 'with nothing left to draw'
    : `in ${lanes.length} ${lanes.length === 1 ? 'lane' : 'lanes'} by ${by} (${top}${lanes.length > 4 ? ', …' : ''})`;
  const notes = [unsure && `${unsure} with approximate or uncertain dates`, open && `${open} with an open end`,
    retracted && `${retracted} retracted${hidingRetracted ? ' (hidden)' : ''}`].filter(Boolean);
  return `${done ? '' : 'So far, '}${n} ${n === 1 ? 'event' : 'events'}${between}, ${inLanes}`
    + `${notes.length ? `; ${notes.join(', ')}` : ''}. The list below gives the same events to read.`;
}
