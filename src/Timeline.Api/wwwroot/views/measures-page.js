// #/measures: the measures analysts follow. #/measures/<code>: one measure — its claims' summary as a sentence, drawn
// over time, listed with their sources and quotes — and, for editors, a form to record a claim.
import { api, ApiError } from '../shared/api.js';
import { h, replace, safeLink, uid } from '../shared/dom.js';
import { claimsChart, figure } from '../chart/claims-chart.js';

/** The qualifiers in words; the API's codes are only the values. */
const QUALIFIERS = [
  ['at-least', 'at least'],
  ['about', 'about'],
  ['exact', 'exactly'],
  ['at-most', 'at most'],
  ['range', 'between (a range)'],
];
const WORDS = Object.fromEntries(QUALIFIERS);

export async function renderMeasures(main) {
  const { data: measures } = await api('/api/measures');
  document.title = 'Estimates · Timeline';
  replace(main,
    h('h1', {}, 'Estimates'),
    h('p', { class: 'muted' }, 'Numbers sources disagree on, each kept with its source; the disagreement is shown, not averaged.'),
    measures.length
      ? h('ul', { class: 'measures', id: 'measures' }, measures.map((m) => h('li', {},
        h('a', { href: `#/measures/${encodeURIComponent(m.code)}` }, m.name), ' ', h('span', { class: 'muted' }, `(${m.unit})`))))
      : h('p', { class: 'muted' }, 'No measures recorded yet.'));
}

/** "between 3,000 and 10,000, from 2 independent sources; 3 claims" — no midpoint, no mean. */
export function summarySentence(s) {
  if (s.claims === 0) return 'No claims yet.';
  const range = s.low !== null && s.high !== null
    ? (s.low === s.high ? figure(s.low) : `between ${figure(s.low)} and ${figure(s.high)}`)
    : s.low !== null ? `at least ${figure(s.low)}` : `at most ${figure(s.high)}`;
  const sources = `${s.independentSources} independent ${s.independentSources === 1 ? 'source' : 'sources'}`;
  return `${range}, from ${sources}; ${s.claims} ${s.claims === 1 ? 'claim' : 'claims'}`;
}

/** A claim's figure as the source puts it: "at least 3,000", "between 3,000 and 10,000". */
export function claimFigure(c) {
  return c.qualifier === 'range' || (c.value === null && c.low !== null)
    ? `between ${figure(c.low)} and ${figure(c.high)}`
    : `${WORDS[c.qualifier] ?? c.qualifier} ${figure(c.value)}`;
}

function claimWords(c, unit) {
  return `${claimFigure(c)} ${unit}, as of ${c.asOf}${c.period ? ` (over ${c.period})` : ''}`;
}

function claimItem(c, unit, byId) {
  const s = c.source ?? {};
  return h('li', { class: 'claim', dataset: { claim: c.id } },
    h('p', { class: 'claim__figure' }, claimWords(c, unit)),
    h('p', { class: 'claim__source' }, safeLink(s.url, s.title || s.url), s.publisher ? ` · ${s.publisher}` : '',
      s.reliability ? ` · reliability ${s.reliability}` : ''),
    s.quote ? h('blockquote', { class: 'claim__quote' }, s.quote) : null,
    c.derivedFrom ? h('p', { class: 'muted' }, 'Derived from: ', byId.get(c.derivedFrom) ? claimWords(byId.get(c.derivedFrom), unit) : 'an earlier claim') : null,
    c.eventId ? h('p', {}, h('a', { href: `#/events/${c.eventId}` }, 'The event')) : null,
    c.note ? h('p', { class: 'muted' }, c.note) : null,
    h('p', { class: 'muted' }, `Recorded by ${c.recordedBy}`));
}

