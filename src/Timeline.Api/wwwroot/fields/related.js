// The event form's related events: found by words of their title (GET /api/timeline?q=) or by a pasted id, each
// with how it relates, removable; at most 50, as the API allows.
import { api, eventTitle, query } from '../shared/api.js';
import { h, uid } from '../shared/dom.js';
import { edtfWords } from '../shared/edtf-words.js';
import { RELATIONS, RELATION_WORDS } from '../shared/vocab.js';

export const MAX_RELATED = 50;
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const relationSelect = (id, value, label) => h('select', { id, 'aria-label': label },
  RELATIONS.map((r) => h('option', { value: r, selected: r === value }, `This event ${RELATION_WORDS[r]}`)));

/**
 * @param {{ self: string|null, errors: import('./fields.js').FieldErrors }} options self: the event being amended (never its own relation)
 * @returns {{ element: HTMLElement, get: () => {eventId: string, relation: string}[], set: (v: object[]) => void }}
 */
export function relatedField({ self, errors }) {
  const error = h('p', { class: 'field-error', id: 'related-error' });
  const list = h('ul', { class: 'related-rows', id: 'related-rows' });
  const searchInput = h('input', { type: 'search', id: 'related-search', autocomplete: 'off', 'aria-describedby': 'related-search-help related-error' });
  const newRelation = relationSelect('related-relation', 'confirms', 'How the event you add relates');
  const find = h('button', { type: 'button', class: 'secondary', id: 'related-find' }, 'Find');
  const results = h('ul', { class: 'related-results', id: 'related-results' });
  const status = h('p', { class: 'muted', role: 'status', id: 'related-status' });
  let rows = [];

  const announce = (text) => { status.textContent = text; };

  const addRow = (eventId, relation, known = null) => {
    const row = { eventId, select: null, element: null };
    const link = h('a', { href: `#/events/${eventId}` }, known?.title ?? eventId);
    const date = h('span', { class: 'date' }, known ? ` (${edtfWords(known.occurred)})` : '');
    const name = () => link.textContent;
    row.select = relationSelect(uid('relation'), relation, `How this event relates to ${name()}`);
    const remove = h('button', { type: 'button', class: 'link-button', 'aria-label': `Remove related event ${name()}` }, 'Remove');
    if (!known) {
      eventTitle(eventId).then((other) => {
        if (!other) return;
        link.textContent = other.title;
        date.textContent = ` (${edtfWords(other.occurred)})`;
        row.select.setAttribute('aria-label', `How this event relates to ${other.title}`);
        remove.setAttribute('aria-label', `Remove related event ${other.title}`);
      });
    }
    remove.addEventListener('click', () => {
      const i = rows.indexOf(row);
      rows = rows.filter((r) => r !== row);
      row.element.remove();
      announce(`Removed ${name()}.`);
      (rows[Math.min(i, rows.length - 1)]?.select ?? searchInput).focus();
    });
    row.element = h('li', { class: 'related-row', dataset: { eventId } }, row.select, ' ', link, date, ' ', remove);
    rows.push(row);
    list.append(row.element);
  };

  /** Adds an event unless it is this one, already related, or one too many; says why not. */
  const add = (other) => {
    if (other.id === self) return announce('An event cannot relate to itself.');
    if (rows.some((r) => r.eventId === other.id)) return announce(`“${other.title}” is already related.`);
    if (rows.length >= MAX_RELATED) return announce(`At most ${MAX_RELATED} related events.`);
    addRow(other.id, newRelation.value, other);
    results.replaceChildren();
    searchInput.value = '';
    announce(`Added “${other.title}”: this event ${RELATION_WORDS[newRelation.value]} it.`);
    searchInput.focus();
    return undefined;
  };

  const search = async () => {
    const text = searchInput.value.trim();
    results.replaceChildren();
    if (!text) return announce('Type words of a title, or paste an event’s id.');
    if (ID.test(text)) {
      const other = await eventTitle(text.toLowerCase());
      return other ? add(other) : announce(`No event has the id ${text}.`);
    }
    announce('Searching…');
    try {
      const { data } = await api(`/api/timeline?${query({ q: text, limit: 10, order: 'desc' })}`);
      const found = data.items.filter((e) => e.id !== self);
      results.append(...found.map((e) => h('li', {},
        h('button', { type: 'button', class: 'link-button', onclick: () => add(e) }, `Add “${e.title}”`), ` ${edtfWords(e.occurred)}`)));
      announce(found.length ? `${found.length} ${found.length === 1 ? 'event matches' : 'events match'}; choose one to add.` : 'No event matches those words.');
    } catch (e) {
      announce(`Could not search: ${e.message}`);
    }
    return undefined;
  };
  find.addEventListener('click', () => search());
  // Enter in the search box searches rather than saving the whole form.
  searchInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      search();
    }
  });

  const element = h('fieldset', { class: 'related-set', id: 'related-set', 'aria-describedby': 'related-error' },
    h('legend', {}, 'Related events'),
    list,
    h('div', { class: 'field' },
      h('label', { for: 'related-search' }, 'Add a related event'),
      h('div', { class: 'related-add' }, newRelation, searchInput, find),
      h('p', { class: 'help', id: 'related-search-help' }, 'Words of its title, or its id; at most 50 related events.')),
    status, results, error);
  errors.register('related', error, searchInput, 'Related events');

  return {
    element,
    get: () => rows.map((r) => ({ eventId: r.eventId, relation: r.select.value })),
    set: (v) => {
      for (const r of rows) r.element.remove();
      rows = [];
      for (const r of v ?? []) addRow(r.eventId, r.relation);
    },
  };
}
