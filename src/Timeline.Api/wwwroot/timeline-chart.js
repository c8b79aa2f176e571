// The chart on the timeline view: it reads the same filters as the list, fits their date range when they have
// one, opens an event on a click, and a brushed range becomes the From and To filters.
import { createChart } from './chart.js';
import { loadChartEvents } from './chart-data.js';
import { boundDay } from './chart-scale.js';

/** `setRange(from, to)` applies a brushed range to the filters. */
export function timelineChart({ knownActors, setRange }) {
  const chart = createChart({
    names: new Map(knownActors.map((a) => [a.code, a.name])),
    onOpen: (id) => { location.hash = `#/events/${id}`; },
    onRange: setRange,
  });
  let controller = null;

  return {
    element: chart.element,
    chart,
    /** Loads (again) the events the filters match. */
    load(filters) {
      controller?.abort();
      controller = new AbortController();
      const signal = controller.signal;
      const from = boundDay(filters.from);
      const to = boundDay(filters.to, true);
      const range = from !== null || to !== null ? { from: from ?? undefined, to: to ?? undefined } : null;
      chart.reset();
      chart.setEvents([], false, range);
      loadChartEvents(filters, signal, (events, complete) => {
        if (!signal.aborted) chart.setEvents(events, complete, range);
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
