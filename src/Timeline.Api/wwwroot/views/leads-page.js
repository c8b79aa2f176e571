// #/leads: the inbox of leads that watched sources found — newest first, filtered by watch, actor and words — each with
// its text (the actors it names marked), the events it may duplicate, and, for editors, what to do with it: record it as
// an event (the event form, filled in from the lead), add it as a source to an event (possible duplicates offered
// first), or dismiss it with a reason.
import { api, actors, query, ApiError } from '../shared/api.js';
import { h, replace, safeLink, instant } from '../shared/dom.js';

const STATUSES = [['new', 'New'], ['accepted', 'Recorded as events'], ['attached', 'Added to events'], ['dismissed', 'Dismissed'], ['', 'All']];

export async function renderLeads(main, params, ctx) {
  const filters = Object.fromEntries(new URLSearchParams(location.hash.split('?')[1] ?? ''));
  filters.status ??= 'new';
  const [{ data: watches }, known] = await Promise.all([api('/api/watches'), actors()]);
  const watchNames = new Map(watches.items.map((w) => [w.id, w.name]));
  const names = new Map(known.map((a) => [a.code, [a.name, ...(a.aliases ?? [])]]));
  document.title = 'Leads · Timeline';

  const list = h('ol', { class: 'leads', id: 'leads' });
  const more = h('button', { type: 'button', class: 'link-button', id: 'more-leads', hidden: true }, 'Show older leads');
  const status = h('p', { class: 'muted', role: 'status', id: 'leads-status' });
  let cursor = null;

  const load = async (append) => {
    const { data } = await api(`/api/leads?${query({ ...filters, limit: 20, cursor: append ? cursor : null })}`);
    cursor = data.nextCursor;
    more.hidden = !cursor;
    if (!append) list.replaceChildren();
    for (const lead of data.items) list.append(leadItem(lead, { watchNames, names, ctx, reload: triaged }));
    status.textContent = list.children.length ? '' : 'No leads match.';
  };
  // After a triage: the list again, and the header's count at once.
  const triaged = async () => {
    window.dispatchEvent(new CustomEvent('timeline:leads-changed'));
    await load(false);
  };
  more.addEventListener('click', () => load(true));

  replace(main,
    h('h1', {}, 'Leads'),
    h('p', { class: 'muted' }, 'Items that watched sources published, waiting to be recorded as events, added to one as a source, or dismissed. ',
      h('a', { href: '#/watches' }, 'The watched sources')),
    filterForm(filters, watches.items, known),
    status, list, more);
  await load(false);
}

