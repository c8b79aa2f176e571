// Saved timelines on the timeline view: `?timeline=<slug>` in the address shows one (its filter fills the form; its
// events, download and Atom feed are the API's for that slug); changing a filter leaves it for an ad hoc view.
import { api, query } from '../shared/api.js';
import { h } from '../shared/dom.js';

/** A saved timeline (GET /api/timelines/{slug}); a 404 becomes the page's "Not found". */
export async function savedTimeline(slug) {
  const { data } = await api(`/api/timelines/${encodeURIComponent(slug)}`);
  return data;
}

/** The form's filters from a saved timeline's filter (what the form cannot show stays in the saved timeline). */
export function filtersOf(saved) {
  const f = saved.filter ?? {};
  const list = (v) => (Array.isArray(v) ? v : []);
  return {
    actor: list(f.actor), type: list(f.type), tag: list(f.tag), status: list(f.status),
    from: f.from ?? '', to: f.to ?? '', match: f.match ?? '', q: f.q ?? '',
  };
}

/** Where a view's events, downloads and feed come from: the saved timeline's own endpoints, or the timeline query's. */
export function sources(slug) {
  const base = slug ? `/api/timelines/${encodeURIComponent(slug)}` : null;
  return {
    page: (filters, limit, cursor) => (base
      ? `${base}/events?${query({ asOf: filters.asOf, order: filters.order, limit, cursor })}`
      : `/api/timeline?${query({ ...filters, limit, cursor })}`),
    download: (filters, format) => (base
      ? `${base}/download?${query({ format, asOf: filters.asOf, order: filters.order })}`
      : `/api/timeline/download?${query({ format, ...filters })}`),
    feed: base ? `${base}/feed.atom` : null,
  };
}

/** The saved timelines, as links to their views (the current one marked). Empty when there are none. */
export function savedList(current) {
  const list = h('ul', { class: 'saved-list' });
  const box = h('nav', { class: 'saved-timelines', 'aria-label': 'Saved timelines', hidden: true },
    h('p', { class: 'saved-timelines__title', 'aria-hidden': 'true' }, 'Saved timelines'), list);
  api('/api/timelines').then(({ data }) => {
    list.replaceChildren(...data.map((t) => h('li', {},
      h('a', { href: `?${query({ timeline: t.slug })}#/`, 'aria-current': t.slug === current ? 'page' : null }, t.title))));
    box.hidden = data.length === 0;
  }).catch(() => { /* the list is a convenience: the view works without it */ });
  return box;
}
