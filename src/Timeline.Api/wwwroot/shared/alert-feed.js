// Alerts arriving live from GET /api/alerts/stream (Server-Sent Events). EventSource cannot send an
// Authorization header, so the stream is read with fetch and parsed here; it reconnects with Last-Event-ID.
// Where the stream is not available, GET /api/alerts is polled instead.
import { api, query, session } from './api.js';
import { ALERT_KINDS } from './vocab.js';

const LAST_ID = 'timeline.lastAlertId';
const UNREAD = 'timeline.unreadAlerts';
const POLL_MS = 10_000;


/** One line about an alert: its kind in words and what it is about. */
export function alertWords(alert) {
  const kind = ALERT_KINDS[alert.kind] ?? alert.kind;
  const claim = alert.data?.claim;
  const about = alert.kind.startsWith('followup.') ? alert.data?.followUp?.description
    : claim ? `${alert.data?.measure?.name ?? claim.measure}: ${claim.qualifier} ${claim.value ?? `${claim.low}–${claim.high}`}`
      : alert.data?.event?.title;
  return about ? `${kind}: ${about}` : kind;
}

const sleep = (ms, signal) => new Promise((resolve) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
});

class AlertFeed {
  constructor() {
    this.running = false;
    this.state = 'off';
    this.unread = 0;
    this.retry = 3000;
    /** Alerts seen since sign-in, newest first. */
    this.recent = [];
    this.listeners = new Set();
    this.onChange = () => {};
    this.onAlert = () => {};
  }

  get lastId() {
    return Number(sessionStorage.getItem(LAST_ID) ?? 0);
  }

  set lastId(id) {
    sessionStorage.setItem(LAST_ID, String(id));
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.unread = Number(sessionStorage.getItem(UNREAD) ?? 0);
    this.stopper = new AbortController();
    this.changed();
    this.loop();
  }

  stop() {
    this.running = false;
    this.stopper?.abort();
    this.recent = [];
    this.unread = 0;
    sessionStorage.removeItem(LAST_ID);
    sessionStorage.removeItem(UNREAD);
    this.setState('off');
  }

  markRead() {
    this.unread = 0;
    sessionStorage.setItem(UNREAD, '0');
    this.changed();
  }

  /** Calls fn(alert) for each new alert until the returned function is called. */
  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  setState(state) {
    this.state = state;
    this.changed();
  }

  changed() {
    this.onChange({ unread: this.unread, state: this.state });
  }

  async loop() {
    const stop = this.stopper.signal;
    while (this.running && !stop.aborted) {
      this.setState('connecting');
      let fallBack = false;
      try {
        // A fresh page wants what happens from now on: the newest alert now is where it starts, and every
        // (re)connection after that resumes from the last alert seen, so none is missed in between.
        if (sessionStorage.getItem(LAST_ID) === null) {
          const { data } = await api(`/api/alerts?${query({ limit: 1 })}`, { signal: stop });
          this.lastId = data.items[0]?.id ?? 0;
        }
        const headers = { Accept: 'text/event-stream', ...(session.key ? { Authorization: `Bearer ${session.key}` } : {}), 'Last-Event-ID': String(this.lastId) };
        const response = await fetch('/api/alerts/stream', { headers, signal: stop, cache: 'no-store' });
        if (response.status === 401) {
          window.dispatchEvent(new CustomEvent('timeline:unauthorized'));
          return;
        }
        if ([404, 405, 501].includes(response.status) || !response.body) {
          fallBack = true;
        } else if (response.ok) {
          this.setState('live');
          await this.read(response.body);
        }
      } catch {
        // The connection failed or dropped: retry below.
      }
      if (!this.running || stop.aborted) return;
      if (fallBack) {
        await this.poll(stop);
        return;
      }
      this.setState('connecting');
      await sleep(this.retry, stop);
    }
  }

  /** Reads the event stream: "id:", "event:", "data:", "retry:" lines; a blank line ends an event. */
  async read(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let event = { id: null, data: [] };
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        if (line === '') {
          if (event.data.length > 0) this.dispatch(event);
          event = { id: null, data: [] };
          continue;
        }
        if (line.startsWith(':')) continue; // a comment (keep-alive)
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') event.id = text;
        else if (field === 'data') event.data.push(text);
        else if (field === 'retry' && /^\d+$/.test(text)) this.retry = Number(text);
      }
    }
  }

  dispatch(event) {
    let alert;
    try {
      alert = JSON.parse(event.data.join('\n'));
    } catch {
      return;
    }
    if (event.id !== null && /^\d+$/.test(event.id)) alert.id ??= Number(event.id);
    this.deliver(alert);
  }

  deliver(alert) {
    if (alert.id <= this.lastId) return; // already seen
    this.lastId = alert.id;
    this.recent.unshift(alert);
    this.recent.length = Math.min(this.recent.length, 200);
    this.unread += 1;
    sessionStorage.setItem(UNREAD, String(this.unread));
    this.changed();
    this.onAlert(alert, alertWords(alert));
    for (const fn of this.listeners) fn(alert);
  }

  /** Without the stream: newest alerts every few seconds, those after the last one seen delivered in order. */
  async poll(stop) {
    this.setState('polling');
    while (this.running && !stop.aborted) {
      try {
        const { data } = await api(`/api/alerts?${query({ limit: 100 })}`, { signal: stop });
        for (const alert of data.items.filter((a) => a.id > this.lastId).reverse()) this.deliver(alert);
      } catch {
        // try again at the next tick
      }
      await sleep(POLL_MS, stop);
    }
  }
}

export const alertFeed = new AlertFeed();
