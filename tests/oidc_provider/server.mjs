// A real OpenID Connect provider for the test suite: panva's certified `oidc-provider`, on
// loopback, issuing ORCID-shaped subjects the way orcid.org does (`sub` is the bare iD).
//
// What differs from a production provider is only how a person signs in: there is no login form.
// The interaction handler below signs in the account named by the authorization request's
// `login_hint` (any ORCID-shaped iD), or the default account, and grants the consent asked for,
// so that a browserless test client can complete authorization code + PKCE. Everything else
// (clients and their secrets, redirect URI checks, PKCE, single-use codes, signed ID tokens with
// aud/nonce/iss, discovery and JWKS) is the library's own.
//
// Configured by one JSON document in the environment variable OIDC_PROVIDER_CONFIG:
//   { "clients": [{client_id, client_secret, redirect_uris}, ...],
//     "defaultAccount": "0000-0002-1825-0097", "readyFile": "/tmp/.../ready.json",
//     "host": "127.0.0.1", "port": 0 }
// It listens (port 0: a free port chosen by the system), then writes {"issuer": ...} to readyFile.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync, renameSync } from 'node:fs';
import http from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(process.env.OIDC_PROVIDER_CONFIG ?? '{}');
const host = config.host ?? '127.0.0.1';
const ORCID = /^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/;
const DENY = 'deny'; // login_hint=deny: the person refuses (the provider answers access_denied)

const accounts = new Map(Object.entries(config.accounts ?? {}));
function accountFor(orcid) {
  const name = accounts.get(orcid) ?? `Researcher ${orcid}`;
  const [given, ...family] = name.split(' ');
  return {
    accountId: orcid,
    async claims() {
      return { sub: orcid, name, given_name: given, family_name: family.join(' ') };
    },
  };
}

function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };
}

let provider; // built once the port is known: the issuer names it
const server = http.createServer((req, res) => {
  const match = /^\/interaction\/([\w-]+)$/.exec(new URL(req.url, 'http://x').pathname);
  if (match && req.method === 'GET') {
    interact(req, res).catch((error) => {
      res.statusCode = 400;
      res.setHeader('Content-Type', 'text/plain');
      res.end(`interaction failed: ${error.message}`);
    });
    return;
  }
  provider.callback()(req, res);
});

async function interact(req, res) {
  const { prompt, params, session, grantId } = await provider.interactionDetails(req, res);
  if (prompt.name === 'login') {
    if (params.login_hint === DENY) {
      await provider.interactionFinished(req, res, {
        error: 'access_denied', error_description: 'The person declined to sign in',
      }, { mergeWithLastSubmission: false });
      return;
    }
    const hint = params.login_hint;
    const accountId = hint && ORCID.test(hint) ? hint : config.defaultAccount;
    await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
    return;
  }
  if (prompt.name === 'consent') {
    const grant = grantId
      ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const { details } = prompt;
    if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
    if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
    const result = { consent: { grantId: await grant.save() } };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
    return;
  }
  throw new Error(`prompt ${prompt.name} is not handled`);
}

server.listen(config.port ?? 0, host, () => {
  const { port } = server.address();
  const issuer = `http://${host}:${port}`;
  provider = new Provider(issuer, {
    clients: (config.clients ?? []).map((client) => ({
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
      ...client,
    })),
    findAccount: async (_ctx, sub) => (ORCID.test(sub) ? accountFor(sub) : undefined),
    // orcid.org puts the public names in the ID token of scope `openid`; so does this provider.
    claims: { openid: ['sub', 'name', 'given_name', 'family_name'] },
    conformIdTokenClaims: false,
    jwks: { keys: [signingKey()] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  });
  provider.on('server_error', (_ctx, error) => console.error('server_error', error));
  const ready = JSON.stringify({ issuer, pid: process.pid });
  if (config.readyFile) {
    writeFileSync(`${config.readyFile}.tmp`, ready);
    renameSync(`${config.readyFile}.tmp`, config.readyFile); // readers never see half a file
  }
  console.log(`listening: ${ready}`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => process.exit(0));
}
