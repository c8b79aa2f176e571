// #/ : the timeline. Filters mirror GET /api/timeline's parameters in the page's query string (so a view can
// be bookmarked; the key is never in it). Pages of 100 are appended as the reader scrolls, never re-rendered.
import { api, actors, query, ApiError } from './api.js';
import { h, replace, uid } from './dom.js';
import { parseEdtf, isPlainBound } from './edtf.js';
import { edtfWords } from './edtf-words.js';
import { field, FieldErrors } from './fields.js';
import { STATUSES, TYPE_FILTERS } from './vocab.js';
import { timelineChart } from './timeline-chart.js';
import { gradeTag, designationTag } from './grade.js';

const PAGE = 100;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The filters the address holds, named as the API names them. */
export function readFilters(search = location.search) {
  const p = new URLSearchParams(search);
  const list = (name) => p.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  return {
    actor: list('actor'),
    type: list('type'),
    tag: list('tag'),
    status: list('status'),
    from: p.get('from') ?? '',
    to: p.get('to') ?? '',
    match: p.get('match') ?? '',
    q: p.get('q') ?? '',
    asOf: p.get('asOf') ?? '',
    order: p.get('order') ?? '',
  };
}

/** "as known on" a day means at the end of that day, UTC. */
export const endOfDay = (day) => `${day}T23:59:59.999Z`;

/**
 * The timeline, or with `scope` ({ actor, name, intro }) one actor's events: the actor filter is held to it and
 * left out of the address, and `intro` (the actor's page) goes above the results.
 */
