// The chart's events: every event the filters match, read 500 at a time and handed over page by page.
import { api, query } from '../shared/api.js';

const PAGE = 500;

/** Reads all pages for `filters` (the API's parameters), calling `onPage(all so far, complete)` after each. */
export async function loadChartEvents(filters, signal, onPage) {
  const all = [];
  let cursor = null;
  do {
    const { data } = await api(`/api/timeline?${query({ ...filters, order: '', limit: PAGE, cursor })}`, { signal });
    for (const e of data.items) all.push(e);
    cursor = data.nextCursor;
    onPage(all, !cursor);
  } while (cursor && !signal.aborted);
  return all;
}
