// #/ : the timeline. Filters mirror GET /api/timeline's parameters in the page's query string (so a view can
// be bookmarked; the key is never in it), or ?timeline=<slug> shows a saved timeline. Pages of 100 are appended as
// the reader scrolls, never re-rendered; going back to the view returns to the place it was left (timeline-place.js).
import { api, actors, query, ApiError } from '../shared/api.js';
import { h, replace, uid } from '../shared/dom.js';
import { filterForm } from './timeline-filters.js';
import { timelineChart } from './timeline-chart.js';
import { downloadMenu } from './download-menu.js';
import { feedAddress } from './feed-address.js';
import { readFilters, addressFilters, apiFilters, viewName, describeInstant } from './timeline-address.js';
import { groupOf, eventItem } from './timeline-items.js';

// Other views link actors as the list does.
export { actorLink } from './timeline-items.js';
import { savedTimeline, filtersOf, sources, savedList } from './saved-timelines.js';
import { savePlace, takePlace, stampEntry, anchorIn, scrollToPlace } from './timeline-place.js';

const PAGE = 100;
/** The API's largest page (GET /api/timeline's limit). */
const MAX_LIMIT = 500;

/**
 * The timeline, or with `scope` ({ actor, name, intro }) one actor's events: the actor filter is held to it and
 * left out of the address, and `intro` (the actor's page) goes above the results.
 */