export async function renderMeasure(main, [code], ctx) {
  const { data: m } = await api(`/api/measures/${encodeURIComponent(code)}`);
  document.title = `${m.name} · Timeline`;
  const byId = new Map(m.claims.map((c) => [c.id, c]));
  replace(main,
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/measures' }, '← Estimates')),
    h('h1', {}, m.name, ' ', h('span', { class: 'muted' }, `(${m.unit})`)),
    m.description ? h('p', {}, m.description) : null,
    h('p', { class: 'measure-summary', id: 'measure-summary' }, summarySentence(m.summary)),
    m.claims.length ? claimsChart(m.claims, m.unit) : null,
    h('h2', {}, 'Claims'),
    m.claims.length
      ? h('ol', { class: 'claims', id: 'claims' }, m.claims.map((c) => claimItem(c, m.unit, byId)))
      : h('p', { class: 'muted' }, 'No claims yet.'),
    h('p', {}, h('a', { href: `/api/measures/${encodeURIComponent(m.code)}/download?format=csv`, download: `${m.code}.csv`, id: 'claims-csv' }, 'Download the claims as CSV')),
    ctx.canEdit() ? claimForm(m, ctx) : null);
}

function field(label, input, hint) {
  const id = input.id || (input.id = uid('claim'));
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hint ? h('p', { class: 'hint' }, hint) : null);
}

function claimForm(m, ctx) {
  const qualifier = h('select', { id: 'claim-qualifier', name: 'qualifier' }, QUALIFIERS.map(([v, words]) => h('option', { value: v }, words)));
  const value = h('input', { id: 'claim-value', name: 'value', type: 'number', step: 'any' });
  const low = h('input', { id: 'claim-low', name: 'low', type: 'number', step: 'any' });
  const high = h('input', { id: 'claim-high', name: 'high', type: 'number', step: 'any' });
  const asOf = h('input', { id: 'claim-as-of', name: 'asOf', required: true, placeholder: '2024-10-23' });
  const url = h('input', { id: 'claim-url', name: 'url', type: 'url', required: true });
  const title = h('input', { id: 'claim-title', name: 'title', required: true });
  const publisher = h('input', { id: 'claim-publisher', name: 'publisher' });
  const quote = h('textarea', { id: 'claim-quote', name: 'quote', rows: 2 });
  const reliability = h('select', { id: 'claim-reliability', name: 'reliability' },
    h('option', { value: '' }, 'not graded'),
    [['A', 'A · completely reliable'], ['B', 'B · usually reliable'], ['C', 'C · fairly reliable'], ['D', 'D · not usually reliable'],
      ['E', 'E · unreliable'], ['F', 'F · cannot be judged']].map(([v, w]) => h('option', { value: v }, w)));
  const derivedFrom = h('select', { id: 'claim-derived-from', name: 'derivedFrom' }, h('option', { value: '' }, 'no: an independent figure'),
    m.claims.map((c) => h('option', { value: c.id }, `${claimWords(c, m.unit)} · ${c.source?.publisher ?? c.source?.title ?? ''}`)));
  const message = h('p', { class: 'field-error', role: 'alert', id: 'claim-error' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Record the claim');
  const number = (input) => (input.value.trim() === '' ? undefined : Number(input.value));
  const form = h('form', { class: 'claim-form', id: 'claim-form', novalidate: true },
    h('h2', {}, 'Record a claim'),
    field('How the source puts it', qualifier), field('Figure', value), field('Low', low, 'for a range, or where the source gives one'),
    field('High', high), field('As of (EDTF)', asOf, 'when the figure held: 2024-10-23, 2024-10, 2024'),
    field('Source address', url), field('Source title', title), field('Publisher', publisher), field('Quote', quote),
    field('Reliability of the source', reliability), field('Repeats another claim?', derivedFrom),
    button, message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    message.textContent = '';
    const body = {
      qualifier: qualifier.value, value: number(value), low: number(low), high: number(high), asOf: asOf.value.trim(),
      derivedFrom: derivedFrom.value || undefined,
      source: { url: url.value.trim(), title: title.value.trim(), publisher: publisher.value.trim() || undefined, quote: quote.value.trim() || undefined,
        reliability: reliability.value || undefined },
    };
    try {
      await api(`/api/measures/${encodeURIComponent(m.code)}/claims`, { method: 'POST', body });
      ctx.announce('Claim recorded');
      await ctx.reload();
    } catch (error) {
      const fieldErrors = error instanceof ApiError ? Object.entries(error.errors).map(([f, r]) => `${f}: ${r.join(' ')}`) : [];
      message.textContent = `Not recorded: ${fieldErrors.length ? fieldErrors.join('; ') : error.message}`;
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
