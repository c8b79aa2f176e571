// Editing an actor (editors): its name, kind, aliases and identifiers, sent as a JSON merge patch of what changed
// (an identifier emptied is sent as null, which removes it) with the If-Match of the version shown.
import { api, forgetActors, ApiError } from '../shared/api.js';
import { h } from '../shared/dom.js';
import { field, FieldErrors } from '../fields/fields.js';
import { ACTOR_KINDS, IDENTIFIER_SCHEMES } from '../shared/vocab.js';

const KINDS = Object.keys(ACTOR_KINDS);
const SCHEMES = Object.keys(IDENTIFIER_SCHEMES);

/**
 * @param {object} actor as GET /api/actors/{code} returns it @param {string} etag its ETag
 * @param {{ done: () => void, ctx: object }} options
 */
export function actorForm(actor, etag, { done, ctx }) {
  const summary = h('div', { class: 'error-summary', role: 'alert', hidden: true, tabindex: '-1' });
  const errors = new FieldErrors(summary);
  const name = field({ id: 'actor-name', label: 'Name', input: h('input', { type: 'text', value: actor.name, maxlength: 200, autocomplete: 'off', required: true }) });
  const kind = field({ id: 'actor-kind-choice', label: 'Kind', input: h('select', {}, KINDS.map((k) => h('option', { value: k, selected: k === actor.kind }, k))) });
  const aliases = field({ id: 'actor-aliases-edit', label: 'Also known as', help: 'One name a line; at most 20',
    input: h('textarea', { rows: 3, value: actor.aliases.join('\n') }) });
  const ids = Object.fromEntries(SCHEMES.map((s) => [s, field({ id: `actor-id-${s}`, label: IDENTIFIER_SCHEMES[s],
    input: h('input', { type: 'text', value: actor.identifiers?.[s] ?? '', autocomplete: 'off', spellcheck: 'false' }) })]));
  errors.register('name', name.errorEl, name.input, 'Name');
  errors.register('kind', kind.errorEl, kind.input, 'Kind');
  errors.register('aliases', aliases.errorEl, aliases.input, 'Also known as');
  for (const s of SCHEMES) errors.register(`identifiers.${s}`, ids[s].errorEl, ids[s].input, IDENTIFIER_SCHEMES[s]);

  const aliasList = () => aliases.input.value.split('\n').map((a) => a.trim()).filter(Boolean);
  /** Only what differs from the version shown; an identifier left empty is removed (null). */
  const patch = () => {
    const out = {};
    if (name.input.value.trim() !== actor.name) out.name = name.input.value.trim();
    if (kind.input.value !== actor.kind) out.kind = kind.input.value;
    if (JSON.stringify(aliasList()) !== JSON.stringify(actor.aliases)) out.aliases = aliasList();
    const changed = SCHEMES.filter((s) => ids[s].input.value.trim() !== (actor.identifiers?.[s] ?? ''));
    if (changed.length) out.identifiers = Object.fromEntries(changed.map((s) => [s, ids[s].input.value.trim() || null]));
    return out;
  };

  const save = h('button', { type: 'submit', class: 'primary', id: 'save-actor' }, 'Save the actor');
  const note = h('p', { class: 'muted', role: 'status', id: 'actor-form-status' });
  const form = h('form', { class: 'inline-form', novalidate: true, 'aria-label': `Edit ${actor.name}` },
    summary, name.wrapper, kind.wrapper, aliases.wrapper,
    h('fieldset', {}, h('legend', {}, 'Identifiers'), h('p', { class: 'help' }, 'Leave one empty to remove it.'),
      h('div', { class: 'field-row' }, SCHEMES.map((s) => ids[s].wrapper))),
    h('div', { class: 'actions' }, save), note);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    errors.clear();
    const body = patch();
    if (Object.keys(body).length === 0) {
      note.textContent = 'Nothing has changed yet.';
      return;
    }
    save.disabled = true;
    note.textContent = 'Saving…';
    try {
      await api(`/api/actors/${encodeURIComponent(actor.code)}`, { method: 'PATCH', body, headers: { 'If-Match': etag }, contentType: 'application/merge-patch+json' });
      forgetActors();
      ctx.announce(`${actor.code} is saved.`);
      done();
    } catch (error) {
      note.textContent = '';
      const heading = error instanceof ApiError && error.status === 412
        ? 'Someone changed this actor meanwhile: reload the page to see their version, then edit again.'
        : error instanceof ApiError && error.status === 400 ? 'The actor was not saved: correct the fields marked below.' : `The actor was not saved: ${error.message}`;
      const first = errors.show(error instanceof ApiError ? error.errors : {}, heading);
      (first ?? summary).focus();
    } finally {
      save.disabled = false;
    }
  });

  return h('details', { class: 'editor-box', id: 'edit-actor' }, h('summary', {}, 'Edit this actor'), form);
}
