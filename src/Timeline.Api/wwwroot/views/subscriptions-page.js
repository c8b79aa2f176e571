// #/subscriptions: the caller's subscriptions (an admin sees everyone's), each with what it watches; delete one,
// and for a webhook read its delivery log and send an attempt's alert again.
import { api, query } from '../shared/api.js';
import { h, replace, instant } from '../shared/dom.js';
import { ALERT_KINDS } from '../shared/vocab.js';

export async function renderSubscriptions(main, _params, ctx) {
  document.title = 'Subscriptions · Timeline';
  const status = h('p', { class: 'muted', role: 'status', id: 'subscriptions-status' }, 'Loading subscriptions…');
  const list = h('ul', { class: 'subscriptions', id: 'subscription-list' });
  replace(main,
    h('h1', {}, 'Subscriptions'),
    h('p', { class: 'lede' }, 'Each subscription is a filter whose new, amended and retracted events, and follow-ups falling due, become ',
      h('a', { href: '#/alerts' }, 'alerts'), ' and, when it has a webhook, deliveries to that address. To add one, filter the ',
      h('a', { href: '#/' }, 'timeline'), ' and choose “Alert me about this view”.'),
    status, list);

  const { data } = await api('/api/subscriptions');
  const count = () => {
    const n = list.children.length;
    status.textContent = n === 0 ? 'No subscriptions yet.' : `${n} ${n === 1 ? 'subscription' : 'subscriptions'}.`;
  };
  for (const s of data) list.append(subscriptionItem(s, { ctx, removed: count }));
  count();
}

/** What a subscription watches, in words. */
function watches(s) {
  if (s.timeline) return `the saved timeline “${s.timeline}”`;
  const q = s.filter ? query(s.filter) : '';
  return q ? decodeURIComponent(q).replaceAll('&', ', ') : 'every event';
}

function subscriptionItem(s, { ctx, removed }) {
  const headingId = `sub-${s.id}`;
  const note = h('p', { class: 'muted', role: 'status' });
  const remove = h('button', { type: 'button', class: 'danger' }, 'Delete');
  const confirm = h('span', { class: 'confirm', hidden: true },
    `Delete “${s.name}”? `,
    h('button', { type: 'button', class: 'danger', onclick: () => del() }, 'Yes, delete'),
    ' ', h('button', { type: 'button', onclick: () => { confirm.hidden = true; remove.hidden = false; remove.focus(); } }, 'Keep it'));
  remove.addEventListener('click', () => { remove.hidden = true; confirm.hidden = false; confirm.querySelector('button').focus(); });

  const item = h('li', { class: 'subscription card', dataset: { subscriptionId: s.id } },
    h('h2', { id: headingId }, s.name),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Watches'), h('dd', {}, watches(s)),
      h('dt', {}, 'Alerts'), h('dd', {}, (s.kinds ?? []).map((k) => ALERT_KINDS[k] ?? k).join(', ')),
      h('dt', {}, 'Webhook'), h('dd', {}, s.webhookUrl ?? 'none'),
      h('dt', {}, 'State'), h('dd', { class: 'subscription__state' }, s.active ? 'active' : `disabled${s.disabledReason ? `: ${s.disabledReason}` : ''}`),
      h('dt', {}, 'Created'), h('dd', {}, instant(s.createdAt), s.createdBy ? ` by ${s.createdBy}` : '')),
    h('div', { class: 'actions' }, remove, confirm),
    s.webhookUrl ? deliveryLog(s) : null,
    note);

  async function del() {
    try {
      await api(`/api/subscriptions/${encodeURIComponent(s.id)}`, { method: 'DELETE' });
      const next = item.nextElementSibling?.querySelector('h2') ?? item.previousElementSibling?.querySelector('h2') ?? document.querySelector('main h1');
      item.remove();
      removed();
      ctx.announce(`Subscription “${s.name}” deleted.`);
      next?.setAttribute('tabindex', '-1');
      next?.focus();
    } catch (error) {
      note.textContent = `Could not delete: ${error.message}`;
    }
  }
  return item;
}

/** The delivery log of a webhook subscription, newest attempt first, shown on demand. */
function deliveryLog(s) {
  const body = h('div', { class: 'deliveries', id: `deliveries-${s.id}`, hidden: true });
  const toggle = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': body.id }, 'Delivery log');
  let cursor = null;
  let loaded = false;
  const rows = h('tbody');
  const more = h('button', { type: 'button', hidden: true }, 'Older attempts');
  const status = h('p', { class: 'muted', role: 'status' });

  const load = async () => {
    more.disabled = true;
    try {
      const { data } = await api(`/api/subscriptions/${encodeURIComponent(s.id)}/deliveries?${query({ limit: 50, cursor })}`);
      for (const d of data.items) rows.append(deliveryRow(s, d, status));
      cursor = data.nextCursor;
      more.hidden = !cursor;
      status.textContent = rows.children.length === 0 ? 'Nothing has been delivered yet.' : '';
    } catch (error) {
      status.textContent = `Could not read the delivery log: ${error.message}`;
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener('click', load);
  toggle.addEventListener('click', async () => {
    const open = body.hidden;
    body.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    if (open && !loaded) { loaded = true; await load(); }
  });

  body.append(
    h('table', { class: 'delivery-table' },
      h('caption', { class: 'visually-hidden' }, `Delivery attempts for “${s.name}”, newest first`),
      h('thead', {}, h('tr', {}, ['When', 'Alert', 'Attempt', 'Result', 'Took', ''].map((t) => h('th', { scope: 'col' }, t)))),
      rows),
    more, status);
  return h('div', { class: 'delivery-log' }, toggle, body);
}

function deliveryRow(s, d, status) {
  const result = d.succeeded
    ? `delivered (${d.statusCode})`
    : `failed: ${d.statusCode ? `HTTP ${d.statusCode}` : d.error ?? 'no answer'}`;
  const again = h('button', { type: 'button', 'aria-label': `Redeliver attempt ${d.attempt} of alert ${d.alertId}` }, 'Redeliver');
  again.addEventListener('click', async () => {
    again.disabled = true;
    try {
      const { data } = await api(`/api/subscriptions/${encodeURIComponent(s.id)}/deliveries/${encodeURIComponent(d.id)}/redelivery`, { method: 'POST' });
      status.textContent = `Alert ${data.alertId} will be sent again with the same webhook-id (${data.messageId}).`;
    } catch (error) {
      status.textContent = `Could not redeliver: ${error.message}`;
      again.disabled = false;
    }
  });
  return h('tr', { class: d.succeeded ? 'delivery delivery--ok' : 'delivery delivery--failed', dataset: { deliveryId: d.id } },
    h('td', {}, instant(d.attemptedAt)),
    h('td', {}, ALERT_KINDS[d.kind] ?? d.kind),
    h('td', {}, String(d.attempt)),
    h('td', {}, h('span', { class: d.succeeded ? 'result result--ok' : 'result result--failed' }, d.succeeded ? '✓ ' : '✗ ', result)),
    h('td', {}, `${d.durationMs} ms`),
    h('td', {}, again));
}
