// The event form's designation (`sanction`): who designates under which programme, with what measures; offered
// only on a sanctions.designation or sanctions.delisting event, the one place the API takes it.
import { h } from '../shared/dom.js';
import { field, dateFeedback } from './fields.js';
import { SANCTION_TYPES } from '../shared/vocab.js';

const MEMBERS = ['authority', 'program', 'reference', 'listed', 'ends', 'measures', 'reason'];

/** A sanction as the API writes it, with absent members as null, so two can be compared. */
export function normSanction(s) {
  if (!s) return null;
  const text = (v) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  return {
    authority: text(s.authority), program: text(s.program), reference: text(s.reference), listed: text(s.listed), ends: text(s.ends),
    measures: [...new Set((s.measures ?? []).map((m) => m.trim()).filter(Boolean))], reason: text(s.reason),
  };
}

/** The merge patch from one sanction to another: only the members that changed (null removes one). */
export function sanctionPatch(before, after) {
  if (!before || !after) return after;
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  return Object.fromEntries(MEMBERS.filter((m) => !same(before[m], after[m])).map((m) => [m, after[m]]));
}

/**
 * @param {{ errors: import('./fields.js').FieldErrors }} options
 * @returns {{ element: HTMLElement, get: () => object|null, set: (v: object|null) => void, showFor: (type: string) => void }}
 */
export function designationField({ errors }) {
  const text = (id, label, help, props = {}) => field({ id, label, help, input: h('input', { type: 'text', autocomplete: 'off', ...props }) });
  const authority = text('sanction-authority', 'Authority', 'Who designates, e.g. US OFAC, UN Security Council 1718 Committee, EU Council', { maxlength: 200, list: 'sanction-authorities' });
  const program = text('sanction-program', 'Programme', 'The authority’s programme, e.g. DPRK3, RUSSIA-EO14024', { maxlength: 100, spellcheck: 'false' });
  const reference = text('sanction-reference', 'Reference', 'The authority’s own reference for the listing', { maxlength: 200, spellcheck: 'false' });
  const listedWords = h('p', { class: 'date-words', id: 'sanction-listed-words', 'aria-live': 'polite' });
  const listed = text('sanction-listed', 'Listed on (EDTF)', null, { inputmode: 'numeric', spellcheck: 'false' });
  listed.wrapper.insertBefore(listedWords, listed.errorEl);
  const endsWords = h('p', { class: 'date-words', id: 'sanction-ends-words', 'aria-live': 'polite' });
  const ends = text('sanction-ends', 'Ends (EDTF)', null, { inputmode: 'numeric', spellcheck: 'false' });
  ends.wrapper.insertBefore(endsWords, ends.errorEl);
  listed.input.addEventListener('input', () => dateFeedback(listed.input.value, listedWords));
  ends.input.addEventListener('input', () => dateFeedback(ends.input.value, endsWords));
  const measures = text('sanction-measures', 'Measures', 'Separate with commas: asset-freeze, travel-ban, arms-embargo');
  const reason = field({ id: 'sanction-reason', label: 'Reason', input: h('textarea', { rows: 2, maxlength: 2000 }) });
  const fields = { authority, program, reference, listed, ends, measures, reason };
  const labels = { authority: 'Authority', program: 'Programme', reference: 'Reference', listed: 'Listed on', ends: 'Ends', measures: 'Measures', reason: 'Reason' };
  const error = h('p', { class: 'field-error', id: 'sanction-error' });

  const element = h('fieldset', { class: 'designation-set', id: 'designation-set', 'aria-describedby': 'sanction-error', hidden: true },
    h('legend', {}, 'Designation'),
    h('p', { class: 'help' }, 'Leave every field empty to record the event without its listing.'),
    h('datalist', { id: 'sanction-authorities' }, ['US OFAC', 'UN Security Council 1718 Committee', 'EU Council', 'UK OFSI'].map((a) => h('option', { value: a }))),
    h('div', { class: 'field-row' }, authority.wrapper, program.wrapper),
    h('div', { class: 'field-row' }, reference.wrapper, listed.wrapper, ends.wrapper),
    measures.wrapper, reason.wrapper, error);
  errors.register('sanction', error, authority.input, 'Designation');
  for (const m of MEMBERS) errors.register(`sanction.${m}`, fields[m].errorEl, fields[m].input, `Designation, ${labels[m].toLowerCase()}`);

  const empty = () => MEMBERS.every((m) => !fields[m].input.value.trim());
  return {
    element,
    get: () => (element.hidden || empty() ? null : normSanction({
      ...Object.fromEntries(MEMBERS.map((m) => [m, fields[m].input.value])),
      measures: measures.input.value.split(','),
    })),
    set: (v) => {
      const s = normSanction(v);
      for (const m of MEMBERS) fields[m].input.value = m === 'measures' ? (s?.measures ?? []).join(', ') : s?.[m] ?? '';
      dateFeedback(listed.input.value, listedWords);
      dateFeedback(ends.input.value, endsWords);
    },
    showFor: (type) => { element.hidden = !SANCTION_TYPES.includes(type.trim()); },
  };
}
