// #/events/<id>: one event with its grade, designation, sources, the figures claimed with it, related events, follow-ups
// and revision history.
import { api, actors, eventTitle, forgetEvent, query, randomId, ApiError } from '../shared/api.js';
import { h, replace, safeLink, instant } from '../shared/dom.js';
import { edtfWords } from '../shared/edtf-words.js';
import { field, FieldErrors, dateFeedback } from '../fields/fields.js';
import { diff } from '../shared/diff.js';
import { gradeWords, designationFacts } from '../shared/grade.js';
import { RELIABILITY, FOLLOW_UP_STATUSES } from '../shared/vocab.js';
import { actorLink } from './timeline.js';
import { claimFigure } from './measures-page.js';


export async function renderEvent(main, [id], ctx) {
  const [{ data: e }, { data: revisions }, { data: followUps }, { data: claims }, known] = await Promise.all([
    api(`/api/events/${id}`),
    api(`/api/events/${id}/revisions`),
    api(`/api/follow-ups?${query({ eventId: id, status: FOLLOW_UP_STATUSES.join(',') })}`),
    api(`/api/events/${id}/claims`),
    actors(),
  ]);
  document.title = `${e.title} · Timeline`;
  const names = new Map(known.map((a) => [a.code, a.name]));
  const rerender = () => { forgetEvent(id); return renderEvent(main, [id], ctx); };

  replace(main, h('article', { class: ['event-page', `event--${e.status}`], 'aria-labelledby': 'event-title' },
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/', 'data-back-to-timeline': true }, '← The timeline')),
    h('p', { class: 'event__date event__date--large' },
      h('span', { class: 'date' }, edtfWords(e.occurred)), ' ', h('code', { class: 'edtf', title: 'as recorded, in EDTF' }, e.occurred)),
    h('h1', { id: 'event-title' }, e.title),
    h('p', { class: 'event__meta' },
      h('span', { class: ['status', `status--${e.status}`] }, e.status),
      h('span', { class: 'type' }, e.type),
      h('span', { class: 'tags' }, e.tags.map((t) => h('span', { class: 'tag' }, `#${t}`)))),
    e.status === 'retracted' ? h('p', { class: 'retraction', role: 'note' }, `Retracted: ${e.retractionReason ?? ''}`) : null,
    h('dl', { class: 'facts' },
      h('dt', {}, 'Actors'), h('dd', {}, h('ul', { class: 'inline-list', id: 'event-actors' }, e.actors.map((c) => h('li', {}, actorLink(c, names.get(c)), ` ${names.get(c) ?? ''}`)))),
      h('dt', {}, 'Grade'), h('dd', { id: 'event-grade' }, gradeWords(e)),
      h('dt', {}, 'Recorded'), h('dd', {}, instant(e.recordedAt), ` by ${e.recordedBy}`),
      h('dt', {}, 'Last changed'), h('dd', {}, instant(e.updatedAt), ` by ${e.updatedBy} (version ${e.version})`)),
    e.summary ? h('p', { class: 'summary' }, e.summary) : null,
    designationFacts(e),
    ctx.canEdit() && e.status !== 'retracted'
      ? h('p', { class: 'actions' }, h('a', { class: 'button', href: `#/events/${e.id}/amend` }, 'Amend this event'))
      : null,

    h('section', { 'aria-labelledby': 'sources-title' },
      h('h2', { id: 'sources-title' }, 'Sources'),
      h('ul', { class: 'sources', id: 'sources' }, e.sources.map(sourceItem))),

    claims.length
      ? h('section', { 'aria-labelledby': 'event-claims-title' },
        h('h2', { id: 'event-claims-title' }, 'Estimates'),
        h('ul', { class: 'claims event-claims', id: 'event-claims' }, claims.map(claimItem)))
      : null,

    e.related.length
      ? h('section', { 'aria-labelledby': 'related-title' },
        h('h2', { id: 'related-title' }, 'Related events'),
        h('ul', { class: 'related', id: 'related' }, e.related.map(relatedItem)))
      : null,

    h('section', { 'aria-labelledby': 'follow-ups-title' },
      h('h2', { id: 'follow-ups-title' }, 'Follow-ups'),
      followUps.length
        ? h('ul', { class: 'follow-ups', id: 'event-follow-ups' }, followUps.map((f) => followUpItem(f)))
        : h('p', { class: 'muted' }, 'Nothing is expected to follow from this event.'),
      ctx.canEdit() && e.status !== 'retracted' ? expectForm(e, rerender, ctx) : null),

    h('section', { 'aria-labelledby': 'history-title' },
      h('h2', { id: 'history-title' }, 'History'),
      h('ol', { class: 'history', id: 'history', reversed: true }, [...revisions].reverse().map((r) => {
        const previous = revisions.find((p) => p.version === r.version - 1);
        return revisionItem(r, previous);
      }))),

    ctx.canEdit() && e.status !== 'retracted' ? retractForm(e, rerender, ctx) : null));
}