export async function renderTimeline(main, _params, ctx, scope = null) {
  document.title = 'Timeline';
  const scoped = (f) => (scope ? { ...f, actor: [scope.actor] } : f);
  const inAddress = (f) => addressFilters(scope ? { ...f, actor: [] } : f);
  let filters = scoped(readFilters());
  // A saved timeline's view: its filter fills the form; its own endpoints give the events, downloads and feed.
  const saved = !scope && filters.timeline ? await savedTimeline(filters.timeline) : null;
  if (saved) filters = { ...filters, ...filtersOf(saved) };
  const from_ = sources(saved?.slug);
  // The place is kept per view and address: an actor's page has its own.
  const placeOf = (f) => `${scope ? `actor:${scope.actor}|` : ''}${query(inAddress(f))}`;
  const address = () => placeOf(filters);
  const knownActors = await actors();
  // Read before anything else can change the history entry: whether this is a return to a place left earlier.
  const returnTo = takePlace(address());
  stampEntry(address());
  let opened = null; // the event last opened from this view, focused again on the way back

  // --- the filter form -------------------------------------------------------
  const filterUi = filterForm(filters, knownActors, scope);
  const { form, filterBox, errors, q, from, to, clear } = filterUi;

  // --- the results -------------------------------------------------------------
  const heading = scope
    ? h('h2', { id: 'timeline-heading' }, `Events of ${scope.name}`)
    : h('h1', { id: 'timeline-heading' }, saved ? saved.title : 'Timeline');
  if (saved) document.title = `${saved.title} · Timeline`;
  const savedNote = saved
    ? h('p', { class: 'lede' }, saved.description ? `${saved.description} ` : '', 'A saved timeline: changing a filter leaves it for a view of your own.')
    : null;
  const asOfNote = h('p', { class: 'as-of-note', hidden: true });
  const status = h('p', { class: 'result-status', id: 'timeline-status', role: 'status' });
  const groups = h('div', { class: 'timeline', id: 'timeline-groups' });
  const loadMore = h('button', { type: 'button', class: 'load-more', hidden: true }, 'Load more');
  const sentinel = h('div', { class: 'sentinel', 'aria-hidden': 'true' });
  const subscribeNote = h('p', { class: 'muted', role: 'status' });
  const chart = timelineChart({
    knownActors,
    setRange: (first, last) => {
      from.input.value = first;
      to.input.value = last;
      apply();
    },
    opening: (id) => { opened = id; },
  });
  const downloads = downloadMenu({ path: (format) => from_.download(apiFilters(filters), format) });
  const feed = from_.feed
    ? feedAddress({ label: 'Subscribe in a feed reader', kind: 'feed', path: from_.feed, what: 'this timeline’s new and changed events' })
    : null;
  // Being alerted is not writing: every key may subscribe for itself.
  const subscribe = ctx.role
    ? h('button', { type: 'button', class: 'secondary', id: 'subscribe-view' }, 'Alert me about this view')
    : null;

  replace(main, h('div', { class: 'timeline-layout' },
    h('aside', { class: 'timeline-layout__filters', 'aria-label': 'Filters' }, filterBox, scope ? null : savedList(saved?.slug)),
    h('section', { class: 'timeline-layout__results', 'aria-labelledby': 'timeline-heading' },
      scope?.intro, heading, savedNote,
      h('div', { class: 'view-tools' }, downloads.element, feed),
      asOfNote, chart.element, status, groups, loadMore, sentinel,
      subscribe ? h('div', { class: 'subscribe' }, subscribe, subscribeNote, h('a', { href: '#/subscriptions' }, 'Your subscriptions')) : null)));

  // --- loading pages -------------------------------------------------------------
  let state;
  let controller = null;
  const reset = () => {
    controller?.abort();
    controller = new AbortController();
    state = { cursor: null, done: false, loading: false, count: 0, yearKey: null, monthKey: null, list: null, yearSection: null };
    groups.replaceChildren();
    loadMore.hidden = true;
  };

  const describe = () => {
    const order = filters.order === 'desc' ? 'newest first' : 'oldest first';
    if (state.count === 0) return state.done ? 'No events match these filters.' : 'Loading…';
    return state.done
      ? `${state.count} ${state.count === 1 ? 'event' : 'events'}, ${order}.`
      : `The first ${state.count} events, ${order}; more load as you scroll.`;
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
        const { data } = await api(from_.page(apiFilters(filters), limit, state.cursor), { signal: controller.signal });
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
      if (error instanceof ApiError && error.status === 400) {
        errors.show(error.errors, 'The API did not accept these filters.');
        filterBox.open = true;
      }
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

  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) next();
  }, { rootMargin: '800px 0px' });
  loadMore.addEventListener('click', () => next());

  const reload = (place = null) => {
    reset();
    errors.clear();
    asOfNote.hidden = !filters.asOf;
    asOfNote.textContent = filters.asOf ? `As it was known at ${describeInstant(filters.asOf)}: later amendments and events are not shown.` : '';
    status.textContent = 'Loading…';
    chart.load(apiFilters(filters), place?.chart);
    if (!place) {
      next();
      return;
    }
    const mine = state;
    const started = performance.now();
    next(Math.max(PAGE, place.count)).then(() => {
      if (mine !== state) return;
      scrollToPlace(groups, place);
      performance.measure('timeline-return', { start: started, end: performance.now(), detail: { events: state.count } });
      // Focus goes back to the event that was opened, as a screen reader user left it.
      const opened = place.opened && groups.querySelector(`li[data-event-id="${CSS.escape(place.opened)}"] a`);
      opened?.focus({ preventScroll: true });
    });
  };

  // --- the place, kept for coming back ------------------------------------------------
  const keepPlace = (search = address()) => {
    if (!state || state.count === 0) return;
    savePlace(search, { count: state.count, scrollY: window.scrollY, anchor: anchorIn(groups), chart: chart.view(), opened });
  };
  groups.addEventListener('click', (e) => {
    const link = e.target.closest('a[href^="#/events/"]');
    if (link) opened = link.closest('li.event')?.dataset.eventId ?? null;
  });
  let scrolling = null;
  const onScroll = () => {
    clearTimeout(scrolling);
    scrolling = setTimeout(() => keepPlace(), 200);
  };
  window.addEventListener('scroll', onScroll, { passive: true });

  // --- applying filters ------------------------------------------------------------
  const apply = () => {
    const wanted = filterUi.read();
    const problems = filterUi.check(wanted);
    if (Object.keys(problems).length > 0) {
      errors.show(problems);
      return;
    }
    errors.clear();
    const search = query(inAddress(wanted));
    if (placeOf(wanted) !== address()) {
      keepPlace();
      history.pushState(saved ? null : { timelinePlace: placeOf(wanted) }, '', `${search ? `?${search}` : location.pathname}${location.hash}`);
      // Leaving a saved timeline changes the whole view (title, download, feed): it is drawn afresh for the address.
      if (saved) {
        window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
        return;
      }
    }
    filters = wanted;
    filterUi.updateActorCount();
    reload();
  };

  let typing = null;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(typing);
    apply();
  });
  form.addEventListener('change', (e) => {
    if (e.target === q.input) return; // text applies as it is typed
    apply();
  });
  q.input.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(apply, 400);
  });
  clear.addEventListener('click', () => {
    filterUi.clearAll();
    apply();
  });

  subscribe?.addEventListener('click', async () => {
    const filter = Object.fromEntries(Object.entries(apiFilters(filters)).filter(([k, v]) => !['asOf', 'order'].includes(k) && v !== '' && !(Array.isArray(v) && v.length === 0)));
    const name = `Web page: ${viewName(filters)}`.slice(0, 200);
    subscribe.disabled = true;
    try {
      await api('/api/subscriptions', { method: 'POST', body: { name, filter } });
      subscribeNote.textContent = `Subscribed (“${name}”): new and changed events in this view will appear under Alerts.`;
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) ctx.forbidden();
      subscribeNote.textContent = `Could not subscribe: ${error.message}`;
    } finally {
      subscribe.disabled = false;
    }
  });

  filterUi.updateActorCount();
  reload(returnTo);
  return () => {
    // Called before the next view replaces this one: the scroll is still this view's.
    keepPlace();
    window.removeEventListener('scroll', onScroll);
    clearTimeout(scrolling);
    controller?.abort();
    observer.disconnect();
    clearTimeout(typing);
    chart.destroy();
    downloads.destroy();
  };
}
