// serve.mjs runs panva's oidc-provider over TLS on 127.0.0.1 for the
// espo-oidc end-to-end tests. Usage: node serve.mjs CONFIG.json
//
// CONFIG (written by the Go tests):
//   port            0 for any free port
//   cert, key       PEM files of the TLS server certificate
//   clockOffset     seconds added to this process's clock (negative: behind)
//   idTokenTTL      ID token lifetime in seconds
//   idTokenAlgs     algorithms the provider may sign ID tokens with
//   clientAuthMethods  token endpoint client authentication methods
//   conformIdTokenClaims  true: scope claims only at userinfo (the default)
//   clients         oidc-provider client metadata
//   accounts        { login: { claims } }
//
// It prints one line {"issuer": "..."} on stdout when it listens, and
// serves until stdin closes or it is killed. It never contacts anything.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';

const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));

// The provider's clock: every Date.now() and new Date() of this process,
// including the Date header set below, is shifted by clockOffset seconds.
const offsetMs = (cfg.clockOffset || 0) * 1000;
if (offsetMs !== 0) {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...args);
    }

    static now() { return RealDate.now() + offsetMs; }
  }
  globalThis.Date = ShiftedDate;
}

const { default: Provider } = await import('oidc-provider');
const { generateKeyPair, exportJWK } = await import('jose');

// Signing keys: one per algorithm the provider may use, each with a kid.
const keys = [];
for (const alg of cfg.idTokenAlgs) {
  const { privateKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  keys.push({ ...jwk, alg, use: 'sig', kid: `${alg.toLowerCase()}-e2e` });
}

const accounts = cfg.accounts || {};

const server = createServer({
  cert: readFileSync(cfg.cert),
  key: readFileSync(cfg.key),
});
server.listen(cfg.port || 0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `https://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: cfg.clients,
    jwks: { keys },
    clientAuthMethods: cfg.clientAuthMethods,
    enabledJWA: { idTokenSigningAlgValues: cfg.idTokenAlgs },
    conformIdTokenClaims: cfg.conformIdTokenClaims !== false,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    features: {
      devInteractions: { enabled: true }, // the provider's own login and consent pages
      clientCredentials: { enabled: true },
      claimsParameter: { enabled: true },
      userinfo: { enabled: true },
    },
    pkce: { required: () => false },
    ttl: { IdToken: cfg.idTokenTTL || 3600, AccessToken: 3600 },
    cookies: { keys: ['e2e-cookie-key-0123456789abcdef'] },
    async findAccount(ctx, id) {
      const acc = accounts[id];
      if (!acc) return undefined;
      return {
        accountId: id,
        async claims() { return { sub: id, ...acc }; },
      };
    },
  });
  provider.use(async (ctx, next) => {
    await next();
    ctx.set('Date', new Date().toUTCString()); // the shifted clock
  });
  provider.on('server_error', (ctx, err) => { process.stderr.write(`server_error: ${err.stack}\n`); });
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
