// #/record and #/events/<id>/amend: the event form. The date is checked as it is typed and said back in
// words; the API's validation errors are shown beside their fields; an amendment is a JSON merge patch of
// what the user changed, sent with If-Match, and a stale one (412) is explained with the user's edits kept.
import { api, actors, forgetEvent, randomId, ApiError } from '../shared/api.js';
import { h, replace, instant } from '../shared/dom.js';
import { field, FieldErrors, dateFeedback } from '../fields/fields.js';
import { diff } from '../shared/diff.js';
import { EVENT_TYPES, WRITABLE_STATUSES } from '../shared/vocab.js';
import { gradeSelect } from '../shared/grade.js';
import { designationField, normSanction, sanctionPatch } from '../fields/designation.js';
import { relatedField } from '../fields/related.js';
import { sourcesField, normSource } from '../fields/sources.js';
import { actorSearch } from '../fields/actor-search.js';
import { placesField, normPlace } from '../fields/places.js';
import { duplicateWarning } from './duplicate-warning.js';

const FIELDS = ['title', 'occurred', 'type', 'status', 'credibility', 'sanction', 'actors', 'places', 'tags', 'summary', 'sources', 'related'];

export async function renderEventForm(main, [id, leadId], ctx) {
  const amending = Boolean(id);
  const [known, loaded, fromLead] = await Promise.all([actors(), amending ? api(`/api/events/${id}`) : Promise.resolve(null),
    leadId ? leadPrefill(leadId) : Promise.resolve(null)]);
  /** The version the user's edits apply to, and its ETag. */
  let base = loaded?.data ?? null;
  let etag = loaded?.etag ?? null;
  document.title = amending ? `Amend: ${base.title} · Timeline` : 'Record an event · Timeline';
  if (cannotEdit(main, { amending, id, base, ctx })) return null;

  const summaryBox = h('div', { class: 'error-summary', role: 'alert', hidden: true, tabindex: '-1', id: 'form-errors' });
  const errors = new FieldErrors(summaryBox);
  const conflict = h('section', { class: 'conflict', id: 'conflict', hidden: true, tabindex: '-1', 'aria-labelledby': 'conflict-title' });
  const fields = eventFields({ id, known, errors });
  const { model, same, normalized, values, patchFrom, showDesignation } = formValues(fields);

  if (base) {
    for (const name of FIELDS) model[name].set(base[name]);
  } else {
    model.sources.set([]);
    // From a lead: what it says; the date and the type are the editor's to give.
    for (const [name, value] of Object.entries(fromLead ?? {})) model[name].set(value);
  }
  showDesignation(base ?? {});
  const warning = amending ? null : duplicateWarning(values);

  const submit = h('button', { type: 'submit', class: 'primary', id: 'save-event' }, amending ? 'Save the amendment' : 'Record the event');
  const note = h('p', { class: 'muted', role: 'status', id: 'form-status' });
  const form = h('form', { class: 'event-form', novalidate: true, 'aria-labelledby': 'form-title' },
    summaryBox,
    fields.title.wrapper, fields.occurred.wrapper,
    h('div', { class: 'field-row' }, fields.type.wrapper, fields.status.wrapper, fields.credibility.wrapper), fields.typeList, fields.designation.element,
    fields.actors.element, fields.places.element, fields.tags.wrapper, fields.summary.wrapper, fields.sources.element, fields.related.element,
    warning?.element,
    h('div', { class: 'actions' }, submit, h('a', { href: amending ? `#/events/${id}` : '#/' }, 'Cancel')), note);

  if (warning) {
    form.addEventListener('input', warning.refresh);
    form.addEventListener('change', warning.refresh);
    if (fromLead) warning.refresh();
  }
  replace(main,
    h('h1', { id: 'form-title' }, amending ? 'Amend an event' : 'Record an event'),
    fromLead ? h('p', { class: 'lede', id: 'from-lead' }, 'From a lead: give the date it happened and its type; the rest is the lead’s, to check.') : null,
    amending ? h('p', { class: 'lede' }, `“${base.title}”, version ${base.version}. Only what you change is sent.`) : null,
    conflict, form);

  // --- saving -------------------------------------------------------------------------------
  let lastBody = null;
  let idempotencyKey = randomId();

  /** A stale amendment: the newer version is read, its changes explained, and the user's edits kept on top of it. */
  const showConflict = async () => {
    const { data: newer, etag: newerTag } = await api(`/api/events/${id}`);
    const mine = patchFrom(base);
    // Fields the user did not touch take the newer values, so saving again does not undo the other change.
    for (const name of FIELDS) {
      if (!(name in mine)) model[name].set(newer[name]);
    }
    showDesignation(newer);
    const clashes = Object.keys(mine).filter((name) => !same(normalized(name, base[name]), normalized(name, newer[name])));
    explainConflict(conflict, { base, newer, clashes });
    base = newer;
    etag = newerTag;
    submit.textContent = `Save my edits to version ${newer.version}`;
    conflict.focus();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errors.clear();
    note.textContent = '';
    let body;
    if (amending) {
      body = patchFrom(base);
      if (Object.keys(body).length === 0) {
        note.textContent = 'Nothing has changed yet.';
        return;
      }
    } else {
      body = values();
      // The same body again (a double click, a retry) keeps its Idempotency-Key: recorded once.
      if (!same(body, lastBody)) idempotencyKey = randomId();
      lastBody = body;
    }

    submit.disabled = true;
    note.textContent = amending ? 'Saving…' : 'Recording…';
    try {
      const { data } = amending
        ? await api(`/api/events/${id}`, { method: 'PATCH', body, headers: { 'If-Match': etag }, contentType: 'application/merge-patch+json' })
        : await api(leadId ? `/api/leads/${leadId}/acceptance` : '/api/events', { method: 'POST', body, headers: { 'Idempotency-Key': idempotencyKey } });
      forgetEvent(data.id);
      if (leadId) window.dispatchEvent(new CustomEvent('timeline:leads-changed'));
      ctx.announce(amending ? 'The amendment is saved.' : 'The event is recorded.');
      location.hash = `#/events/${data.id}`;
    } catch (error) {
      note.textContent = '';
      if (error instanceof ApiError && error.status === 412 && amending) {
        await showConflict();
        return;
      }
      showRefusal(error, { amending, errors, summaryBox, words: fields.words });
    } finally {
      submit.disabled = false;
    }
  });

  return null;
}

