// #/team (admins): the people who signed in, with their roles (change one); the API keys (mint one with a role, see
// prefix, name, role and last use, revoke one, asked twice); the feed tokens; the audit log.
// #/my-keys (a person signed in with the identity provider): their own personal keys, up to their role.
import { api } from '../shared/api.js';
import { h, replace, instant } from '../shared/dom.js';

const ROLES = ['reader', 'editor', 'admin'];

export async function renderTeam(main, _params, ctx) {
  document.title = 'Team · Timeline';
  if (ctx.role !== 'admin') {
    replace(main, h('h1', {}, 'Team'), h('p', {}, 'Managing the team needs an admin.'));
    return;
  }
  const people = h('section', { 'aria-labelledby': 'people-title' }, h('h2', { id: 'people-title' }, 'People'));
  const keys = h('section', { 'aria-labelledby': 'keys-title' }, h('h2', { id: 'keys-title' }, 'API keys'));
  const tokens = h('section', { 'aria-labelledby': 'tokens-title' }, h('h2', { id: 'tokens-title' }, 'Feed tokens'));
  const audit = h('section', { 'aria-labelledby': 'audit-title' }, h('h2', { id: 'audit-title' }, 'Audit log'));
  replace(main, h('h1', {}, 'Team'), people, keys, tokens, audit);
  await Promise.all([
    renderPeople(people),
    renderKeys(keys, { list: '/api/keys', mint: '/api/keys', revoke: (id) => `/api/keys/${id}`, roles: ROLES }),
    renderTokens(tokens),
    renderAudit(audit),
  ]);
}

export async function renderMyKeys(main, _params, ctx) {
  document.title = 'My keys · Timeline';
  const keys = h('section', { 'aria-labelledby': 'keys-title' }, h('h2', { id: 'keys-title' }, 'Personal API keys'));
  replace(main, h('h1', {}, 'My keys'),
    h('p', { class: 'lede' }, 'Keys for your own scripts. A key acts with the role you give it, at most your own; what it records carries its name.'),
    keys);
  await renderKeys(keys, {
    list: '/api/me/keys', mint: '/api/me/keys', revoke: (id) => `/api/me/keys/${id}`,
    roles: ROLES.slice(0, ROLES.indexOf(ctx.role) + 1),
  });
}

async function renderPeople(section) {
  const { data } = await api('/api/people');
  const rows = data.map((p) => {
    const select = h('select', { 'aria-label': `Role of ${p.signature}` },
      h('option', { value: '', selected: p.grantedRole === null }, `as the provider says (${p.claimedRole})`),
      ROLES.map((r) => h('option', { value: r, selected: p.grantedRole === r }, r)));
    const note = h('span', { role: 'status' });
    const save = h('button', { type: 'button' }, 'Change role');
    save.addEventListener('click', async () => {
      try {
        const { data: changed } = await api(`/api/people/${encodeURIComponent(p.id)}/role`, { method: 'PUT', body: { role: select.value || null } });
        role.textContent = changed.role;
        note.textContent = ` Now ${changed.role}.`;
      } catch (error) {
        note.textContent = ` Not changed: ${error.message}`;
      }
    });
    const role = h('td', { class: 'person-role' }, p.role);
    return h('tr', { dataset: { personId: p.id } },
      h('td', {}, p.signature), h('td', {}, p.email ?? ''), role,
      h('td', {}, select, ' ', save, note),
      h('td', {}, instant(p.firstSeenAt)), h('td', {}, instant(p.lastSeenAt)));
  });
  section.append(data.length === 0
    ? h('p', { class: 'muted' }, 'Nobody has signed in with the identity provider yet.')
    : h('table', { class: 'team-table', id: 'people-table' },
      h('thead', {}, h('tr', {}, ['Name', 'E-mail', 'Role', 'Set the role', 'First seen', 'Last seen'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows)));
}

async function renderKeys(section, paths) {
  const body = h('tbody');
  const shown = h('p', { role: 'status', id: 'minted-key' });
  const name = h('input', { id: 'key-name', name: 'name', required: true, autocomplete: 'off', pattern: '[A-Za-z0-9][A-Za-z0-9._\\-]*' });
  const role = h('select', { id: 'key-role', name: 'role' }, paths.roles.map((r) => h('option', { value: r }, r)));
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'mint-key', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'key-name' }, 'Key name'), name),
    h('div', { class: 'field' }, h('label', { for: 'key-role' }, 'Role'), role),
    h('button', { type: 'submit', class: 'primary' }, 'Mint a key'), error, shown);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      const { data: key } = await api(paths.mint, { method: 'POST', body: { name: name.value.trim(), role: role.value } });
      shown.replaceChildren('New key, shown this once: ', h('code', { class: 'secret' }, key.key));
      body.append(keyRow({ ...key, prefix: key.key.slice(0, 7), lastUsedAt: null }, paths));
      name.value = '';
    } catch (err) {
      error.textContent = `Not minted: ${err.message}`;
    }
  });
  const { data } = await api(paths.list);
  for (const key of data) body.append(keyRow(key, paths));
  section.append(
    h('table', { class: 'team-table', id: 'key-table' },
      h('thead', {}, h('tr', {}, ['Name', 'Prefix', 'Role', 'Last used', ''].map((t) => h('th', { scope: 'col' }, t)))),
      body),
    form);
}

