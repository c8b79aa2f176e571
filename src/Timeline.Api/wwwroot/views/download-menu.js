// The Download menu: the view, whole, as CSV, NDJSON, FollowTheMoney, GeoJSON or TimelineJS. The API wants the key in a header,
// which a plain link cannot send: the file is fetched with it and handed to the browser as a Blob, under the name
// the API gives in Content-Disposition.
import { h, uid } from '../shared/dom.js';
import { session } from '../shared/api.js';

export const FORMATS = [
  ['csv', 'CSV', 'for a spreadsheet'],
  ['ndjson', 'NDJSON', 'an event a line'],
  ['ftm', 'FollowTheMoney', 'entities for Aleph and OpenSanctions'],
  ['geojson', 'GeoJSON', 'the events’ places, for a map'],
  ['timelinejs', 'TimelineJS', 'a Knight Lab timeline'],
];

/** The file name a Content-Disposition header gives (filename* first, as RFC 6266 asks), or `fallback`. */
export function fileNameOf(disposition, fallback) {
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (extended) {
    try { return decodeURIComponent(extended[1].trim()); } catch { /* fall through to the plain name */ }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(disposition ?? '');
  return plain ? (plain[2] ?? plain[1]).trim() : fallback;
}

/**
 * A menu button and its menu. `path(format)` is the API address to download for a format (read when chosen, so it
 * follows the filters). How it went is said in a status line, which screen readers announce.
 */
export function downloadMenu({ path }) {
  const id = uid('download-menu');
  const button = h('button', {
    type: 'button', class: 'secondary menu__button', id: `${id}-button`,
    'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': id,
  }, 'Download');
  const items = FORMATS.map(([format, label, hint]) => h('button', {
    type: 'button', role: 'menuitem', tabindex: '-1', class: 'menu__item', dataset: { format },
  }, h('span', {}, label), h('span', { class: 'menu__hint' }, hint)));
  const menu = h('ul', { class: 'menu__list', id, role: 'menu', 'aria-labelledby': button.id, hidden: true },
    items.map((item) => h('li', { role: 'none' }, item)));
  const note = h('p', { class: 'menu__note muted', role: 'status' });
  const element = h('div', { class: 'menu' }, button, menu, note);

  const open = (focusAt = 0) => {
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    items[(focusAt + items.length) % items.length].focus();
  };
  const close = (refocus = true) => {
    if (menu.hidden) return;
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (refocus) button.focus();
  };

  button.addEventListener('click', () => (menu.hidden ? open() : close()));
  button.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      open(e.key === 'ArrowDown' ? 0 : -1);
    }
  });
  menu.addEventListener('keydown', (e) => {
    const at = items.indexOf(document.activeElement);
    const moves = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 };
    if (e.key in moves) {
      e.preventDefault();
      items[(moves[e.key] + items.length) % items.length].focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      close();
    } else if (e.key === 'Tab') {
      close(false);
    }
  });
  const outside = (e) => { if (!element.contains(e.target)) close(false); };
  document.addEventListener('pointerdown', outside);
  menu.addEventListener('click', (e) => {
    const item = e.target.closest('[role="menuitem"]');
    if (!item) return;
    close();
    save(item.dataset.format);
  });

  let busy = false;
  const save = async (format) => {
    const label = FORMATS.find(([f]) => f === format)[1];
    if (busy) return;
    busy = true;
    note.textContent = `Preparing the ${label} download…`;
    button.setAttribute('aria-disabled', 'true');
    try {
      const response = await fetch(path(format), { headers: session.key ? { Authorization: `Bearer ${session.key}` } : {} });
      if (!response.ok) {
        const problem = await response.json().catch(() => null);
        if (response.status === 401) window.dispatchEvent(new CustomEvent('timeline:unauthorized'));
        throw new Error(problem?.detail || problem?.title || `the API answered ${response.status}`);
      }
      const name = fileNameOf(response.headers.get('Content-Disposition'), `timeline.${format}`);
      const url = URL.createObjectURL(await response.blob());
      const link = h('a', { href: url, download: name, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      // The browser has taken the file once the click is handled; the URL can go after that.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      note.textContent = `Downloaded ${name}.`;
    } catch (error) {
      note.textContent = `Could not download the ${label} file: ${error.message}`;
    } finally {
      busy = false;
      button.removeAttribute('aria-disabled');
    }
  };

  return { element, destroy: () => document.removeEventListener('pointerdown', outside) };
}
