// A real OpenID Connect provider for the sign-in tests: oidc-provider (OpenID Certified), on loopback, with its own
// login page (any password is accepted: the login name chooses the person). Discovery, keys, the token and userinfo
// endpoints are the library's own. It prints one line, {"issuer": "..."}, once it listens, and runs until killed.
//
//   node provider.mjs <client_id> <client_secret>
//
// Who can sign in (login name → claims). "roles" carries the Timeline role, as a provider's role or group claim would.
import http from 'node:http';
import Provider from 'oidc-provider';

const [clientId, clientSecret] = process.argv.slice(2);
if (!clientId || !clientSecret) {
  console.error('usage: node provider.mjs <client_id> <client_secret>');
  process.exit(2);
}

const people = {
  rita: { name: 'Rita Reader', email: 'rita@example.org', roles: ['reader'] },
  eddie: { name: 'Eddie Editor', email: 'eddie@example.org', roles: ['staff', 'editor'] },
  ada: { name: 'Ada Admin', email: 'ada@example.org', roles: ['admin'] },
  // Two people with one name: attribution must tell them apart.
  kim1: { name: 'Kim Lee', email: 'kim.lee@example.org', roles: ['editor'] },
  kim2: { name: 'Kim Lee', email: 'kim.lee@example.net', roles: ['editor'] },
  // No role claim at all: a Timeline configured to read one refuses to sign her in.
  nora: { name: 'Nora Norole', email: 'nora@example.org' },
};

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    // Registered without a port: the Timeline under test listens on a free loopback port (see below).
    redirect_uris: ['http://127.0.0.1/signin-oidc'],
    post_logout_redirect_uris: ['http://127.0.0.1/'],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  // Authorization code only with PKCE (S256), for every client.
  pkce: { required: () => true },
  cookies: { keys: ['sign-in-tests-only'] },
  claims: { openid: ['sub'], profile: ['name', 'roles'], email: ['email', 'email_verified'] },
  features: { devInteractions: { enabled: true } },
  // The client is first-party: no consent screen after the login page.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile email');
    grant.addOIDCClaims(['name', 'email', 'email_verified', 'roles']);
    await grant.save();
    return grant;
  },
  async findAccount(ctx, id) {
    const person = people[id] ?? { name: id, email: `${id}@example.org`, roles: [] };
    return {
      accountId: id,
      async claims() {
        return { sub: id, name: person.name, email: person.email, email_verified: true, ...(person.roles ? { roles: person.roles } : {}) };
      },
    };
  },
});
// The Timeline under test is on a port chosen when it starts: any loopback port is its address (as RFC 8252 allows
// native apps), the path must match.
const registered = provider.Client.prototype.redirectUriAllowed;
provider.Client.prototype.redirectUriAllowed = function allowed(value) {
  const url = URL.canParse(value) ? new URL(value) : null;
  return registered.call(this, value) || (url?.protocol === 'http:' && url.hostname === '127.0.0.1' && url.pathname === '/signin-oidc' && !url.search);
};
server.on('request', provider.callback());
console.log(JSON.stringify({ issuer }));
