// #/follow-ups: open and overdue follow-ups, soonest due first; an editor fulfils one by choosing the event
// that fulfils it.
import { api, eventTitle, query, ApiError } from '../shared/api.js';
import { h, replace, uid } from '../shared/dom.js';
import { edtfWords } from '../shared/edtf-words.js';
import { followUpItem } from './event-page.js';
import { feedAddress } from './feed-address.js';

export async function renderFollowUps(main, _params, ctx) {
  document.title = 'Follow-ups · Timeline';
  const { data: followUps } = await api(`/api/follow-ups?${query({ status: 'open,overdue', limit: 500 })}`);
  const list = h('ul', { class: 'follow-ups', id: 'follow-up-list' });
  const empty = h('p', { class: 'muted' }, 'Nothing is open or overdue.');
  replace(main,
    h('h1', {}, 'Follow-ups'),
    h('p', { class: 'lede' }, 'What sources said would happen next, open or overdue, soonest due first.'),
    feedAddress({ label: 'Add follow-ups to a calendar', kind: 'calendar', path: '/api/follow-ups.ics', scope: 'calendar', webcal: true, what: 'the follow-ups' }),
    followUps.length ? list : empty);

  for (const f of followUps) {
    const origin = h('a', { href: `#/events/${f.eventId}` }, 'the event');
    eventTitle(f.eventId).then((e) => { if (e) origin.textContent = `${e.title} (${edtfWords(e.occurred)})`; });
    const about = h('p', { class: 'follow-up__origin' }, 'After: ', origin);
    const item = followUpItem(f, [about, ctx.canEdit() ? fulfilment(f, () => {
      item.remove();
      if (!list.children.length) list.replaceWith(empty);
    }, ctx) : null]);
    list.append(item);
  }
  return null;
}

/** "Fulfil…": find the event that fulfils the follow-up (newest first, or by text) and choose it. */
function fulfilment(f, done, ctx) {
  const searchId = uid('fulfil-search');
  const search = h('input', { type: 'search', id: searchId, autocomplete: 'off' });
  const choices = h('fieldset', { class: 'choices-list' }, h('legend', {}, 'The event that fulfils it'));
  const message = h('p', { class: 'field-error', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Fulfil with the chosen event');
  const form = h('form', { class: 'inline-form fulfil-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: searchId }, 'Find an event'), search),
    choices, button, message);
  const name = uid('fulfilling');

  let generation = 0;
  const find = async () => {
    generation += 1;
    const mine = generation;
    const params = search.value.trim()
      ? { q: search.value.trim(), order: 'desc', limit: 10 }
      : { order: 'desc', limit: 10 };
    try {
      const { data } = await api(`/api/timeline?${query(params)}`);
      if (mine !== generation) return;
      const candidates = data.items.filter((e) => e.id !== f.eventId);
      // A choice already made stays made when the list is found again (the newest events, then those found by text).
      const chosen = form.querySelector(`input[name="${name}"]:checked`)?.value;
      replace(choices, h('legend', {}, 'The event that fulfils it'),
        candidates.length
          ? candidates.map((e) => {
            const id = uid('candidate');
            return h('div', { class: 'check' },
              h('input', { type: 'radio', name, value: e.id, id, checked: e.id === chosen }),
              h('label', { for: id }, `${e.title} `, h('span', { class: 'date' }, `(${edtfWords(e.occurred)})`)));
          })
          : h('p', { class: 'muted' }, 'No event matches.'));
    } catch (error) {
      message.textContent = error.message;
    }
  };
  let typing = null;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(find, 300);
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = form.querySelector(`input[name="${name}"]:checked`);
    if (!chosen) {
      message.textContent = 'Choose the event that fulfils it first.';
      return;
    }
    button.disabled = true;
    message.textContent = '';
    try {
      await api(`/api/follow-ups/${f.id}/fulfilment`, { method: 'POST', body: { eventId: chosen.value } });
      ctx.announce(`Fulfilled: ${f.description}`);
      done();
    } catch (error) {
      const fieldErrors = error instanceof ApiError ? Object.values(error.errors).flat() : [];
      message.textContent = `Not fulfilled: ${fieldErrors.length ? fieldErrors.join(' ') : error.message}`;
    } finally {
      button.disabled = false;
    }
  });

  const box = h('details', { class: 'editor-box' }, h('summary', {}, 'Fulfil…', h('span', { class: 'visually-hidden' }, ` ${f.description}`)), form);
  box.addEventListener('toggle', () => { if (box.open && !choices.querySelector('input')) find(); });
  return box;
}
