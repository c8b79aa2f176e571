// #/watches: the sources watched for leads — what each last said, when it is checked next — and, for editors, a form
// to watch another, and to amend, check now or remove one.
import { api, ApiError } from '../shared/api.js';
import { h, replace, safeLink, instant, uid } from '../shared/dom.js';

const words = (text) => text.split(',').map((w) => w.trim()).filter(Boolean);

export async function renderWatches(main, params, ctx) {
  const { data } = await api('/api/watches');
  document.title = 'Watched sources · Timeline';
  const reload = () => ctx.reload();
  replace(main,
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/leads' }, '← Leads')),
    h('h1', {}, 'Watched sources'),
    h('p', { class: 'muted' }, 'Feeds (RSS, Atom, JSON Feed) and FtM files checked on their own schedule; each new item becomes a lead.'),
    data.items.length
      ? h('ul', { class: 'watches', id: 'watches' }, data.items.map((w) => watchItem(w, ctx, reload)))
      : h('p', { class: 'muted' }, 'No source is watched yet.'),
    ctx.canEdit() ? watchForm(null, ctx, reload) : null);
}

function watchItem(w, ctx, reload) {
  const panel = h('div', { class: 'watch-panel' });
  const note = h('p', { class: 'muted', role: 'status' });
  const check = async () => {
    note.textContent = 'Checking…';
    try {
      const { data } = await api(`/api/watches/${w.id}/check`, { method: 'POST' });
      ctx.announce(`Checked: ${data.new} new, ${data.changed} changed.`);
      await reload();
    } catch (err) {
      note.textContent = err.message;
    }
  };
  const remove = async () => {
    if (!confirm(`Stop watching “${w.name}”? Its leads stay.`)) return;
    await api(`/api/watches/${w.id}`, { method: 'DELETE' });
    await reload();
  };
  return h('li', { class: 'watch card', dataset: { watch: w.id } },
    h('h2', {}, w.name),
    h('p', {}, safeLink(w.url, w.url)),
    h('p', { class: 'muted' }, `Every ${w.every}`, w.include.length ? ` · only with: ${w.include.join(', ')}` : '',
      w.exclude.length ? ` · not with: ${w.exclude.join(', ')}` : '', w.reliability ? ` · reliability ${w.reliability}` : ''),
    h('p', { class: w.lastStatus?.startsWith('failed') ? 'error watch__status' : 'watch__status' },
      w.lastCheckedAt ? ['Last checked ', instant(w.lastCheckedAt), `: ${w.lastStatus}`] : 'Not checked yet', ' · next check ', instant(w.nextCheckAt)),
    h('p', {}, h('a', { href: `#/leads?watch=${w.id}&status=all` }, 'Its leads')),
    ctx.canEdit() ? h('div', { class: 'actions' },
      h('button', { type: 'button', 'data-action': 'check', onclick: check }, 'Check now'),
      h('button', { type: 'button', 'data-action': 'edit', onclick: () => replace(panel, watchForm(w, ctx, reload)) }, 'Edit'),
      h('button', { type: 'button', 'data-action': 'remove', onclick: remove }, 'Stop watching')) : null,
    note, panel);
}

function watchForm(w, ctx, reload) {
  const prefix = uid('watch');
  const input = (name, value, props = {}) => h('input', { id: `${prefix}-${name}`, name, value: value ?? '', autocomplete: 'off', ...props });
  const inputs = {
    name: input('name', w?.name, { required: true, maxlength: 200 }),
    url: input('url', w?.url, { type: 'url', required: true }),
    every: input('every', w?.every ?? 'PT15M', { required: true, spellcheck: 'false' }),
    include: input('include', w?.include.join(', ')),
    exclude: input('exclude', w?.exclude.join(', ')),
    reliability: h('select', { id: `${prefix}-reliability`, name: 'reliability' }, ['', 'A', 'B', 'C', 'D', 'E', 'F'].map((g) => h('option', { value: g, selected: (w?.reliability ?? '') === g }, g || '—'))),
  };
  const labels = { name: 'Name', url: 'Feed URL', every: 'Every (ISO 8601, e.g. PT15M, PT1H)', include: 'Only items with (comma-separated)', exclude: 'Not items with', reliability: 'Reliability of the source' };
  const errors = Object.fromEntries(Object.keys(inputs).map((k) => [k, h('p', { class: 'field-error', id: `${prefix}-${k}-error` })]));
  const status = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'watch-form card', novalidate: true, 'data-form': w ? 'edit-watch' : 'new-watch' },
    h('h2', {}, w ? `Edit “${w.name}”` : 'Watch a source'),
    Object.keys(inputs).map((k) => h('div', { class: 'field' }, h('label', { for: inputs[k].id }, labels[k]), inputs[k], errors[k])),
    h('button', { type: 'submit', class: 'primary' }, w ? 'Save' : 'Watch it'), status);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    for (const el of Object.values(errors)) el.textContent = '';
    const body = {
      name: inputs.name.value.trim(), url: inputs.url.value.trim(), every: inputs.every.value.trim(),
      include: words(inputs.include.value), exclude: words(inputs.exclude.value), reliability: inputs.reliability.value || null,
    };
    try {
      await api(w ? `/api/watches/${w.id}` : '/api/watches', { method: w ? 'PATCH' : 'POST', body, contentType: w ? 'application/merge-patch+json' : 'application/json' });
      ctx.announce(w ? 'The watch is saved.' : 'The source is watched.');
      await reload();
    } catch (err) {
      const fieldErrors = err instanceof ApiError ? err.errors : {};
      for (const [name, reasons] of Object.entries(fieldErrors)) {
        if (errors[name]) errors[name].textContent = reasons.join(' ');
      }
      status.textContent = Object.keys(fieldErrors).length ? 'Correct the fields marked above.' : err.message;
    }
  });
  return form;
}
