// What changed between two versions of an event, field by field, for the history and for a stale amendment.
import { h } from './dom.js';
import { edtfWords } from './edtf-words.js';
import { CREDIBILITY } from './vocab.js';

const LABELS = { title: 'Title', summary: 'Summary', occurred: 'Date', type: 'Type', status: 'Status', actors: 'Actors', tags: 'Tags', sources: 'Sources', related: 'Related', credibility: 'Credibility', retractionReason: 'Retraction reason' };

/** What changed from one version to the next, field by field. */
export function diff(before, after) {
  const out = [];
  const was = (a, b, words = (x) => x) => h('li', {}, h('span', { class: 'change__field' }, `${LABELS[a]}: `),
    h('del', {}, words(before[a]) || '(empty)'), ' → ', h('ins', {}, words(after[a]) || '(empty)'), b);
  for (const name of ['title', 'type', 'status']) if (before[name] !== after[name]) out.push(was(name));
  if ((before.credibility ?? null) !== (after.credibility ?? null)) {
    out.push(was('credibility', null, (c) => (c == null ? 'not graded' : `${c} (${CREDIBILITY[c] ?? '?'})`)));
  }
  if (JSON.stringify(before.sanction ?? null) !== JSON.stringify(after.sanction ?? null)) {
    const words = (s) => (s ? [s.authority, s.program, (s.measures ?? []).join(', ')].filter(Boolean).join(' · ') : 'none');
    out.push(h('li', {}, h('span', { class: 'change__field' }, 'Designation: '), words(before.sanction) === words(after.sanction)
      ? 'changed' : [h('del', {}, words(before.sanction)), ' → ', h('ins', {}, words(after.sanction))]));
  }
  if (before.occurred !== after.occurred) {
    out.push(was('occurred', h('span', { class: 'muted' }, ` (${before.occurred} → ${after.occurred})`), edtfWords));
  }
  if ((before.summary ?? '') !== (after.summary ?? '')) {
    out.push(h('li', {}, h('span', { class: 'change__field' }, 'Summary: '), 'changed ',
      h('details', { class: 'inline-details' }, h('summary', {}, 'show'), h('p', {}, h('del', {}, before.summary || '(empty)')), h('p', {}, h('ins', {}, after.summary || '(empty)')))));
  }
  for (const name of ['actors', 'tags']) {
    const added = after[name].filter((x) => !before[name].includes(x));
    const removed = before[name].filter((x) => !after[name].includes(x));
    if (added.length || removed.length) {
      out.push(h('li', {}, h('span', { class: 'change__field' }, `${LABELS[name]}: `),
        added.length ? h('ins', {}, `added ${added.join(', ')}`) : null,
        added.length && removed.length ? '; ' : null,
        removed.length ? h('del', {}, `removed ${removed.join(', ')}`) : null));
    }
  }
  const key = (s) => s.url;
  const same = (a, b) => a.title === b.title && (a.publisher ?? null) === (b.publisher ?? null) && (a.published ?? null) === (b.published ?? null) && (a.quote ?? null) === (b.quote ?? null) && (a.reliability ?? null) === (b.reliability ?? null);
  for (const s of after.sources.filter((s) => !before.sources.some((b) => key(b) === key(s)))) {
    out.push(h('li', {}, h('span', { class: 'change__field' }, 'Source added: '), h('ins', {}, s.title), ` (${s.url})`));
  }
  for (const s of before.sources.filter((s) => !after.sources.some((a) => key(a) === key(s)))) {
    out.push(h('li', {}, h('span', { class: 'change__field' }, 'Source removed: '), h('del', {}, s.title), ` (${s.url})`));
  }
  for (const s of after.sources) {
    const old = before.sources.find((b) => key(b) === key(s));
    if (old && !same(old, s)) out.push(h('li', {}, h('span', { class: 'change__field' }, 'Source changed: '), s.title, ` (${s.url})`));
  }
  const rel = (r) => `${r.relation} ${r.eventId}`;
  const relAdded = after.related.filter((r) => !before.related.some((b) => rel(b) === rel(r)));
  const relRemoved = before.related.filter((r) => !after.related.some((a) => rel(a) === rel(r)));
  if (relAdded.length || relRemoved.length) {
    out.push(h('li', {}, h('span', { class: 'change__field' }, 'Related: '),
      relAdded.length ? h('ins', {}, `added ${relAdded.map(rel).join(', ')}`) : null,
      relAdded.length && relRemoved.length ? '; ' : null,
      relRemoved.length ? h('del', {}, `removed ${relRemoved.map(rel).join(', ')}`) : null));
  }
  if ((before.retractionReason ?? null) !== (after.retractionReason ?? null) && after.retractionReason) {
    out.push(h('li', {}, h('span', { class: 'change__field' }, 'Retracted: '), after.retractionReason));
  }
  return out;
}
