// The event form's sources: rows added and removed, each an address, title, publisher, date, quote and reliability;
// their error places follow their index ("sources[1].url"), so they are registered again whenever a row goes.
import { h } from '../shared/dom.js';
import { gradeSelect } from '../shared/grade.js';
import { field } from './fields.js';

/** A source as the API writes it: trimmed, empty members as null, so two can be compared. */
export const normSource = (s) => ({ url: (s.url ?? '').trim(), title: (s.title ?? '').trim(), publisher: s.publisher?.trim() || null, published: s.published || null, quote: s.quote?.trim() || null, reliability: s.reliability || null });

const LABELS = { url: 'address', title: 'title', publisher: 'publisher', published: 'published on', quote: 'quote', reliability: 'reliability' };

/**
 * @param {{ errors: import('./fields.js').FieldErrors }} options
 * @returns {{ element: HTMLElement, error: HTMLElement, addSource: HTMLButtonElement, get: () => object[], set: (v: object[]) => void }}
 */
export function sourcesField({ errors }) {
  const error = h('p', { class: 'field-error', id: 'sources-error' });
  const sourceList = h('div', { class: 'source-rows' });
  const addSource = h('button', { type: 'button', class: 'secondary', id: 'add-source' }, 'Add a source');
  const element = h('fieldset', { class: 'sources-set', id: 'sources-set', 'aria-describedby': 'sources-error' },
    h('legend', {}, 'Sources'), sourceList, addSource, error);
  let rows = [];
  let rowIds = 0;

  const reindex = () => {
    errors.unregister('sources[');
    rows.forEach((row, i) => {
      row.legend.textContent = `Source ${i + 1}`;
      row.remove.setAttribute('aria-label', `Remove source ${i + 1}`);
      errors.register(`sources[${i}]`, row.error, row.url.input, `Source ${i + 1}`);
      for (const name of Object.keys(LABELS)) errors.register(`sources[${i}].${name}`, row[name].errorEl, row[name].input, `Source ${i + 1}, ${LABELS[name]}`);
    });
  };

  const addRow = (s = {}) => {
    rowIds += 1;
    const n = rowIds;
    const row = {
      url: field({ id: `source-${n}-url`, label: 'Address (URL)', input: h('input', { type: 'url', value: s.url ?? '', autocomplete: 'off', spellcheck: 'false' }) }),
      title: field({ id: `source-${n}-title`, label: 'Source title', input: h('input', { type: 'text', value: s.title ?? '', autocomplete: 'off' }) }),
      publisher: field({ id: `source-${n}-publisher`, label: 'Publisher', input: h('input', { type: 'text', value: s.publisher ?? '', autocomplete: 'off' }) }),
      published: field({ id: `source-${n}-published`, label: 'Published on', input: h('input', { type: 'date', value: s.published ?? '' }) }),
      quote: field({ id: `source-${n}-quote`, label: 'Quote (optional)', input: h('textarea', { rows: 2, value: s.quote ?? '' }) }),
      reliability: field({ id: `source-${n}-reliability`, label: 'Reliability of the source', input: gradeSelect('reliability', s.reliability ?? null) }),
      legend: h('legend', {}),
      error: h('p', { class: 'field-error', id: `source-${n}-error` }),
      remove: h('button', { type: 'button', class: 'link-button remove-source' }, 'Remove'),
    };
    row.element = h('fieldset', { class: 'source-row', 'aria-describedby': row.error.id }, row.legend,
      h('div', { class: 'field-row' }, row.url.wrapper, row.title.wrapper),
      h('div', { class: 'field-row' }, row.publisher.wrapper, row.published.wrapper, row.reliability.wrapper),
      row.quote.wrapper, row.error, row.remove);
    row.remove.addEventListener('click', () => {
      const i = rows.indexOf(row);
      rows = rows.filter((r) => r !== row);
      row.element.remove();
      reindex();
      (rows[Math.min(i, rows.length - 1)]?.url.input ?? addSource).focus();
    });
    rows.push(row);
    sourceList.append(row.element);
    reindex();
    return row;
  };
  addSource.addEventListener('click', () => addRow().url.input.focus());

  return {
    element,
    error,
    addSource,
    get: () => rows.map((r) => normSource({ url: r.url.input.value, title: r.title.input.value, publisher: r.publisher.input.value, published: r.published.input.value, quote: r.quote.input.value, reliability: r.reliability.input.value })),
    /** Rows for the sources given; an empty form gets one empty row to fill. */
    set: (v) => {
      for (const r of rows) r.element.remove();
      rows = [];
      for (const s of v ?? []) addRow(s);
      if (rows.length === 0) addRow();
    },
  };
}
