// The page: sign-in, the hash router (#/, #/events/<id>, #/events/<id>/amend, #/actors/<code>, #/record, #/follow-ups,
// #/alerts, #/subscriptions) and the header. The timeline's filters live in the query string, named as the API names them.
import { api, session, ApiError, forgetActors } from './shared/api.js';
import { h, replace } from './shared/dom.js';
import { alertFeed } from './shared/alert-feed.js';
import { renderTimeline } from './views/timeline.js';
import { renderEvent } from './views/event-page.js';
import { renderEventForm } from './views/event-form.js';
import { renderActor } from './views/actor-page.js';
import { renderFollowUps } from './views/follow-ups.js';
import { renderAlerts } from './views/alerts-page.js';
import { renderSubscriptions } from './views/subscriptions-page.js';
import { markReturning } from './views/timeline-place.js';
import { renderMeasures, renderMeasure } from './views/measures-page.js';
import { renderTeam, renderMyKeys } from './views/team-page.js';
import { renderLeads } from './views/leads-page.js';
import { renderWatches } from './views/watches-page.js';
import { leadCount } from './shared/lead-count.js';

const main = document.getElementById('main');
const announcer = document.getElementById('announcer');

/** What views share: the role, a way to announce, and whether the caller may write. */
export const ctx = {
  role: '',
  canEdit() {
    return ctx.role === 'editor' || ctx.role === 'admin';
  },
  /** Says something to screen readers through the polite live region. */
  announce(text) {
    announcer.textContent = '';
    // A fresh text node after a tick, so the same message twice is announced twice.
    setTimeout(() => { announcer.textContent = text; }, 50);
  },
  /** Renders the current view again, as after a navigation (its old state cleaned up first). */
  reload() {
    return route();
  },
};

let cleanup = null;
let firstRender = true;

