// Talking to the API: the key (kept in sessionStorage, or localStorage when remembered) goes in the
// Authorization header of every call and never into a URL. A person signed in with the identity provider has no key:
// the browser sends the session cookie (HttpOnly, so no script here can read it), and every write carries the
// anti-forgery token GET /api/me gave this page, which another site cannot read.

const KEY = 'timeline.apiKey';

/** An answer that was not 2xx, with its problem details (RFC 9457) when the API sent them. */
export class ApiError extends Error {
  constructor(status, problem, response) {
    super(problem?.detail || problem?.title || `the API answered ${status}`);
    this.status = status;
    this.problem = problem ?? {};
    this.response = response;
  }

  /** Field errors keyed as the API writes them: "occurred", "sources[0].url". */
  get errors() {
    return this.problem.errors ?? {};
  }
}

let antiforgery = null;

export const session = {
  /** The anti-forgery token of a person's session (kept in memory only); null when signed in with a key. */
  get antiforgery() {
    return antiforgery;
  },
  set antiforgery(token) {
    antiforgery = token;
  },
  /** Signed in at all: with a key, or as a person by the session cookie. */
  get signedIn() {
    return Boolean(this.key || antiforgery);
  },
  get key() {
    return sessionStorage.getItem(KEY) ?? localStorage.getItem(KEY);
  },
  /** @param {string} key @param {boolean} remember keep it across browser sessions on this device */
  store(key, remember) {
    sessionStorage.setItem(KEY, key);
    if (remember) localStorage.setItem(KEY, key);
    else localStorage.removeItem(KEY);
  },
  clear() {
    antiforgery = null;
    sessionStorage.removeItem(KEY);
    localStorage.removeItem(KEY);
  },
};

// The consistency token of this page's last write: reads send it back, so that with queries on a replica the page
// never shows older data than it just saved (the read waits for the replica, or the primary answers it).
let lastWrite = null;

/**
 * Calls the API. Resolves to { data, etag, status, response } for 2xx; rejects with ApiError otherwise.
 * A 401 means the key is no longer good: the page signs out (listeners of "timeline:unauthorized"). A 403 means
 * the key's role is smaller than assumed: the page is shown as a reader sees it (listeners of "timeline:forbidden").
 */
export async function api(path, { method = 'GET', body, headers = {}, signal, key = session.key, contentType = 'application/json' } = {}) {
  const init = { method, signal, headers: { Accept: 'application/json, application/problem+json', ...headers } };
  if (key) init.headers.Authorization = `Bearer ${key}`;
  else if (antiforgery && method !== 'GET') init.headers['X-Timeline-Antiforgery'] = antiforgery;
  if (method === 'GET' && lastWrite) init.headers['Timeline-Consistency'] = lastWrite;
  if (body !== undefined) {
    init.headers['Content-Type'] = contentType;
    init.body = JSON.stringify(body);
  }

  const response = await fetch(path, init);
  lastWrite = response.headers.get('Timeline-Consistency') ?? lastWrite;
  const type = response.headers.get('Content-Type') ?? '';
  const data = response.status === 204 ? null : type.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    // Said once here for every view: a 401 means the key is no longer good, a 403 that its role is smaller than the
    // page assumed. Not for a key being tried (signing in), which is not yet the session's.
    if (response.status === 401 && key === session.key && session.signedIn) {
      window.dispatchEvent(new CustomEvent('timeline:unauthorized'));
    }
    if (response.status === 403 && key === session.key && session.signedIn) {
      window.dispatchEvent(new CustomEvent('timeline:forbidden'));
    }
    throw new ApiError(response.status, typeof data === 'object' ? data : { detail: data || response.statusText }, response);
  }
  return { data, etag: response.headers.get('ETag'), status: response.status, response };
}

/** Query string from an object; arrays repeat the name (actor=KP&actor=RU), empty values are left out. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== undefined && v !== null && v !== '') q.append(name, v);
    }
  }
  return q.toString();
}

/** A random id for Idempotency-Key (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function randomId() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

let actorsPromise = null;

/** The known actors, read once per page load. */
export function actors() {
  actorsPromise ??= api('/api/actors?limit=500').then((r) => r.data.items).catch((e) => {
    actorsPromise = null;
    throw e;
  });
  return actorsPromise;
}

export function forgetActors() {
  actorsPromise = null;
}

const eventCache = new Map();

/** One event by id, cached for titles of related and fulfilling events; null when it cannot be read. */
export function eventTitle(id) {
  if (!eventCache.has(id)) {
    eventCache.set(id, api(`/api/events/${encodeURIComponent(id)}`).then((r) => r.data).catch(() => null));
  }
  return eventCache.get(id);
}

export function forgetEvent(id) {
  eventCache.delete(id);
}