/** An event's members as a lead fills them in: its title and text, the actors it names, itself as the source. */
async function leadPrefill(leadId) {
  const { data: lead } = await api(`/api/leads/${leadId}`);
  const { data: watch } = await api(`/api/watches/${lead.watchId}`).catch(() => ({ data: null }));
  return {
    title: lead.title.slice(0, 300),
    summary: lead.text.slice(0, 10000),
    actors: lead.actors,
    sources: lead.url ? [{ url: lead.url, title: lead.title.slice(0, 500), publisher: watch?.name ?? '', published: lead.published ?? '', quote: '', reliability: watch?.reliability ?? '' }] : [],
  };
}

/** A reader's key, or a retracted event, gets a sentence instead of the form. */
function cannotEdit(main, { amending, id, base, ctx }) {
  if (!ctx.canEdit()) {
    replace(main, h('h1', {}, amending ? 'Amend an event' : 'Record an event'),
      h('p', {}, 'Recording and amending events needs an editor’s key; this key can only read.'));
    return true;
  }
  if (amending && base.status === 'retracted') {
    replace(main, h('h1', {}, 'Amend an event'), h('p', {}, 'A retracted event cannot be amended.'), h('p', {}, h('a', { href: `#/events/${id}` }, 'Back to the event')));
    return true;
  }
  return false;
}