const routes = [
  [/^#\/?$/, () => renderTimeline],
  [/^#\/events\/([0-9a-f-]{36})$/i, () => renderEvent],
  [/^#\/events\/([0-9a-f-]{36})\/amend$/i, () => renderEventForm],
  [/^#\/actors\/([A-Za-z0-9-]{1,64})$/, () => renderActor],
  [/^#\/record$/, () => renderEventForm],
  [/^#\/follow-ups$/, () => renderFollowUps],
  [/^#\/alerts$/, () => renderAlerts],
  [/^#\/subscriptions$/, () => renderSubscriptions],
  [/^#\/measures$/, () => renderMeasures],
  [/^#\/measures\/([a-z0-9-]{1,100})$/, () => renderMeasure],
  [/^#\/team$/, () => renderTeam],
  [/^#\/my-keys$/, () => renderMyKeys],
  [/^#\/leads(?:\?.*)?$/, () => renderLeads],
  [/^#\/leads\/([0-9a-f-]{36})\/record$/i, () => (main, [lead], context) => renderEventForm(main, [undefined, lead], context)],
  [/^#\/watches$/, () => renderWatches],
];

async function route() {
  if (cleanup) {
    try { cleanup(); } catch { /* a view's cleanup must not stop the next view */ }
    cleanup = null;
  }
  if (!session.signedIn) {
    showSignIn();
    return;
  }

  const hash = location.hash || '#/';
  const found = routes.find(([pattern]) => pattern.test(hash));
  markNav(hash);
  if (!found) {
    document.title = 'Not found · Timeline';
    replace(main, h('h1', { tabindex: '-1' }, 'Nothing here'), h('p', {}, h('a', { href: '#/', 'data-back-to-timeline': true }, 'Back to the timeline')));
    focusHeading();
    return;
  }
  const [pattern, view] = found;
  const params = hash.match(pattern).slice(1);
  main.setAttribute('aria-busy', 'true');
  try {
    cleanup = (await view()(main, params, ctx)) ?? null;
  } catch (error) {
    showFailure(error);
  } finally {
    main.removeAttribute('aria-busy');
  }
  focusHeading();
}

/** After a navigation (not the first load), focus moves to the new view's heading so it is announced. */
function focusHeading() {
  if (firstRender) {
    firstRender = false;
    return;
  }
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  }
}

function showFailure(error) {
  if (error instanceof ApiError && error.status === 401) return;
  replace(main,
    h('h1', { tabindex: '-1' }, error instanceof ApiError && error.status === 404 ? 'Not found' : 'Something went wrong'),
    h('p', { class: 'error', role: 'alert' }, error.message),
    h('p', {}, h('a', { href: '#/', 'data-back-to-timeline': true }, 'Back to the timeline')));
}

function markNav(hash) {
  const name = hash.startsWith('#/events') || hash.startsWith('#/actors') ? '' : hash === '#/record' ? 'record' : hash === '#/follow-ups' ? 'follow-ups' : hash === '#/alerts' ? 'alerts' : hash === '#/subscriptions' ? 'subscriptions' : hash.startsWith('#/measures') ? 'measures' : hash === '#/team' ? 'team' : hash === '#/my-keys' ? 'my-keys' : hash.startsWith('#/leads') || hash === '#/watches' ? 'leads' : 'timeline';
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

// --- sign-in ---------------------------------------------------------------

/** Whether the page offers sign-in with an identity provider (GET /signin/options), read once. */
let signInChoices = null;
function choices() {
  signInChoices ??= fetch('/signin/options', { headers: { Accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
  return signInChoices;
}

/** What the provider's sign-in came back with (?sign-in=…), in words; the address is tidied up. */
function providerOutcome(options) {
  const outcome = new URLSearchParams(location.search).get('sign-in');
  if (!outcome) return null;
  history.replaceState(null, '', location.pathname + location.hash);
  return outcome === 'role-claim'
    ? `Sign-in was refused: ${options.provider} sent no “${options.roleClaim}” claim, which Timeline reads for your role. `
      + 'An admin must map the roles into that claim at the provider, or change Timeline:Oidc:RoleClaim.'
    : `Sign-in with ${options.provider} did not complete. Try again; if it keeps failing, an admin finds why in the audit log.`;
}

async function showSignIn(message) {
  document.title = 'Sign in · Timeline';
  setSignedIn(false);
  const options = await choices();
  message = (options.provider ? providerOutcome(options) : null) ?? message;
  const error = h('p', { class: 'error', id: 'sign-in-error', role: 'alert' }, message ?? '');
  const key = h('input', {
    id: 'api-key', name: 'key', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
    'aria-describedby': 'api-key-help sign-in-error',
  });
  const remember = h('input', { id: 'remember', name: 'remember', type: 'checkbox' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const provider = options.provider
    ? h('div', { class: 'sign-in__provider' },
      h('a', { class: 'button primary', href: '/signin', id: 'sign-in-provider' }, `Sign in with ${options.provider}`),
      h('p', { class: 'help' }, 'Or, without an account there, use an API key:'))
    : null;
  const form = h('form', { class: 'sign-in card', 'aria-labelledby': 'sign-in-title', novalidate: true },
    h('h1', { id: 'sign-in-title' }, 'Sign in'),
    provider,
    h('div', { class: 'field' },
      h('label', { for: 'api-key' }, 'API key'),
      key,
      h('p', { class: 'help', id: 'api-key-help' },
        'Paste the API key you were given (it starts with tl_). It is kept in this browser tab only and sent with each request, never in an address.')),
    h('div', { class: 'field field--inline' }, remember, h('label', { for: 'remember' }, 'Remember it on this device')),
    button,
    error);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = key.value.trim();
    if (!value) {
      error.textContent = 'Paste an API key first.';
      key.setAttribute('aria-invalid', 'true');
      key.focus();
      return;
    }
    button.disabled = true;
    error.textContent = '';
    try {
      await api('/api/actors', { key: value });
      session.store(value, remember.checked);
      firstRender = false; // the sign-in form goes away: focus moves to the view's heading
      await start();
    } catch (err) {
      key.setAttribute('aria-invalid', 'true');
      error.textContent = err instanceof ApiError && err.status === 401
        ? 'That key was not accepted: it is unknown or has been revoked.'
        : `Could not sign in: ${err.message}`;
      key.focus();
    } finally {
      button.disabled = false;
    }
  });
  replace(main, form);
  if (!options.provider) key.focus();
}

function setSignedIn(signedIn) {
  document.getElementById('main-nav').hidden = !signedIn;
  document.getElementById('who').hidden = !signedIn;
  if (!signedIn) setRole('');
}

function setRole(role) {
  ctx.role = role;
  document.body.dataset.role = role;
  const who = ctx.person ? `Signed in as ${ctx.person}` : 'Signed in';
  document.getElementById('who-role').textContent = role ? `${who} · ${role}` : who;
}

/** Who is signed in, as GET /api/me tells it: the role, and for a person their name. */
async function detectRole() {
  try {
    const { data: me } = await api('/api/me');
    ctx.person = me?.kind === 'person' ? me.name : null;
    document.body.dataset.person = ctx.person ? 'yes' : '';
    return ['reader', 'editor', 'admin'].includes(me?.role) ? me.role : '';
  } catch {
    return '';
  }
}

/** A session cookie from the identity provider, if there is one: GET /api/me answers without a key. */
async function resumePersonSession() {
  const options = await choices();
  if (!options.provider) return false;
  const response = await fetch('/api/me', { headers: { Accept: 'application/json' } }).catch(() => null);
  if (!response?.ok) return false;
  const me = await response.json();
  if (me?.kind !== 'person' || !me.antiforgery) return false;
  session.antiforgery = me.antiforgery;
  return true;
}

async function start() {
  setSignedIn(true);
  setRole(await detectRole());
  alertFeed.start();
  leadCount.start(document.getElementById('lead-badge'));
  await route();
}

async function signOut(message) {
  alertFeed.stop();
  if (!session.key && session.antiforgery) {
    // The person's sessions end at the server; the cookie goes with the answer.
    await api('/signout', { method: 'POST' }).catch(() => null);
  }
  leadCount.stop();
  session.clear();
  ctx.person = null;
  document.body.dataset.person = '';
  forgetActors();
  if (cleanup) {
    try { cleanup(); } catch { /* ignore */ }
    cleanup = null;
  }
  showSignIn(message);
}

document.getElementById('sign-out').addEventListener('click', () => signOut('Signed out.'));
// A 403 means the key's role is smaller than assumed: the page is shown as a reader sees it.
window.addEventListener('timeline:forbidden', () => setRole('reader'));
window.addEventListener('timeline:unauthorized', () => signOut(ctx.person
  ? 'Your session has ended. Sign in again.'
  : 'The API no longer accepts this key (unknown or revoked). Sign in again.'));
// Fragment navigations fire popstate too (and so do back/forward over the timeline's filter changes).
window.addEventListener('popstate', () => route());
// The timeline puts its own scroll back when it is returned to (see timeline-place.js); the browser's would land on
// the previous view's shorter page.
history.scrollRestoration = 'manual';
// A "Back to the timeline" link returns to where the timeline was left, as the browser's Back does.
document.addEventListener('click', (e) => {
  if (e.target instanceof Element && e.target.closest('a[data-back-to-timeline]')) markReturning();
});
document.getElementById('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});

alertFeed.onChange = ({ unread, state }) => {
  const badge = document.getElementById('alert-badge');
  badge.textContent = String(unread);
  badge.hidden = unread === 0;
  badge.setAttribute('aria-label', `${unread} unread`);
  const link = document.getElementById('alerts-link');
  link.dataset.alertsState = state;
  link.title = { live: 'Alerts arrive live', polling: 'Alerts are checked every few seconds', connecting: 'Connecting to the alert stream…', off: '' }[state] ?? '';
};
alertFeed.onAlert = (alert, words) => ctx.announce(`New alert: ${words}`);

if (session.key) {
  start();
} else {
  resumePersonSession().then((resumed) => (resumed ? start() : showSignIn()));
}
