// The chart by keyboard: focus moves event to event (← →), lane to lane (↑ ↓), to the first and last (Home, End);
// Enter opens the focused event; + and − zoom, 0 shows everything; Shift with ← → pans.
import { firstFrom } from './marks.js';

/** Handles a key on the chart's canvas; `chart` provides lanes, focus, focusOn(), open(), zoomBy(), pan(), showAll(). */
export function onChartKey(e, chart) {
  const lanes = chart.lanes;
  if (lanes.length === 0) return;
  const f = chart.focus ?? chart.firstVisible();
  if (!f) return;
  const lane = lanes[f.lane];
  let next = null;
  switch (e.key) {
    case 'ArrowRight':
      if (e.shiftKey) { chart.pan(0.2); break; }
      next = chart.focus ? { lane: f.lane, index: Math.min(lane.marks.length - 1, f.index + 1) } : f;
      break;
    case 'ArrowLeft':
      if (e.shiftKey) { chart.pan(-0.2); break; }
      next = chart.focus ? { lane: f.lane, index: Math.max(0, f.index - 1) } : f;
      break;
    case 'ArrowDown':
    case 'ArrowUp': {
      const to = Math.min(lanes.length - 1, Math.max(0, f.lane + (e.key === 'ArrowDown' ? 1 : -1)));
      const start = lane.marks[f.index].start;
      const marks = lanes[to].marks;
      next = { lane: to, index: Math.min(marks.length - 1, firstFrom(marks, start)) };
      break;
    }
    case 'Home': next = { lane: f.lane, index: 0 }; break;
    case 'End': next = { lane: f.lane, index: lane.marks.length - 1 }; break;
    case 'Enter':
    case ' ':
      if (chart.focus) chart.open(chart.focus);
      else next = f;
      break;
    case '+':
    case '=':
      chart.zoomBy(2);
      break;
    case '-':
    case '_':
      chart.zoomBy(0.5);
      break;
    case '0':
      chart.showAll();
      break;
    default:
      return;
  }
  e.preventDefault();
  if (next) chart.focusOn(next);
}
