// The Admiralty (NATO) grade as analysts write it ("B2": the source usually reliable, the information probably
// true) and a designation's authority, programme and measures, for the event page and the timeline's rows.
import { h } from './dom.js';
import { edtfWords } from './edtf-words.js';
import { RELIABILITY, CREDIBILITY } from './vocab.js';


/** The grades an event is written with: the best reliability among its sources (A before F) and its credibility. */
export function gradeOf(e) {
  const reliabilities = (e.sources ?? []).map((s) => s.reliability).filter((r) => r in RELIABILITY).sort();
  const reliability = reliabilities[0] ?? null;
  const credibility = e.credibility in CREDIBILITY ? Number(e.credibility) : null;
  if (!reliability && !credibility) return null;
  const text = `${reliability ?? ''}${credibility ?? ''}`;
  const words = [reliability ? RELIABILITY[reliability] : null, credibility ? CREDIBILITY[credibility] : null].filter(Boolean).join(', ');
  const spelled = [reliability ? `source reliability ${reliability}` : 'source reliability not graded', credibility ? `credibility ${credibility}` : 'credibility not graded'].join(', ');
  return { reliability, credibility, text, words, spelled };
}

/** A grade for a row: "B2" with its words on hover and, for screen readers, in text. */
export function gradeTag(e) {
  const g = gradeOf(e);
  if (!g) return null;
  return h('span', { class: 'grade', title: `${g.spelled}: ${g.words}` },
    h('span', { 'aria-hidden': 'true' }, g.text), h('span', { class: 'visually-hidden' }, `Graded ${g.text}: ${g.words}`));
}

/** The grade in text, for the event page: "B2 — usually reliable, probably true". */
export function gradeWords(e) {
  const g = gradeOf(e);
  if (!g) return h('span', { class: 'muted' }, 'Not graded');
  return h('span', { class: 'grade-words' }, h('strong', { class: 'grade', title: g.spelled }, g.text), ` — ${g.words}`);
}

/** A designation in a row: "US OFAC · DPRK3 · asset-freeze". */
export function designationTag(e) {
  const s = e.sanction;
  if (!s) return null;
  const delisting = e.type === 'sanctions.delisting';
  return h('span', { class: 'designation' },
    h('span', { class: 'visually-hidden' }, delisting ? 'Delisted by ' : 'Designated by '),
    [s.authority, s.program, (s.measures ?? []).join(', ')].filter(Boolean).join(' · '));
}

/** A designation on the event page, member by member. */
export function designationFacts(e) {
  const s = e.sanction;
  if (!s) return null;
  const rows = [
    ['Authority', s.authority], ['Programme', s.program], ['Reference', s.reference],
    ['Listed', s.listed ? edtfWords(s.listed) : null], ['Ends', s.ends ? edtfWords(s.ends) : null],
    ['Measures', (s.measures ?? []).length ? s.measures.join(', ') : null], ['Reason', s.reason],
  ].filter(([, v]) => v);
  return h('section', { 'aria-labelledby': 'designation-title' },
    h('h2', { id: 'designation-title' }, e.type === 'sanctions.delisting' ? 'Delisting' : 'Designation'),
    h('dl', { class: 'facts', id: 'designation' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
}

/** A select of the grades of a scale, "Not graded" first: "B — usually reliable". */
export function gradeSelect(scale, value, props = {}) {
  const words = scale === 'reliability' ? RELIABILITY : CREDIBILITY;
  return h('select', props,
    h('option', { value: '', selected: value == null }, 'Not graded'),
    Object.entries(words).map(([grade, w]) => h('option', { value: grade, selected: String(value ?? '') === grade }, `${grade} — ${w}`)));
}