/** The event's fields, each registered where the API's errors for it are shown. */
function eventFields({ id, known, errors }) {
  const title = field({ id: 'title', label: 'Title', input: h('input', { type: 'text', required: true, maxlength: 300, autocomplete: 'off' }) });
  const words = h('p', { class: 'date-words', id: 'occurred-words', 'aria-live': 'polite' });
  const occurred = field({
    id: 'occurred', label: 'When it happened (EDTF)', extra: [words],
    help: 'As precise as the source allows: 2024-10-23, 2024-06 (a month), 2024-10~ (about), 2024-10? (uncertain), 2024-10-14/2024-10-20 (a span), ../2024-10 (by then), 202X (the 2020s).',
    input: h('input', { type: 'text', required: true, autocomplete: 'off', spellcheck: 'false', inputmode: 'numeric', class: 'edtf-input' }),
  });
  occurred.input.addEventListener('input', () => dateFeedback(occurred.input.value, words));
  const typeList = h('datalist', { id: 'event-types' }, EVENT_TYPES.map((t) => h('option', { value: t })));
  const type = field({ id: 'type', label: 'Type', help: 'A dotted code, e.g. military.deployment',
    input: h('input', { type: 'text', required: true, list: 'event-types', autocomplete: 'off', spellcheck: 'false' }) });
  const status = field({ id: 'status', label: 'Status', input: h('select', {}, WRITABLE_STATUSES.map((s) => h('option', { value: s }, s))) });
  const credibility = field({ id: 'credibility', label: 'Credibility', help: 'How far to believe it now (Admiralty 1–6)', input: gradeSelect('credibility', null) });
  const designation = designationField({ errors });
  type.input.addEventListener('input', () => designation.showFor(type.input.value));
  const related = relatedField({ self: id ?? null, errors });
  const actorsField = actorChoices(known);
  const tags = field({ id: 'tags', label: 'Tags', help: 'Separate with commas: troops, imagery', input: h('input', { type: 'text', autocomplete: 'off' }) });
  const summary = field({ id: 'summary', label: 'Summary', input: h('textarea', { rows: 4, maxlength: 10000 }) });
  const sources = sourcesField({ errors });
  const places = placesField({ errors });

  errors.register('title', title.errorEl, title.input, 'Title');
  errors.register('occurred', occurred.errorEl, occurred.input, 'Date');
  errors.register('type', type.errorEl, type.input, 'Type');
  errors.register('status', status.errorEl, status.input, 'Status');
  errors.register('credibility', credibility.errorEl, credibility.input, 'Credibility');
  errors.register('actors', actorsField.error, actorsField.first, 'Actors');
  errors.register('tags', tags.errorEl, tags.input, 'Tags');
  errors.register('summary', summary.errorEl, summary.input, 'Summary');
  errors.register('sources', sources.error, sources.addSource, 'Sources');
  return { title, words, occurred, typeList, type, status, credibility, designation, related, actors: actorsField, places, tags, summary, sources };
}

/** The actors an event names: a box for each known actor, its code and name beside it. */
function actorChoices(known) {
  const actorBoxes = known.map((a) => h('input', { type: 'checkbox', value: a.code, id: `actor-${a.code}`, name: 'actors' }));
  const actorsError = h('p', { class: 'field-error', id: 'actors-error' });
  const actorList = h('ul', { class: 'checks checks--columns' }, known.map((a, i) => h('li', {}, actorBoxes[i],
    h('label', { for: actorBoxes[i].id }, h('abbr', { title: a.name }, a.code), ` ${a.name}`))));
  const actorsSet = h('fieldset', { class: 'actor-choices', id: 'actors', 'aria-describedby': 'actors-error' },
    h('legend', {}, 'Actors'), actorSearch('actors-search', actorList), actorList, actorsError);
  for (const box of actorBoxes) box.setAttribute('aria-describedby', 'actors-error');
  return {
    element: actorsSet,
    error: actorsError,
    first: actorBoxes[0],
    get: () => actorBoxes.filter((b) => b.checked).map((b) => b.value),
    set: (v) => { for (const b of actorBoxes) b.checked = (v ?? []).includes(b.value); },
  };
}