/** One key, revoked only when asked twice. */
function keyRow(key, paths) {
  const revoke = h('button', { type: 'button', class: 'danger' }, 'Revoke');
  const row = h('tr', { dataset: { keyId: key.id } },
    h('td', {}, key.name), h('td', {}, h('code', {}, `${key.prefix}…`)), h('td', {}, key.role),
    h('td', {}, key.lastUsedAt ? instant(key.lastUsedAt) : 'never'), h('td', {}, revoke));
  let asked = false;
  revoke.addEventListener('click', async () => {
    if (!asked) {
      asked = true;
      revoke.textContent = `Really revoke “${key.name}”?`;
      return;
    }
    try {
      await api(paths.revoke(encodeURIComponent(key.id)), { method: 'DELETE' });
      row.remove();
    } catch (error) {
      revoke.textContent = `Not revoked: ${error.message}`;
    }
  });
  return row;
}

async function renderTokens(section) {
  const { data } = await api('/api/feed-tokens');
  const rows = data.map((t) => {
    const revoke = h('button', { type: 'button', class: 'danger' }, 'Revoke');
    const row = h('tr', {}, h('td', {}, t.name), h('td', {}, t.scope ?? 'every feed'), h('td', {}, t.keyName ?? ''),
      h('td', {}, t.lastUsedAt ? instant(t.lastUsedAt) : 'never'), h('td', {}, revoke));
    let asked = false;
    revoke.addEventListener('click', async () => {
      if (!asked) {
        asked = true;
        revoke.textContent = `Really revoke “${t.name}”?`;
        return;
      }
      await api(`/api/feed-tokens/${encodeURIComponent(t.id)}`, { method: 'DELETE' });
      row.remove();
    });
    return row;
  });
  section.append(data.length === 0 ? h('p', { class: 'muted' }, 'No feed tokens.')
    : h('table', { class: 'team-table' },
      h('thead', {}, h('tr', {}, ['Name', 'Opens', 'Minted by', 'Last used', ''].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, rows)));
}

async function renderAudit(section) {
  const { data } = await api('/api/audit?limit=100');
  section.append(h('table', { class: 'team-table', id: 'audit-table' },
    h('thead', {}, h('tr', {}, ['When', 'What', 'Who', 'Detail', 'From'].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, data.items.map((e) => h('tr', {},
      h('td', {}, instant(e.at)), h('td', {}, e.action), h('td', {}, e.by ?? '—'), h('td', {}, e.detail), h('td', {}, e.address ?? ''))))));
}
