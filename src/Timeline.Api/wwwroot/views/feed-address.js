// An address for a calendar or a feed reader. Those cannot send the API key, so the page mints a feed token (good
// only for reading the feeds, POST /api/feed-tokens) and shows the address with it, once, to copy and paste.
import { api, ApiError } from '../shared/api.js';
import { h, uid } from '../shared/dom.js';

/** Today as 2026-12-02, for naming a token by when it was made. */
const today = () => new Date().toISOString().slice(0, 10);

/**
 * A button that mints a token and shows the address. `kind` names the token ("calendar 2026-12-02"); `path` is the
 * feed's path on this server; `scope` is the one thing the token opens ('calendar' or 'timeline:<slug>'), so that an
 * address pasted somewhere reads that feed and no other; with `webcal`, the webcal:// form is shown too (calendar
 * apps open it themselves).
 */
export function feedAddress({ label, kind, path, scope, webcal = false, what }) {
  const button = h('button', { type: 'button', class: 'secondary' }, label);
  const panel = h('div', { class: 'feed-address', hidden: true });
  const note = h('p', { class: 'muted', role: 'status' });
  const element = h('div', { class: 'feed-address__box' }, button, panel, note);

  button.addEventListener('click', async () => {
    if (button.hasAttribute('aria-disabled')) return;
    button.setAttribute('aria-disabled', 'true');
    note.textContent = 'Making an address…';
    try {
      const { data: token } = await api('/api/feed-tokens', { method: 'POST', body: { name: `${kind} ${today()}`, scope } });
      const https = new URL(`${path}?${new URLSearchParams({ token: token.token })}`, location.origin).href;
      panel.replaceChildren(
        copyable(`${label}: the address`, https),
        webcal ? copyable('The same for a calendar app (webcal)', https.replace(/^https?:/, 'webcal:'), true) : null,
        h('p', { class: 'help' },
          `Anyone with this address can read ${what}, and nothing else; it is shown only now. `,
          `Its token is “${token.name}” (${token.prefix}…).`),
        revoke(token, () => { panel.hidden = true; panel.replaceChildren(); note.textContent = `The address “${token.name}” no longer works.`; }));
      panel.hidden = false;
      note.textContent = 'Copy the address into your calendar or feed reader.';
      panel.querySelector('input').focus();
    } catch (error) {
      note.textContent = `Could not make an address: ${error instanceof ApiError ? error.message : String(error)}`;
    } finally {
      button.removeAttribute('aria-disabled');
    }
  });
  return element;
}

/** A read-only address with a label and a Copy button (and, for webcal, a link that opens the calendar app). */
function copyable(label, value, openLink = false) {
  const id = uid('feed-address');
  const input = h('input', { type: 'text', id, readonly: true, value, spellcheck: 'false', class: 'feed-address__url' });
  const said = h('span', { class: 'muted', role: 'status' });
  const copy = h('button', { type: 'button', class: 'secondary', id: `${id}-copy`, 'aria-labelledby': `${id}-copy ${id}-label` }, 'Copy');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // No clipboard API here (or not allowed): the selected text can still be copied by hand.
      input.select();
      document.execCommand?.('copy');
    }
    said.textContent = 'Copied.';
  });
  input.addEventListener('focus', () => input.select());
  return h('div', { class: 'field' },
    h('label', { for: id, id: `${id}-label` }, label),
    h('div', { class: 'feed-address__row' }, input, copy, openLink ? h('a', { href: value }, 'Open in the calendar app') : null, said));
}

function revoke(token, done) {
  const button = h('button', { type: 'button', class: 'link-button' }, 'Stop this address working');
  button.addEventListener('click', async () => {
    try {
      await api(`/api/feed-tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE' });
      done();
    } catch (error) {
      button.after(h('span', { class: 'error', role: 'alert' }, ` Could not revoke it: ${error.message}`));
    }
  });
  return h('p', {}, button);
}