export function sourceItem(s) {
  return h('li', { class: 'source' },
    safeLink(s.url, s.title || s.url),
    h('span', { class: 'source__by' }, [s.publisher, s.published ? edtfWords(s.published) : null].filter(Boolean).map((t, i) => (i ? `, ${t}` : ` — ${t}`))),
    s.reliability ? h('span', { class: 'source__reliability' }, ` · reliability ${s.reliability} (${RELIABILITY[s.reliability] ?? 'unknown grade'})`) : null,
    s.quote ? h('blockquote', {}, s.quote) : null);
}

/** A claim linked to the event: the measure (to its page), the figure in the source's words, and the source. */
function claimItem(c) {
  const s = c.source ?? {};
  return h('li', { class: 'claim', dataset: { claim: c.id } },
    h('p', { class: 'claim__figure' },
      h('a', { href: `#/measures/${encodeURIComponent(c.measure)}` }, c.measureName), ': ',
      h('strong', {}, `${claimFigure(c)} ${c.unit}`),
      ` as of ${edtfWords(c.asOf)}`, c.period ? ` (over ${edtfWords(c.period)})` : ''),
    h('p', { class: 'claim__source' }, safeLink(s.url, s.title || s.url), s.publisher ? ` · ${s.publisher}` : '',
      s.reliability ? ` · reliability ${s.reliability} (${RELIABILITY[s.reliability] ?? 'unknown grade'})` : ''),
    s.quote ? h('blockquote', { class: 'claim__quote' }, s.quote) : null,
    c.note ? h('p', { class: 'muted' }, c.note) : null);
}

function relatedItem(r) {
  const link = h('a', { href: `#/events/${r.eventId}` }, r.eventId);
  const date = h('span', { class: 'date' });
  eventTitle(r.eventId).then((other) => {
    if (!other) return;
    link.textContent = other.title;
    date.textContent = ` (${edtfWords(other.occurred)})`;
  });
  return h('li', {}, h('span', { class: 'relation' }, relationWords(r.relation)), ' ', link, date);
}

function relationWords(relation) {
  return { confirms: 'Confirms', contradicts: 'Contradicts', 'responds-to': 'Responds to', follows: 'Follows' }[relation] ?? relation;
}

export function followUpItem(f, extra = null) {
  const fulfilledBy = f.fulfilledBy ? h('a', { href: `#/events/${f.fulfilledBy}` }, 'the fulfilling event') : null;
  if (f.fulfilledBy) eventTitle(f.fulfilledBy).then((other) => { if (other) fulfilledBy.textContent = other.title; });
  return h('li', { class: ['follow-up', `follow-up--${f.status}`], dataset: { followUpId: f.id } },
    h('p', { class: 'follow-up__what' }, f.description),
    h('p', { class: 'follow-up__meta' },
      h('span', { class: ['status', `status--${f.status}`] }, f.status),
      ' due ', h('span', { class: 'date', title: `EDTF: ${f.due}` }, edtfWords(f.due)),
      fulfilledBy ? [' · fulfilled by ', fulfilledBy] : null,
      f.cancellationReason ? ` · cancelled: ${f.cancellationReason}` : null),
    extra);
}