export async function renderTimeline(main, _params, ctx, scope = null) {
  document.title = 'Timeline';
  const scoped = (f) => (scope ? { ...f, actor: [scope.actor] } : f);
  const inAddress = (f) => addressFilters(scope ? { ...f, actor: [] } : f);
  let filters = scoped(readFilters());
  const knownActors = await actors();

  // --- the filter form -------------------------------------------------------
  const summary = h('div', { class: 'error-summary', role: 'alert', hidden: true });
  const errors = new FieldErrors(summary);

  const actorBoxes = knownActors.map((a) => h('input', { type: 'checkbox', name: 'actor', value: a.code, id: `f-actor-${a.code}`, checked: filters.actor.includes(a.code) }));
  const actorError = h('p', { class: 'field-error', id: 'f-actor-error' });
  const actorCount = h('span', { class: 'count' });
  const actorSet = h('details', { class: 'choices' },
    h('summary', {}, 'Actors ', actorCount),
    h('fieldset', { 'aria-describedby': 'f-actor-error' },
      h('legend', { class: 'visually-hidden' }, 'Actors (any of)'),
      h('ul', { class: 'checks' }, knownActors.map((a, i) => h('li', {}, actorBoxes[i],
        h('label', { for: actorBoxes[i].id }, h('abbr', { title: a.name }, a.code), ` ${a.name}`))))),
    actorError);
  if (filters.actor.length) actorSet.open = true;
  errors.register('actor', actorError, actorBoxes[0], 'Actors');

  const statusBoxes = STATUSES.map((s) => h('input', { type: 'checkbox', name: 'status', value: s, id: `f-status-${s}`, checked: filters.status.includes(s) }));
  const statusError = h('p', { class: 'field-error', id: 'f-status-error' });
  const statusSet = h('fieldset', { class: 'inline-checks', 'aria-describedby': 'f-status-error' },
    h('legend', {}, 'Status'),
    STATUSES.map((s, i) => h('span', { class: 'check' }, statusBoxes[i], h('label', { for: statusBoxes[i].id }, s))),
    statusError);
  errors.register('status', statusError, statusBoxes[0], 'Status');

  const typeList = h('datalist', { id: 'type-options' }, TYPE_FILTERS.map((t) => h('option', { value: t })));
  const type = field({ id: 'f-type', label: 'Type', help: 'e.g. military.* for the subtree; separate several with commas',
    input: h('input', { type: 'text', name: 'type', list: 'type-options', value: filters.type.join(', '), autocomplete: 'off' }) });
  const tag = field({ id: 'f-tag', label: 'Tags', help: 'any of; separate with commas',
    input: h('input', { type: 'text', name: 'tag', value: filters.tag.join(', '), autocomplete: 'off' }) });
  const q = field({ id: 'f-q', label: 'Text', help: 'words in titles, summaries and source titles',
    input: h('input', { type: 'search', name: 'q', value: filters.q, autocomplete: 'off' }) });
  const from = field({ id: 'f-from', label: 'From', help: 'a year, month or day: 2024, 2024-06, 2024-06-19',
    input: h('input', { type: 'text', name: 'from', value: filters.from, inputmode: 'numeric', autocomplete: 'off', size: 10 }) });
  const to = field({ id: 'f-to', label: 'To', input: h('input', { type: 'text', name: 'to', value: filters.to, inputmode: 'numeric', autocomplete: 'off', size: 10 }) });
  const match = field({ id: 'f-match', label: 'Dates that',
    input: h('select', { name: 'match' },
      h('option', { value: '', selected: filters.match !== 'within' }, 'overlap the range'),
      h('option', { value: 'within', selected: filters.match === 'within' }, 'lie within the range')) });
  const asOf = field({ id: 'f-asof', label: 'As known on', help: 'the timeline as it was recorded at the end of that day (UTC)',
    input: h('input', { type: 'date', name: 'asOf', value: /^\d{4}-\d{2}-\d{2}/.test(filters.asOf) ? filters.asOf.slice(0, 10) : '' }) });
  const order = field({ id: 'f-order', label: 'Order',
    input: h('select', { name: 'order' },
      h('option', { value: '', selected: filters.order !== 'desc' }, 'Oldest first'),
      h('option', { value: 'desc', selected: filters.order === 'desc' }, 'Newest first')) });
  for (const [key, f, label] of [['type', type, 'Type'], ['tag', tag, 'Tags'], ['q', q, 'Text'], ['from', from, 'From'], ['to', to, 'To'], ['match', match, 'Dates that'], ['asOf', asOf, 'As known on'], ['order', order, 'Order']]) {
    errors.register(key, f.errorEl, f.input, label);
  }

  const clear = h('button', { type: 'button', class: 'link-button' }, 'Clear filters');
  const form = h('form', { class: 'filters', 'aria-label': 'Filter the timeline', role: 'search' },
    summary,
    q.wrapper, scope ? null : actorSet, type.wrapper, typeList, tag.wrapper, statusSet,
    h('div', { class: 'field-row' }, from.wrapper, to.wrapper), match.wrapper, asOf.wrapper, order.wrapper,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Apply'), clear));
  const filterBox = h('details', { class: 'filter-box', open: window.matchMedia('(min-width: 60rem)').matches || hasAny(inAddress(filters)) },
    h('summary', {}, 'Filters'), form);

  // --- the results -------------------------------------------------------------
  const heading = scope ? h('h2', { id: 'timeline-heading' }, `Events of ${scope.name}`) : h('h1', { id: 'timeline-heading' }, 'Timeline');
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
  });
  // Being alerted is not writing: every key may subscribe for itself.
  const subscribe = ctx.role
    ? h('button', { type: 'button', class: 'secondary', id: 'subscribe-view' }, 'Alert me about this view')
    : null;

  replace(main, h('div', { class: 'timeline-layout' },
    h('aside', { class: 'timeline-layout__filters', 'aria-label': 'Filters' }, filterBox),
    h('section', { class: 'timeline-layout__results', 'aria-labelledby': 'timeline-heading' },
      scope?.intro, heading,
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

  const next = async () => {
    if (state.loading || state.done) return;
    state.loading = true;
    loadMore.disabled = true;
    const mine = state;
    try {
      const { data } = await api(`/api/timeline?${query({ ...apiFilters(filters), limit: PAGE, cursor: state.cursor })}`, { signal: controller.signal });
      if (mine !== state) return;
      appendEvents(data.items);
      state.cursor = data.nextCursor;
      state.done = !data.nextCursor;
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

  const reload = () => {
    reset();
    errors.clear();
    asOfNote.hidden = !filters.asOf;
    asOfNote.textContent = filters.asOf ? `As it was known at ${describeInstant(filters.asOf)}: later amendments and events are not shown.` : '';
    status.textContent = 'Loading…';
    chart.load(apiFilters(filters));
    next();
  };

  // --- applying filters ------------------------------------------------------------
  const fromForm = () => {
    const split = (v) => v.split(',').map((s) => s.trim()).filter(Boolean);
    return {
      actor: scope ? [scope.actor] : actorBoxes.filter((b) => b.checked).map((b) => b.value),
      type: split(type.input.value),
      tag: split(tag.input.value),
      status: statusBoxes.filter((b) => b.checked).map((b) => b.value),
      from: from.input.value.trim(),
      to: to.input.value.trim(),
      match: match.input.value,
      q: q.input.value.trim(),
      asOf: asOf.input.value ? endOfDay(asOf.input.value) : '',
      order: order.input.value,
    };
  };

  const check = (wanted) => {
    const problems = {};
    for (const name of ['from', 'to']) {
      if (wanted[name] && !isPlainBound(wanted[name])) {
        const parsed = parseEdtf(wanted[name]);
        problems[name] = [parsed.ok ? 'give a year, a month or a day, e.g. 2024, 2024-06 or 2024-06-19' : parsed.error];
      }
    }
    if (wanted.type.some((t) => !/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*(\.\*)?$/.test(t))) {
      problems.type = ['a type is a dotted lower-case code like un.vote, or a subtree like military.*'];
    }
    return problems;
  };

  const apply = () => {
    const wanted = fromForm();
    const problems = check(wanted);
    if (Object.keys(problems).length > 0) {
      errors.show(problems);
      return;
    }
    errors.clear();
    const search = query(inAddress(wanted));
    if (search !== query(inAddress(filters))) {
      history.pushState(null, '', `${search ? `?${search}` : location.pathname}${location.hash}`);
    }
    filters = wanted;
    updateActorCount();
    reload();
  };

  const updateActorCount = () => {
    const n = actorBoxes.filter((b) => b.checked).length;
    actorCount.textContent = n ? `(${n} chosen)` : '(any)';
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
    for (const b of [...actorBoxes, ...statusBoxes]) b.checked = false;
    for (const f of [type, tag, q, from, to, asOf]) f.input.value = '';
    match.input.value = '';
    order.input.value = '';
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

  updateActorCount();
  reload();
  return () => {
    controller?.abort();
    observer.disconnect();
    clearTimeout(typing);
    chart.destroy();
  };
}

function hasAny(filters) {
  return Object.values(addressFilters(filters)).some((v) => (Array.isArray(v) ? v.length > 0 : v));
}

/** The filters as the address shows them, in a fixed order. */
function addressFilters(f) {
  return { actor: f.actor, type: f.type, tag: f.tag, status: f.status, from: f.from, to: f.to, match: f.match, q: f.q, asOf: f.asOf, order: f.order };
}

/** What goes to GET /api/timeline: the same names; only what is set. */
function apiFilters(f) {
  return addressFilters(f);
}

function viewName(f) {
  const parts = [];
  if (f.actor.length) parts.push(f.actor.join('/'));
  if (f.type.length) parts.push(f.type.join(', '));
  if (f.tag.length) parts.push(f.tag.map((t) => `#${t}`).join(' '));
  if (f.status.length) parts.push(f.status.join('/'));
  if (f.from || f.to) parts.push(`${f.from || '…'} to ${f.to || '…'}`);
  if (f.q) parts.push(`“${f.q}”`);
  return parts.length ? parts.join('; ') : 'everything';
}

function describeInstant(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return iso.endsWith('T23:59:59.999Z') ? `the end of ${edtfWords(iso.slice(0, 10))} (UTC)` : d.toUTCString();
}

/** The year and month headings an event goes under, from the start of its date. */
export function groupOf(e) {
  if (!e.earliest) return { yearKey: 'open', yearLabel: 'Open start', monthKey: 'open', monthLabel: null };
  const parsed = parseEdtf(e.occurred);
  const start = parsed.ok ? (parsed.interval ? parsed.start : parsed.date) : null;
  const year = e.earliest.slice(0, 4);
  if (start?.year.includes('X')) {
    // 202X: a decade (or century) of its own, after the single years it starts with.
    return { yearKey: `${year}s`, yearLabel: edtfWords(start.year), monthKey: 'year', monthLabel: null };
  }
  const yearLabel = String(Number(year));
  if (!start || start.precision === 'year') return { yearKey: year, yearLabel, monthKey: 'year', monthLabel: 'Month not known' };
  const month = Number(e.earliest.slice(5, 7));
  return { yearKey: year, yearLabel, monthKey: String(month).padStart(2, '0'), monthLabel: MONTHS[month - 1] };
}

/** One event in the list. */
export function eventItem(e, knownActors = []) {
  const names = new Map(knownActors.map((a) => [a.code, a.name]));
  const titleId = `ev-${e.id}`;
  return h('li', { class: ['event', `event--${e.status}`], dataset: { eventId: e.id } },
    h('article', { 'aria-labelledby': titleId },
      h('p', { class: 'event__date' }, h('span', { class: 'date', title: `EDTF: ${e.occurred}` }, edtfWords(e.occurred))),
      h('h4', { class: 'event__title', id: titleId }, h('a', { href: `#/events/${e.id}` }, e.title)),
      h('p', { class: 'event__meta' },
        h('span', { class: ['status', `status--${e.status}`] }, e.status),
        h('span', { class: 'type' }, e.type),
        h('span', { class: 'actors' }, e.actors.map((code) => actorLink(code, names.get(code)))),
        gradeTag(e), designationTag(e),
        e.tags.length ? h('span', { class: 'tags' }, e.tags.map((t) => h('span', { class: 'tag' }, `#${t}`))) : null),
      e.summary ? h('p', { class: 'event__summary' }, e.summary) : null));
}

/** An actor's code, linked to its page, its name on hover. */
export function actorLink(code, name) {
  return h('a', { class: 'actor-link', href: `#/actors/${encodeURIComponent(code)}` }, h('abbr', { class: 'actor', title: name ?? code }, code));
}