function filterForm(filters, watches, known) {
  const statusSelect = h('select', { id: 'lead-status', name: 'status' }, STATUSES.map(([v, t]) => h('option', { value: v, selected: filters.status === v }, t)));
  const watch = h('select', { id: 'lead-watch', name: 'watch' }, h('option', { value: '' }, 'Any watch'),
    watches.map((w) => h('option', { value: w.id, selected: filters.watch === w.id }, w.name)));
  const actor = h('select', { id: 'lead-actor', name: 'actor' }, h('option', { value: '' }, 'Any actor'),
    known.map((a) => h('option', { value: a.code, selected: filters.actor === a.code }, `${a.code} ${a.name}`)));
  const words = h('input', { id: 'lead-q', name: 'q', type: 'search', value: filters.q ?? '', autocomplete: 'off' });
  const form = h('form', { class: 'filters lead-filters', role: 'search', 'aria-label': 'Filter the leads' },
    h('label', { for: 'lead-status' }, 'Status'), statusSelect,
    h('label', { for: 'lead-watch' }, 'Watch'), watch,
    h('label', { for: 'lead-actor' }, 'Actor'), actor,
    h('label', { for: 'lead-q' }, 'Words'), words,
    h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/leads?${query({ status: statusSelect.value || 'all', watch: watch.value, actor: actor.value, q: words.value.trim() })}`;
  });
  if (filters.status === 'all') delete filters.status;
  return form;
}

/** The text with every name of the lead's actors marked, built as text nodes and <mark>s (never as HTML). */
export function markedText(text, codes, names) {
  const wanted = codes.flatMap((code) => (names.get(code) ?? []).filter((n) => n.length > 1).map((n) => [n, code]));
  if (!wanted.length) return [text];
  const escaped = wanted.map(([n]) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    parts.push(text.slice(last, match.index));
    const code = wanted.find(([n]) => n.toLowerCase() === match[0].toLowerCase())?.[1];
    parts.push(h('mark', { class: 'actor-mark', title: code, dataset: { actor: code ?? '' } }, match[0]));
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

function leadItem(lead, { watchNames, names, ctx, reload }) {
  const item = h('li', { class: 'lead card', dataset: { lead: lead.id, status: lead.status } });
  const actions = h('div', { class: 'actions lead-actions' });
  const panel = h('div', { class: 'lead-panel' });
  if (ctx.canEdit() && lead.status === 'new') {
    actions.append(
      h('a', { class: 'button primary', href: `#/leads/${lead.id}/record`, 'data-action': 'record' }, 'Record as event'),
      h('button', { type: 'button', 'data-action': 'attach', onclick: () => attachForm(lead, panel, ctx, reload) }, 'Add as a source to…'),
      h('button', { type: 'button', 'data-action': 'dismiss', onclick: () => dismissForm(lead, panel, ctx, reload) }, 'Dismiss'));
  }
  replace(item,
    h('h2', { class: 'lead__title' }, lead.url ? safeLink(lead.url, lead.title) : lead.title,
      lead.changed ? h('span', { class: 'badge badge--changed', title: 'The source changed this item since it was found' }, 'changed') : null),
    h('p', { class: 'muted lead__meta' }, watchNames.get(lead.watchId) ?? 'a removed watch',
      lead.published ? ` · published ${lead.published}` : '', ' · found ', instant(lead.foundAt),
      lead.status !== 'new' ? ` · ${lead.status}` : ''),
    lead.text ? h('p', { class: 'lead__text' }, markedText(lead.text, lead.actors, names)) : null,
    lead.actors.length ? h('p', { class: 'lead__actors' }, 'Names: ', lead.actors.map((a, i) => [i ? ', ' : '', h('a', { href: `#/actors/${encodeURIComponent(a)}` }, a)])) : null,
    lead.possibleDuplicates.length ? h('div', { class: 'possible-duplicates' },
      h('p', {}, 'May already be recorded as:'),
      h('ul', {}, lead.possibleDuplicates.map((d) => h('li', {}, h('a', { href: `#/events/${d.eventId}` }, d.title), ` (${d.occurred}) — ${d.reasons.join(', ')}`)))) : null,
    lead.eventId ? h('p', {}, h('a', { href: `#/events/${lead.eventId}` }, 'The event')) : null,
    lead.reason ? h('p', { class: 'muted' }, `Dismissed: ${lead.reason}`) : null,
    actions, panel);
  return item;
}

function attachForm(lead, panel, ctx, reload) {
  const choice = h('select', { id: `attach-${lead.id}`, required: true },
    lead.possibleDuplicates.map((d) => h('option', { value: d.eventId }, `${d.title} (${d.occurred}) — possible duplicate`)),
    h('option', { value: '' }, 'Another event (paste its id below)'));
  const other = h('input', { type: 'text', id: `attach-id-${lead.id}`, placeholder: 'event id', autocomplete: 'off' });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'inline-form', 'data-form': 'attach' },
    h('label', { for: choice.id }, 'Add this lead as a source to'), choice, other, h('button', { type: 'submit', class: 'primary' }, 'Add as a source'), error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const eventId = choice.value || other.value.trim();
    try {
      await api(`/api/leads/${lead.id}/attachment`, { method: 'POST', body: { eventId } });
      ctx.announce('The lead is added to the event as a source.');
      await reload();
    } catch (err) {
      error.textContent = err instanceof ApiError ? err.message : String(err);
    }
  });
  replace(panel, form);
  choice.focus();
}

function dismissForm(lead, panel, ctx, reload) {
  const reason = h('input', { type: 'text', id: `dismiss-${lead.id}`, required: true, maxlength: 2000, autocomplete: 'off' });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'inline-form', 'data-form': 'dismiss' },
    h('label', { for: reason.id }, 'Why dismiss it?'), reason, h('button', { type: 'submit' }, 'Dismiss'), error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await api(`/api/leads/${lead.id}/dismissal`, { method: 'POST', body: { reason: reason.value.trim() } });
      ctx.announce('The lead is dismissed.');
      await reload();
    } catch (err) {
      error.textContent = err instanceof ApiError ? (err.errors.reason?.[0] ?? err.message) : String(err);
      reason.focus();
    }
  });
  replace(panel, form);
  reason.focus();
}
