// One event in the timeline's list, and the year and month headings it goes under.
import { h } from '../shared/dom.js';
import { parseEdtf } from '../shared/edtf.js';
import { edtfWords } from '../shared/edtf-words.js';
import { gradeTag, designationTag } from '../shared/grade.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The year and month headings an event goes under, from the start of its date. */
export function groupOf(e) {
  if (!e.earliest) return { yearKey: 'open', yearLabel: 'Open start', monthKey: 'open', monthLabel: null };
  const parsed = parseEdtf(e.occurred);
  const start = parsed.ok ? (parsed.interval ? parsed.start : parsed.date) : null;
  const year = e.earliest.slice(0, 4);
  if (start?.year.includes('X')) {
    // 202X: a decade (or century) of its own, after the single years it starts with.
    return { yearKey: `${year}s`, yearLabel: edtfWords(start.year), monthKey: 'year', monthLabel: null };
  }
  const yearLabel = String(Number(year));
  if (!start || start.precision === 'year') return { yearKey: year, yearLabel, monthKey: 'year', monthLabel: 'Month not known' };
  const month = Number(e.earliest.slice(5, 7));
  return { yearKey: year, yearLabel, monthKey: String(month).padStart(2, '0'), monthLabel: MONTHS[month - 1] };
}

/** One event in the list. */
export function eventItem(e, knownActors = []) {
  const names = new Map(knownActors.map((a) => [a.code, a.name]));
  const titleId = `ev-${e.id}`;
  return h('li', { class: ['event', `event--${e.status}`], dataset: { eventId: e.id } },
    h('article', { 'aria-labelledby': titleId },
      h('p', { class: 'event__date' }, h('span', { class: 'date', title: `EDTF: ${e.occurred}` }, edtfWords(e.occurred))),
      h('h4', { class: 'event__title', id: titleId }, h('a', { href: `#/events/${e.id}` }, e.title)),
      h('p', { class: 'event__meta' },
        h('span', { class: ['status', `status--${e.status}`] }, e.status),
        h('span', { class: 'type' }, e.type),
        h('span', { class: 'actors' }, e.actors.map((code) => actorLink(code, names.get(code)))),
        gradeTag(e), designationTag(e),
        e.tags.length ? h('span', { class: 'tags' }, e.tags.map((t) => h('span', { class: 'tag' }, `#${t}`))) : null),
      e.summary ? h('p', { class: 'event__summary' }, e.summary) : null));
}

/** An actor's code, linked to its page, its name on hover. */
export function actorLink(code, name) {
  return h('a', { class: 'actor-link', href: `#/actors/${encodeURIComponent(code)}` }, h('abbr', { class: 'actor', title: name ?? code }, code));
}
