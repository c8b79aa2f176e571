// Pointing at the chart's marks, by mouse or by keys: the mark under the pointer (or the crowd of a density band)
// in the tip, the focused mark announced and kept in the window, a click or Enter opening its event.
import { h } from '../shared/dom.js';
import { edtfWords } from '../shared/edtf-words.js';
import { firstFrom } from './marks.js';
import { AXIS_H, GUTTER, LANE_H } from './draw.js';

/**
 * The chart's methods for its marks: firstVisible(), focusOn(at), open(at), hoverAt(x, y), clickAt(x, y).
 * `lastFrame()` is what the last frame drew (its density bands); `keepWindow()` says the reader's window is to stay.
 */
export function pointingAtMarks(chart, { hits, scale, canvas, live, tip, onOpen, render, request, lastFrame, keepWindow }) {
  const markAt = (at) => (at ? chart.lanes[at.lane]?.marks[at.index] ?? null : null);

  /** How many events a density band holds under the pointer (those that did not fit as marks). */
  const crowdAt = (x, y) => {
    const last = lastFrame();
    if (!last || x < GUTTER) return 0;
    const lane = Math.floor((y - AXIS_H) / LANE_H);
    if (lane < 0 || lane >= chart.lanes.length) return 0;
    const b = Math.floor((x - GUTTER) / last.bucket);
    return last.density[lane][b] ?? 0;
  };

  return {
    firstVisible() {
      for (let lane = 0; lane < chart.lanes.length; lane++) {
        const marks = chart.lanes[lane].marks;
        if (marks.length) return { lane, index: Math.min(marks.length - 1, firstFrom(marks, scale.start)) };
      }
      return null;
    },
    focusOn(next) {
      chart.focus = next;
      const m = markAt(next);
      if (!m) return;
      const from = Number.isFinite(m.start) ? m.start : m.end - 1;
      const to = Number.isFinite(m.end) ? m.end : m.start + 1;
      if (to < scale.start || from > scale.end) { scale.pan(scale.x((from + to) / 2) - scale.width / 2); keepWindow(); }
      render();
      const at = hits.where(next.lane, next.index);
      live.textContent = `${markWords(m)}. ${chart.lanes[next.lane].title}, ${next.index + 1} of ${chart.lanes[next.lane].marks.length}.`;
      tip.showMark(m, at ? (at.x0 + at.x1) / 2 : GUTTER + scale.x(from), at ? at.y : AXIS_H + next.lane * LANE_H + 10);
    },
    open(at) { const m = markAt(at); if (m) onOpen(m.event.id); },
    hoverAt(x, y) {
      const found = x >= GUTTER ? hits.find(x, y) : null;
      const same = found && chart.hover && found.lane === chart.hover.lane && found.index === chart.hover.index;
      if (!same) { chart.hover = found; request(); }
      canvas.style.cursor = found ? 'pointer' : y >= 0 && y < AXIS_H ? 'col-resize' : 'grab';
      if (found) { tip.showMark(markAt(found), (found.x0 + found.x1) / 2, found.y); return; }
      const crowd = crowdAt(x, y);
      if (crowd) { tip.showText(`${crowd} more ${crowd === 1 ? 'event' : 'events'} here than fit; zoom in to see them`, x, y); return; }
      tip.hide();
    },
    clickAt(x, y) {
      const found = hits.find(x, y);
      if (found) chart.open(found);
    },
  };
}

/** An event in words, as the live region announces it: "Title, June 2024, confirmed". */
function markWords(m) {
  const e = m.event;
  return `${e.title}, ${edtfWords(e.occurred)}${e.status === 'retracted' ? ', retracted' : `, ${e.status}`}`;
}

/** The tip beside the pointer or the focused mark: its title and date in words, or a sentence; kept inside the chart. */
export function chartTip(tip, scale) {
  const place = (x, y) => {
    tip.hidden = false;
    tip.style.left = `${Math.min(Math.max(0, x - 20), scale.width + GUTTER - 240)}px`;
    tip.style.top = `${y + 12}px`;
  };
  return {
    showMark(m, x, y) {
      if (!m) { tip.hidden = true; return; }
      tip.replaceChildren(h('strong', {}, m.event.title), h('br'), edtfWords(m.event.occurred),
        m.retracted ? ' · retracted' : '', m.unsure ? ' · date approximate or uncertain' : '');
      place(x, y);
    },
    showText(text, x, y) { tip.replaceChildren(text); place(x, y); },
    hide() { tip.hidden = true; },
  };
}
