// #/actors/<code>: an actor — its name, kind, aliases and identifiers (linked where the scheme has pages) — and
// its events, in the timeline's own view with the actor filter held to this actor.
import { api } from '../shared/api.js';
import { h, safeLink } from '../shared/dom.js';
import { renderTimeline } from './timeline.js';
import { actorForm } from './actor-form.js';
import { ACTOR_KINDS, IDENTIFIER_SCHEMES } from '../shared/vocab.js';

/** The identifier schemes with a public page per identifier, and its address. */
const PAGES = {
  wikidata: (v) => `https://www.wikidata.org/wiki/${encodeURIComponent(v)}`,
  opensanctions: (v) => `https://www.opensanctions.org/entities/${encodeURIComponent(v)}/`,
};

export function identifierLink(scheme, value) {
  const page = PAGES[scheme];
  return page ? safeLink(page(value), value, { class: 'identifier', dataset: { scheme } }) : h('span', { class: 'identifier', dataset: { scheme } }, value);
}

export async function renderActor(main, [code], ctx) {
  const { data: actor, etag } = await api(`/api/actors/${encodeURIComponent(code)}`);
  const schemes = Object.entries(actor.identifiers ?? {});
  const intro = h('header', { class: 'actor-page', 'aria-labelledby': 'actor-title' },
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/' }, '← The timeline')),
    h('h1', { id: 'actor-title' }, actor.name, ' ', h('abbr', { class: 'actor', title: `the code events use for ${actor.name}` }, actor.code)),
    h('dl', { class: 'facts', id: 'actor-facts' },
      h('dt', {}, 'Kind'), h('dd', { id: 'actor-kind' }, ACTOR_KINDS[actor.kind] ?? actor.kind),
      h('dt', {}, 'Also known as'), h('dd', { id: 'actor-aliases' }, actor.aliases.length
        ? h('ul', { class: 'inline-list' }, actor.aliases.map((a) => h('li', {}, a)))
        : h('span', { class: 'muted' }, 'no other names recorded')),
      h('dt', {}, 'Identifiers'), h('dd', {}, schemes.length
        ? h('ul', { class: 'identifiers', id: 'actor-identifiers' }, schemes.map(([scheme, value]) => h('li', {},
          h('span', { class: 'identifier__scheme' }, `${IDENTIFIER_SCHEMES[scheme] ?? scheme}: `), identifierLink(scheme, value))))
        : h('span', { class: 'muted' }, 'none recorded'))),
    ctx.canEdit()
      ? actorForm(actor, etag, { done: () => ctx.reload(), ctx })
      : null);
  const cleanup = await renderTimeline(main, [], ctx, { actor: actor.code, name: actor.name, intro });
  document.title = `${actor.name} · Timeline`;
  return cleanup;
}
