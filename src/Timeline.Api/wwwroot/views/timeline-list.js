// The timeline's list: pages of events appended under their year and month headings as the reader scrolls, never
// re-rendered, and a sentence saying how many there are.
import { h, uid } from '../shared/dom.js';
import { groupOf, eventItem } from './timeline-items.js';

export const PAGE = 100;
/** The API's largest page (GET /api/timeline's limit). */
const MAX_LIMIT = 500;

/**
 * @param {{ knownActors: object[], order: () => string, page: (limit: number, cursor: string|null, signal: AbortSignal) => Promise<object>,
 *           refused: (error: Error) => void }} options
 * `page` reads one page of the view's events; `refused` hears why one could not be read.
 */
export function eventList({ knownActors, order, page, refused }) {
  const status = h('p', { class: 'result-status', id: 'timeline-status', role: 'status' });
  const groups = h('div', { class: 'timeline', id: 'timeline-groups' });
  const loadMore = h('button', { type: 'button', class: 'load-more', hidden: true }, 'Load more');
  const sentinel = h('div', { class: 'sentinel', 'aria-hidden': 'true' });
  let state;
  let controller = null;

  const describe = () => {
    const words = order() === 'desc' ? 'newest first' : 'oldest first';
    if (state.count === 0) return state.done ? 'No events match these filters.' : 'Loading…';
    return state.done
      ? `${state.count} ${state.count === 1 ? 'event' : 'events'}, ${words}.`
      : `The first ${state.count} events, ${words}; more load as you scroll.`;
  };

  const appendEvents = (items) => {
    const fragment = document.createDocumentFragment();
    for (const e of items) {
      const g = groupOf(e);
      if (g.yearKey !== state.yearKey) {
        state.yearKey = g.yearKey;
        state.monthKey = null;
        const id = uid(`year-${g.yearKey}`);
        state.yearSection = h('section', { class: 'year', 'aria-labelledby': id }, h('h2', { id }, g.yearLabel));
        fragment.append(state.yearSection);
      }
      if (g.monthKey !== state.monthKey) {
        state.monthKey = g.monthKey;
        const id = uid(`month-${g.yearKey}-${g.monthKey}`);
        state.list = h('ol', { class: 'events', 'aria-labelledby': g.monthLabel ? id : null });
        state.yearSection.append(h('section', { class: 'month' }, g.monthLabel ? h('h3', { id }, g.monthLabel) : null, state.list));
      }
      state.list.append(eventItem(e, knownActors));
      state.count += 1;
    }
    groups.append(fragment);
  };

  /** Loads the next page; returning to a place, everything up to `upTo` events, as few requests as the API allows. */
  const next = async (upTo = state.count + PAGE) => {
    if (state.loading || state.done) return;
    state.loading = true;
    loadMore.disabled = true;
    const mine = state;
    try {
      while (state.count < upTo && !state.done) {
        const limit = Math.min(MAX_LIMIT, upTo - state.count);
        const data = await page(limit, state.cursor, controller.signal);
        if (mine !== state) return;
        appendEvents(data.items);
        state.cursor = data.nextCursor;
        state.done = !data.nextCursor;
      }
      status.textContent = describe();
      loadMore.hidden = state.done;
    } catch (error) {
      if (error.name === 'AbortError' || mine !== state) return;
      state.done = true;
      refused(error);
      status.textContent = `Could not load the timeline: ${error.message}`;
    } finally {
      if (mine === state) {
        state.loading = false;
        loadMore.disabled = false;
      }
    }
    // The observer only reports changes: ask again whether the end of the list is still in view.
    observer.unobserve(sentinel);
    if (!state.done) observer.observe(sentinel);
  };

  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) next();
  }, { rootMargin: '800px 0px' });
  loadMore.addEventListener('click', () => next());

  return {
    elements: [status, groups, loadMore, sentinel],
    groups,
    status,
    next,
    /** Empties the list for a new reading; pages still on their way are dropped. */
    reset() {
      controller?.abort();
      controller = new AbortController();
      state = { cursor: null, done: false, loading: false, count: 0, yearKey: null, monthKey: null, list: null, yearSection: null };
      groups.replaceChildren();
      loadMore.hidden = true;
    },
    /** The reading now under way: compared after a wait, to know whether the list was emptied meanwhile. */
    reading: () => state,
    count: () => state?.count ?? 0,
    destroy() {
      controller?.abort();
      observer.disconnect();
    },
  };
}
