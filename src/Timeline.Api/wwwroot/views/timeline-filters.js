// The timeline view's filter form, named as the API names its parameters: filled from the filters, read back from
// what the reader chose, and checked (dates, types) before the API is asked.
import { h } from '../shared/dom.js';
import { parseEdtf, isPlainBound } from '../shared/edtf.js';
import { field, FieldErrors } from '../fields/fields.js';
import { STATUSES, TYPE_FILTERS } from '../shared/vocab.js';
import { endOfDay, hasAny } from './timeline-address.js';
import { actorSearch } from '../fields/actor-search.js';

/** The form for `filters`; with `scope` (an actor's page) the actor filter is held to that actor and not shown. */
export function filterForm(filters, knownActors, scope = null) {
  const summary = h('div', { class: 'error-summary', role: 'alert', hidden: true });
  const errors = new FieldErrors(summary);

  const actorBoxes = knownActors.map((a) => h('input', { type: 'checkbox', name: 'actor', value: a.code, id: `f-actor-${a.code}`, checked: filters.actor.includes(a.code) }));
  const actorError = h('p', { class: 'field-error', id: 'f-actor-error' });
  const actorCount = h('span', { class: 'count' });
  const actorList = h('ul', { class: 'checks' }, knownActors.map((a, i) => h('li', {}, actorBoxes[i],
    h('label', { for: actorBoxes[i].id }, h('abbr', { title: a.name }, a.code), ` ${a.name}`))));
  const actorSet = h('details', { class: 'choices' },
    h('summary', {}, 'Actors ', actorCount),
    h('fieldset', { 'aria-describedby': 'f-actor-error' },
      h('legend', { class: 'visually-hidden' }, 'Actors (any of)'),
      actorSearch('f-actor-search', actorList), actorList),
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
  const filterBox = h('details', { class: 'filter-box', open: window.matchMedia('(min-width: 60rem)').matches || hasAny(scope ? { ...filters, actor: [] } : filters) },
    h('summary', {}, 'Filters'), form);

  /** What the form holds, as filters. */
  const read = () => {
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

  const updateActorCount = () => {
    const n = actorBoxes.filter((b) => b.checked).length;
    actorCount.textContent = n ? `(${n} chosen)` : '(any)';
  };

  const clearAll = () => {
    for (const b of [...actorBoxes, ...statusBoxes]) b.checked = false;
    for (const f of [type, tag, q, from, to, asOf]) f.input.value = '';
    match.input.value = '';
    order.input.value = '';
  };

  return { form, filterBox, errors, q, from, to, clear, read, check, updateActorCount, clearAll };
}

/** What the page can tell is wrong before asking the API. */
function check(wanted) {
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
}