/** The form's values as the API writes them: each field read and set, the whole body, and the merge patch of an amendment. */
function formValues(fields) {
  const { title, occurred, words, type, status, credibility, designation, related, actors: actorsField, places, tags, summary, sources } = fields;
  const normRelated = (v) => (v ?? []).map((r) => ({ eventId: r.eventId, relation: r.relation }));
  const splitTags = (text) => text.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  const model = {
    title: { get: () => title.input.value.trim(), set: (v) => { title.input.value = v ?? ''; } },
    occurred: { get: () => occurred.input.value.trim(), set: (v) => { occurred.input.value = v ?? ''; dateFeedback(occurred.input.value, words); } },
    type: { get: () => type.input.value.trim(), set: (v) => { type.input.value = v ?? ''; } },
    status: { get: () => status.input.value, set: (v) => { status.input.value = WRITABLE_STATUSES.includes(v) ? v : 'reported'; } },
    credibility: { get: () => (credibility.input.value ? Number(credibility.input.value) : null), set: (v) => { credibility.input.value = v == null ? '' : String(v); } },
    sanction: { get: designation.get, set: designation.set },
    related: { get: related.get, set: related.set },
    actors: { get: actorsField.get, set: actorsField.set },
    places: { get: places.get, set: places.set },
    tags: { get: () => splitTags(tags.input.value), set: (v) => { tags.input.value = (v ?? []).join(', '); } },
    summary: { get: () => summary.input.value.trim(), set: (v) => { summary.input.value = v ?? ''; } },
    sources: { get: sources.get, set: sources.set },
  };
  const normalized = (name, value) => ({
    sources: () => (value ?? []).map(normSource), summary: () => value ?? '', credibility: () => value ?? null, sanction: () => normSanction(value), related: () => normRelated(value),
    places: () => (value ?? []).map(normPlace),
  }[name]?.() ?? value);
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  return {
    model,
    same,
    normalized,
    values: () => Object.fromEntries(FIELDS.map((name) => [name, model[name].get()])),
    /** The merge patch: only the members the user changed from the version they started from (and within the designation, only its changed members). */
    patchFrom: (from) => Object.fromEntries(FIELDS.filter((name) => !same(model[name].get(), normalized(name, from[name])))
      .map((name) => [name, name === 'sanction' ? sanctionPatch(normalized(name, from.sanction), model.sanction.get()) : model[name].get()])),
    /** The designation's fields are offered on a designation or delisting, and wherever one is recorded already. */
    showDesignation: (v) => { designation.showFor(type.input.value); if (v.sanction) designation.element.hidden = false; },
  };
}

/** What changed in the newer version, which fields both changed, and what saving again will do. */
function explainConflict(conflict, { base, newer, clashes }) {
  const theirs = diff(base, newer);
  replace(conflict,
    h('h2', { id: 'conflict-title' }, 'This event changed while you were editing it'),
    h('p', {}, `Your amendment was not saved: it was made to version ${base.version}, and ${newer.updatedBy} saved version ${newer.version} at `, instant(newer.updatedAt),
      '. Your edits are still in the form below.'),
    h('h3', {}, `What changed in version ${newer.version}`),
    theirs.length ? h('ul', { class: 'changes', id: 'conflict-changes' }, theirs) : h('p', {}, 'No field you can edit changed.'),
    clashes.length
      ? h('p', { class: 'warning' }, `You both changed: ${clashes.join(', ')}. Saving again keeps your version of ${clashes.length === 1 ? 'it' : 'them'}.`)
      : h('p', {}, 'None of the fields you changed were changed by them.'),
    h('p', {}, `Check the form, then save again to apply your edits to version ${newer.version}.`));
  conflict.hidden = false;
}

/** The API's refusal, beside the fields it names and in the summary; focus goes to the first. */
function showRefusal(error, { amending, errors, summaryBox, words }) {
  const heading = error instanceof ApiError && error.status === 400
    ? `The event was not ${amending ? 'amended' : 'recorded'}: correct the fields marked below.`
    : `The event was not ${amending ? 'amended' : 'recorded'}: ${error.message}`;
  const fieldErrors = error instanceof ApiError ? error.errors : {};
  // The server's word on the date replaces the as-you-type check, rather than saying it twice.
  if ('occurred' in fieldErrors) words.textContent = '';
  const first = errors.show(fieldErrors, heading);
  (first ?? summaryBox).focus();
}