// --- history ------------------------------------------------------------------

function revisionItem(r, previous) {
  const what = { recorded: 'Recorded', amended: 'Amended', retracted: 'Retracted' }[r.change] ?? r.change;
  const changes = previous ? diff(previous.event, r.event) : [];
  return h('li', { class: 'revision', dataset: { version: String(r.version) } },
    h('p', { class: 'revision__head' }, h('strong', {}, `Version ${r.version}`), ` · ${what} by ${r.changedBy} · `, instant(r.changedAt)),
    r.reason ? h('p', {}, `Reason: ${r.reason}`) : null,
    changes.length ? h('ul', { class: 'changes' }, changes) : previous ? h('p', { class: 'muted' }, 'No field changed.') : null);
}

// --- editor actions --------------------------------------------------------------

function expectForm(e, done, ctx) {
  const summary = h('div', { class: 'error-summary', role: 'alert', hidden: true });
  const errors = new FieldErrors(summary);
  const description = field({ id: 'fu-description', label: 'What is expected', input: h('textarea', { rows: 2, required: true }) });
  const words = h('p', { class: 'date-words', id: 'fu-due-words', 'aria-live': 'polite' });
  const due = field({ id: 'fu-due', label: 'Due by (EDTF)', help: 'e.g. 2024-10-30, 2024-11 or 2024-11~', extra: [words],
    input: h('input', { type: 'text', required: true, autocomplete: 'off', inputmode: 'numeric' }) });
  due.input.addEventListener('input', () => dateFeedback(due.input.value, words));
  errors.register('description', description.errorEl, description.input, 'What is expected');
  errors.register('due', due.errorEl, due.input, 'Due by');
  const button = h('button', { type: 'submit' }, 'Expect it');
  const form = h('form', { class: 'inline-form', novalidate: true }, summary, description.wrapper, due.wrapper, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      await api(`/api/events/${e.id}/follow-ups`, { method: 'POST', body: { description: description.input.value, due: due.input.value }, headers: { 'Idempotency-Key': randomId() } });
      ctx.announce('Follow-up added.');
      await done();
    } catch (error) {
      const fieldErrors = error instanceof ApiError ? error.errors : {};
      if ('due' in fieldErrors) words.textContent = ''; // the server's reason, said once
      errors.show(fieldErrors, `The follow-up was not added: ${error.message}`)?.focus();
    } finally {
      button.disabled = false;
    }
  });
  return h('details', { class: 'editor-box' }, h('summary', {}, 'Expect a follow-up'), form);
}

function retractForm(e, done, ctx) {
  const summary = h('div', { class: 'error-summary', role: 'alert', hidden: true });
  const errors = new FieldErrors(summary);
  const reason = field({ id: 'retract-reason', label: 'Why is it retracted?', help: 'The event stays on record with this reason.',
    input: h('textarea', { rows: 2, required: true }) });
  errors.register('reason', reason.errorEl, reason.input, 'Reason');
  const button = h('button', { type: 'submit', class: 'danger' }, 'Retract');
  const form = h('form', { class: 'inline-form', novalidate: true }, summary, reason.wrapper, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      await api(`/api/events/${e.id}/retraction`, { method: 'POST', body: { reason: reason.input.value } });
      ctx.announce('The event is retracted.');
      await done();
    } catch (error) {
      errors.show(error instanceof ApiError ? error.errors : {}, `The event was not retracted: ${error.message}`)?.focus();
    } finally {
      button.disabled = false;
    }
  });
  return h('details', { class: 'editor-box editor-box--danger' }, h('summary', {}, 'Retract this event'), form);
}
