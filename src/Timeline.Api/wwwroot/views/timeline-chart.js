// The chart on the timeline view: it reads the same filters as the list, fits their date range when they have
// one, opens an event on a click, and a brushed range becomes the From and To filters.
import { createChart } from '../chart/chart.js';
import { loadChartEvents } from '../chart/data.js';
import { boundDay } from '../chart/scale.js';

/**
 * `setRange(from, to)` applies a brushed range to the filters; `opening(id)` hears of an event being opened;
 * `onEvents(events, complete)` hears of the events drawn (the map draws the same).
 */
export function timelineChart({ knownActors, setRange, opening = () => {}, onEvents = () => {} }) {
  const chart = createChart({
    names: new Map(knownActors.map((a) => [a.code, a.name])),
    onOpen: (id) => { opening(id); location.hash = `#/events/${id}`; },
    onRange: setRange,
  });
  let controller = null;

  return {
    element: chart.element,
    chart,
    /** The zoom and pan the reader chose (days), or null while the chart fits the events. */
    view: () => chart.view(),
    /** Loads (again) the events the filters match; `view` is a window to show instead of fitting them. */
    load(filters, view = null) {
      controller?.abort();
      controller = new AbortController();
      const signal = controller.signal;
      const from = boundDay(filters.from);
      const to = boundDay(filters.to, true);
      const range = from !== null || to !== null ? { from: from ?? undefined, to: to ?? undefined } : null;
      chart.reset();
      if (view && Number.isFinite(view.start) && Number.isFinite(view.end)) chart.showView(view);
      chart.setEvents([], false, range);
      loadChartEvents(filters, signal, (events, complete) => {
        if (signal.aborted) return;
        chart.setEvents(events, complete, range);
        onEvents(events, complete);
      }).catch((error) => {
        if (error.name !== 'AbortError') chart.element.querySelector('.chart__summary').textContent = `Could not draw the chart: ${error.message}`;
      });
    },
    destroy() {
      controller?.abort();
      chart.destroy();
    },
  };
}
