// #/ : the timeline. Filters mirror GET /api/timeline's parameters in the page's query string (so a view can
// be bookmarked; the key is never in it), or ?timeline=<slug> shows a saved timeline. Pages of 100 are appended as
// the reader scrolls, never re-rendered; going back to the view returns to the place it was left (timeline-place.js).
import { api, actors, query, ApiError } from '../shared/api.js';
import { h, replace } from '../shared/dom.js';
import { filterForm } from './timeline-filters.js';
import { timelineChart } from './timeline-chart.js';
import { timelineMap } from './timeline-map.js';
import { downloadMenu } from './download-menu.js';
import { feedAddress } from './feed-address.js';
import { readFilters, addressFilters, apiFilters, viewName, describeInstant } from './timeline-address.js';
import { eventList, PAGE } from './timeline-list.js';

// Other views link actors as the list does.
export { actorLink } from './timeline-items.js';
import { savedTimeline, filtersOf, sources, savedList } from './saved-timelines.js';
import { savePlace, takePlace, stampEntry, anchorIn, scrollToPlace } from './timeline-place.js';

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

  // --- the filter form, the chart, the list and the view's tools -----------------------------
  const filterUi = filterForm(filters, knownActors, scope);
  const { form, filterBox, errors, q, from, to, clear } = filterUi;
  const asOfNote = h('p', { class: 'as-of-note', hidden: true });
  const list = eventList({
    knownActors,
    order: () => filters.order,
    page: async (limit, cursor, signal) => (await api(from_.page(apiFilters(filters), limit, cursor), { signal })).data,
    refused: (error) => {
      if (error instanceof ApiError && error.status === 400) {
        errors.show(error.errors, 'The API did not accept these filters.');
        filterBox.open = true;
      }
    },
  });
  const chart = timelineChart({
    knownActors,
    setRange: (first, last) => {
      from.input.value = first;
      to.input.value = last;
      apply();
    },
    opening: (id) => place.opening(id),
    onEvents: (events, complete) => map.show(events, complete),
  });
  // The place filters have no fields in the form: the map's box ("only what the map shows") and the address's near
  // and placeMatch are held here, and applied with the form's.
  let placed = { bbox: filters.bbox ?? '', near: filters.near ?? '', placeMatch: filters.placeMatch ?? '' };
  const map = timelineMap({
    box: filters.bbox,
    setBox: (bbox) => {
      placed = { ...placed, bbox };
      apply();
    },
  });
  const downloads = downloadMenu({ path: (format) => from_.download(apiFilters(filters), format) });
  const feed = from_.feed
    ? feedAddress({ label: 'Subscribe in a feed reader', kind: 'feed', path: from_.feed, scope: `timeline:${saved.slug}`, what: 'this timeline’s new and changed events' })
    : null;
  // Being alerted is not writing: every key may subscribe for itself.
  const subscribe = ctx.role ? subscribeToView(() => filters) : null;

  replace(main, h('div', { class: 'timeline-layout' },
    h('aside', { class: 'timeline-layout__filters', 'aria-label': 'Filters' }, filterBox, scope ? null : savedList(saved?.slug)),
    h('section', { class: 'timeline-layout__results', 'aria-labelledby': 'timeline-heading' },
      scope?.intro, ...viewHeading(scope, saved),
      h('div', { class: 'view-tools' }, downloads.element, feed),
      asOfNote, h('div', { class: 'timeline-figures' }, chart.element, map.element), ...list.elements,
      subscribe?.element)));

  // --- reading the view ----------------------------------------------------------------------
  const reload = (returning = null) => {
    list.reset();
    errors.clear();
    asOfNote.hidden = !filters.asOf;
    asOfNote.textContent = filters.asOf ? `As it was known at ${describeInstant(filters.asOf)}: later amendments and events are not shown.` : '';
    list.status.textContent = 'Loading…';
    chart.load(apiFilters(filters), returning?.chart);
    if (!returning) {
      list.next();
      return;
    }
    const mine = list.reading();
    const started = performance.now();
    list.next(Math.max(PAGE, returning.count)).then(() => {
      if (mine !== list.reading()) return;
      scrollToPlace(list.groups, returning);
      performance.measure('timeline-return', { start: started, end: performance.now(), detail: { events: list.count() } });
      // Focus goes back to the event that was opened, as a screen reader user left it.
      const link = returning.opened && list.groups.querySelector(`li[data-event-id="${CSS.escape(returning.opened)}"] a`);
      link?.focus({ preventScroll: true });
    });
  };

  // --- the place, kept for coming back ------------------------------------------------
  const place = keepingPlace({ list, chart, address });

  // --- applying filters ------------------------------------------------------------
  const apply = () => {
    const wanted = { ...filterUi.read(), ...placed };
    const problems = filterUi.check(wanted);
    if (Object.keys(problems).length > 0) {
      errors.show(problems);
      return;
    }
    errors.clear();
    const search = query(inAddress(wanted));
    if (placeOf(wanted) !== address()) {
      place.keep();
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
    placed = { bbox: '', near: '', placeMatch: '' };
    map.lift();
    apply();
  });

  filterUi.updateActorCount();
  reload(returnTo);
  return () => {
    // Called before the next view replaces this one: the scroll is still this view's.
    place.keep();
    place.stop();
    list.destroy();
    clearTimeout(typing);
    chart.destroy();
    map.destroy();
    downloads.destroy();
  };
}

