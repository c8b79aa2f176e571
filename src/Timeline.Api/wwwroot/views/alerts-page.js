// #/alerts: the newest alerts, and new ones added at the top as they arrive.
import { api, query } from '../shared/api.js';
import { h, replace, instant } from '../shared/dom.js';
import { alertFeed } from '../shared/alert-feed.js';
import { ALERT_KINDS } from '../shared/vocab.js';
import { edtfWords } from '../shared/edtf-words.js';

export async function renderAlerts(main, _params, ctx) {
  document.title = 'Alerts · Timeline';
  const list = h('ol', { class: 'alerts', id: 'alert-list' });
  const status = h('p', { class: 'muted', role: 'status' }, 'Loading alerts…');
  const more = h('button', { type: 'button', hidden: true }, 'Older alerts');
  replace(main,
    h('h1', {}, 'Alerts'),
    h('p', { class: 'lede' },
      'Alerts come from subscriptions: saved filters whose new, amended or retracted events, and follow-ups falling due, are reported here as they happen.',
      ' Use “Alert me about this view” on the timeline to subscribe to a filter.'),
    status, list, more);

  const shown = new Set();
  const add = (alert, atTop) => {
    if (shown.has(alert.id)) return;
    shown.add(alert.id);
    const item = alertItem(alert);
    if (atTop) list.prepend(item);
    else list.append(item);
  };

  let cursor = null;
  const load = async () => {
    more.disabled = true;
    const { data } = await api(`/api/alerts?${query({ limit: 50, cursor })}`);
    for (const alert of data.items) add(alert, false);
    cursor = data.nextCursor;
    more.hidden = !cursor;
    more.disabled = false;
    status.textContent = shown.size === 0 ? 'No alerts yet.' : '';
  };
  more.addEventListener('click', () => load().catch((e) => { status.textContent = e.message; }));

  for (const alert of [...alertFeed.recent].reverse()) add(alert, true);
  await load();
  alertFeed.markRead();

  const unsubscribe = alertFeed.subscribe((alert) => {
    add(alert, true);
    status.textContent = '';
    alertFeed.markRead();
  });
  return unsubscribe;
}

function alertItem(alert) {
  const event = alert.data?.event;
  const followUp = alert.data?.followUp;
  const claim = alert.data?.claim;
  return h('li', { class: ['alert', `alert--${alert.kind.replace('.', '-')}`], dataset: { alertId: String(alert.id) } },
    h('p', { class: 'alert__kind' }, ALERT_KINDS[alert.kind] ?? alert.kind, ' · ', instant(alert.createdAt)),
    followUp ? h('p', {}, followUp.description, followUp.due ? ` (due ${edtfWords(followUp.due)})` : '') : null,
    claim ? h('p', {}, h('a', { href: `#/measures/${encodeURIComponent(claim.measure)}` }, alert.data?.measure?.name ?? claim.measure),
      `: ${claim.qualifier} ${claim.value ?? `${claim.low}–${claim.high}`}, as of ${claim.asOf}`) : null,
    event
      ? h('p', { class: 'alert__event' },
        h('a', { href: `#/events/${event.id}` }, event.title),
        ' · ', h('span', { class: 'date' }, edtfWords(event.occurred)))
      : null);
}
