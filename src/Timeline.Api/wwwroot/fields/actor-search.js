// Finding actors in a picker by any of their names, in any script: the same search as GET /api/actors?q= (name
// keys: Kim Jong Un finds Kim Jong-un, 최선희 finds Choe Son Hui). The list keeps its checkboxes; a search shows
// the actors it finds, best first, each with the name that matched, and the ones already chosen.
import { api } from '../shared/api.js';
import { h } from '../shared/dom.js';

/**
 * A search box over a picker's list. @param {string} id the input's id
 * @param {HTMLUListElement} list the picker's list, one <li> per actor, each holding its checkbox (value = code)
 */
export function actorSearch(id, list) {
  const status = h('span', { class: 'count', id: `${id}-status`, 'aria-live': 'polite' });
  const input = h('input', { type: 'search', id, autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-status`, placeholder: 'a name in any script' });
  const items = [...list.children];
  const boxOf = (li) => li.querySelector('input[type=checkbox]');
  let timer = null;
  let asked = 0;

  function showAll() {
    for (const li of items) {
      li.hidden = false;
      li.querySelector('.match')?.remove();
    }
    list.replaceChildren(...items);
    status.textContent = '';
  }

  async function find(q) {
    const mine = ++asked;
    let found;
    try {
      found = (await api(`/api/actors?q=${encodeURIComponent(q)}&limit=50`)).data.items;
    } catch {
      if (mine === asked) status.textContent = '(the search failed; every actor is listed)';
      if (mine === asked) showAll();
      return;
    }
    if (mine !== asked) return;
    const byCode = new Map(items.map((li) => [boxOf(li).value, li]));
    const shown = [];
    for (const actor of found) {
      const li = byCode.get(actor.code);
      if (!li) continue;
      li.querySelector('.match')?.remove();
      if (actor.match && actor.match.name !== actor.name) li.append(h('span', { class: 'match' }, ` (${actor.match.name})`));
      shown.push(li);
    }
    const chosen = items.filter((li) => boxOf(li).checked && !shown.includes(li));
    for (const li of items) li.hidden = !shown.includes(li) && !chosen.includes(li);
    list.replaceChildren(...shown, ...chosen, ...items.filter((li) => li.hidden));
    status.textContent = shown.length ? `(${shown.length} found)` : '(none found)';
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) {
      asked++;
      showAll();
      return;
    }
    timer = setTimeout(() => find(q), 250);
  });
  // Enter searches; it must not submit the form the picker is in.
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') e.preventDefault();
  });
  return h('p', { class: 'actor-search' }, h('label', { for: id }, 'Find an actor '), input, ' ', status);
}
