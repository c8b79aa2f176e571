// Form fields with their help and error text tied to the input by aria-describedby, and the API's
// validation errors (problem details "errors", keyed like "occurred" or "sources[0].url") put beside them.
import { h } from '../shared/dom.js';
import { parseEdtf } from '../shared/edtf.js';
import { edtfWords } from '../shared/edtf-words.js';

/**
 * A labelled field: <div class="field"><label/> input <p help/> <p error/></div>.
 * @param {{ id: string, label: string, input: HTMLElement, help?: string|Node, extra?: Node[] }} options
 */
export function field({ id, label, input, help, extra = [], className }) {
  input.id = id;
  const helpEl = help ? h('p', { class: 'help', id: `${id}-help` }, help) : null;
  const errorEl = h('p', { class: 'field-error', id: `${id}-error` });
  input.setAttribute('aria-describedby', [helpEl?.id, ...extra.map((e) => e.id).filter(Boolean), errorEl.id].filter(Boolean).join(' '));
  const wrapper = h('div', { class: ['field', className] }, h('label', { for: id }, label), input, helpEl, ...extra, errorEl);
  return { wrapper, input, errorEl };
}

/** Where each API error key is shown; keys without a place of their own go to their parent ("sources[0].url" → "sources[0]" → "sources"), then to the summary. */
export class FieldErrors {
  /** @param {HTMLElement} summary a container for the list of problems (role="alert") */
  constructor(summary) {
    this.summary = summary;
    this.places = new Map();
  }

  /**
   * @param {string} key the API's error key @param {HTMLElement} errorEl @param {HTMLElement} [focusTarget]
   * @param {string} [label] how the summary names the field (the key otherwise)
   */
  register(key, errorEl, focusTarget, label) {
    const place = { errorEl, focusTarget, label };
    this.places.set(key.toLowerCase(), place);
    // Once the user changes a field, its old error no longer applies.
    focusTarget?.addEventListener('input', () => {
      if (this.places.get(key.toLowerCase()) !== place) return;
      errorEl.textContent = '';
      focusTarget.removeAttribute('aria-invalid');
    });
  }

  unregister(prefix) {
    for (const key of [...this.places.keys()]) if (key.startsWith(prefix.toLowerCase())) this.places.delete(key);
  }

  clear() {
    for (const { errorEl, focusTarget } of this.places.values()) {
      errorEl.textContent = '';
      focusTarget?.removeAttribute('aria-invalid');
    }
    this.summary.replaceChildren();
    this.summary.hidden = true;
  }

  placeOf(key) {
    let k = key.toLowerCase();
    for (;;) {
      if (this.places.has(k)) return this.places.get(k);
      const parent = k.replace(/(\[\d+\]|\.[^.[\]]+)$/, '');
      if (parent === k || parent === '') return null;
      k = parent;
    }
  }

  /**
   * Shows errors beside their fields and lists them in the summary with links to the fields.
   * @param {Record<string, string[]>} errors @param {string} heading @returns {HTMLElement|null} the first field with an error
   */
  show(errors, heading) {
    this.clear();
    const items = [];
    let first = null;
    const texts = new Map();
    for (const [key, messages] of Object.entries(errors ?? {})) {
      const place = this.placeOf(key);
      const text = (Array.isArray(messages) ? messages : [messages]).join(' ');
      if (place) {
        const shown = texts.get(place) ?? [];
        shown.push(text);
        texts.set(place, shown);
        place.focusTarget?.setAttribute('aria-invalid', 'true');
        first ??= place.focusTarget;
      }
      const target = place?.focusTarget;
      const name = place?.label ?? key;
      items.push(h('li', {}, target?.id
        ? h('a', { href: `#${target.id}`, onclick: (e) => { e.preventDefault(); target.focus(); } }, `${name}: ${text}`)
        : `${name}: ${text}`));
    }
    for (const [place, shown] of texts) place.errorEl.textContent = shown.join(' ');
    if (items.length > 0 || heading) {
      this.summary.append(h('p', { class: 'error-summary__title' }, heading ?? 'Please correct the following.'), items.length ? h('ul', {}, items) : null);
      this.summary.hidden = false;
    }
    return first;
  }
}

/** Checks an EDTF date as it is typed and says it back in words (or why it is not a date yet). */
export function dateFeedback(text, el) {
  if (!text.trim()) {
    el.textContent = '';
    el.classList.remove('date-words--bad');
    return true;
  }
  const parsed = parseEdtf(text);
  el.classList.toggle('date-words--bad', !parsed.ok);
  el.textContent = parsed.ok ? `Reads as: ${edtfWords(text)}` : `Not a date yet: ${parsed.error}`;
  return parsed.ok;
}
