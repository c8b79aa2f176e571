// The timeline view's filters as its address holds them (the API's own parameter names, plus `timeline` for a
// saved timeline), and the words that describe them.
import { edtfWords } from '../shared/edtf-words.js';

/** The filters the address holds, named as the API names them. */
export function readFilters(search = location.search) {
  const p = new URLSearchParams(search);
  const list = (name) => p.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  return {
    actor: list('actor'),
    type: list('type'),
    tag: list('tag'),
    status: list('status'),
    from: p.get('from') ?? '',
    to: p.get('to') ?? '',
    match: p.get('match') ?? '',
    q: p.get('q') ?? '',
    bbox: p.get('bbox') ?? '',
    near: p.get('near') ?? '',
    placeMatch: p.get('placeMatch') ?? '',
    asOf: p.get('asOf') ?? '',
    order: p.get('order') ?? '',
    timeline: p.get('timeline') ?? '',
  };
}

/** "as known on" a day means at the end of that day, UTC. */
export const endOfDay = (day) => `${day}T23:59:59.999Z`;

export function hasAny(filters) {
  return Object.values(addressFilters(filters)).some((v) => (Array.isArray(v) ? v.length > 0 : v));
}

/** The filters as the address shows them, in a fixed order. */
export function addressFilters(f) {
  if (f.timeline) return { timeline: f.timeline, asOf: f.asOf, order: f.order };
  return {
    actor: f.actor, type: f.type, tag: f.tag, status: f.status, from: f.from, to: f.to, match: f.match, q: f.q,
    bbox: f.bbox ?? '', near: f.near ?? '', placeMatch: f.placeMatch ?? '', asOf: f.asOf, order: f.order,
  };
}

/** What goes to GET /api/timeline: the same names; only what is set. */
export function apiFilters(f) {
  return addressFilters({ ...f, timeline: '' });
}

export function viewName(f) {
  const parts = [];
  if (f.actor.length) parts.push(f.actor.join('/'));
  if (f.type.length) parts.push(f.type.join(', '));
  if (f.tag.length) parts.push(f.tag.map((t) => `#${t}`).join(' '));
  if (f.status.length) parts.push(f.status.join('/'));
  if (f.from || f.to) parts.push(`${f.from || '…'} to ${f.to || '…'}`);
  if (f.q) parts.push(`“${f.q}”`);
  if (f.bbox) parts.push(`in the box ${f.bbox}`);
  if (f.near) parts.push(`near ${f.near} km`);
  return parts.length ? parts.join('; ') : 'everything';
}

export function describeInstant(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return iso.endsWith('T23:59:59.999Z') ? `the end of ${edtfWords(iso.slice(0, 10))} (UTC)` : d.toUTCString();
}