/**
 * The place in the view (how many events were loaded, the scroll, the chart's window, the event last opened), kept as
 * the reader scrolls and when they leave, so that coming back returns to it (timeline-place.js).
 */
function keepingPlace({ list, chart, address }) {
  let opened = null; // the event last opened from this view, focused again on the way back
  const keep = (search = address()) => {
    if (list.count() === 0) return;
    savePlace(search, { count: list.count(), scrollY: window.scrollY, anchor: anchorIn(list.groups), chart: chart.view(), opened });
  };
  list.groups.addEventListener('click', (e) => {
    const link = e.target.closest('a[href^="#/events/"]');
    if (link) opened = link.closest('li.event')?.dataset.eventId ?? null;
  });
  let scrolling = null;
  const onScroll = () => {
    clearTimeout(scrolling);
    scrolling = setTimeout(() => keep(), 200);
  };
  window.addEventListener('scroll', onScroll, { passive: true });
  return {
    keep,
    opening: (id) => { opened = id; },
    stop() {
      window.removeEventListener('scroll', onScroll);
      clearTimeout(scrolling);
    },
  };
}

/** The view's title: an actor's events, a saved timeline (with what it is), or the timeline. */
function viewHeading(scope, saved) {
  if (saved) document.title = `${saved.title} · Timeline`;
  const heading = scope
    ? h('h2', { id: 'timeline-heading' }, `Events of ${scope.name}`)
    : h('h1', { id: 'timeline-heading' }, saved ? saved.title : 'Timeline');
  const savedNote = saved
    ? h('p', { class: 'lede' }, saved.description ? `${saved.description} ` : '', 'A saved timeline: changing a filter leaves it for a view of your own.')
    : null;
  return [heading, savedNote];
}

/** "Alert me about this view": a subscription to the view's filter, named after it. */
function subscribeToView(currentFilters) {
  const button = h('button', { type: 'button', class: 'secondary', id: 'subscribe-view' }, 'Alert me about this view');
  const note = h('p', { class: 'muted', role: 'status' });
  button.addEventListener('click', async () => {
    const filters = currentFilters();
    const filter = Object.fromEntries(Object.entries(apiFilters(filters)).filter(([k, v]) => !['asOf', 'order'].includes(k) && v !== '' && !(Array.isArray(v) && v.length === 0)));
    const name = `Web page: ${viewName(filters)}`.slice(0, 200);
    button.disabled = true;
    try {
      await api('/api/subscriptions', { method: 'POST', body: { name, filter } });
      note.textContent = `Subscribed (“${name}”): new and changed events in this view will appear under Alerts.`;
    } catch (error) {
      note.textContent = `Could not subscribe: ${error.message}`;
    } finally {
      button.disabled = false;
    }
  });
  return { element: h('div', { class: 'subscribe' }, button, note, h('a', { href: '#/subscriptions' }, 'Your subscriptions')) };
}
