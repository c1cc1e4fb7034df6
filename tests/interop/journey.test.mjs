// The program / teacher / employer journey against a running BadgeIssuer, as an outside client sees it.
// Run by .ci/run after starting the service the way the README says:
//   BADGEISSUER_URL=http://127.0.0.1:5080 BADGEISSUER_ADMIN_KEY=... node --test tests/interop/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLocalJWKSet, jwtVerify, decodeJwt } from 'jose';
import { adminKey, award, call, readyIssuer } from './service.mjs';

test('the service is up and reports its store', async () => {
  const health = await call('GET', '/health');
  assert.equal(health.status, 200);
  assert.equal(health.json.status, 'ok');
});

test('criteria met: 201 with a credential whose VC-JWT link jose verifies from the JWKS alone', async () => {
  const { issuerId, key, achievementId } = await readyIssuer();
  const issued = await call('POST', `/api/v1/issuers/${issuerId}/awards`, { key, body: award('award-met.json', achievementId) });
  assert.equal(issued.status, 201, issued.text);
  const publicJwt = await call('GET', new URL(issued.json.links.jwt).pathname);
  assert.match(publicJwt.type, /^text\/plain/);
  const jwks = createLocalJWKSet((await call('GET', '/.well-known/jwks.json')).json);
  const { payload, protectedHeader } = await jwtVerify(publicJwt.text, jwks, { algorithms: ['RS256'] });
  assert.equal(protectedHeader.alg, 'RS256');
  assert.equal(payload.iss, issued.json.credential.issuer.id);
  assert.equal(payload.jti, issued.json.credential.id);
  assert.equal(payload.sub, issued.json.credential.credentialSubject.id);
  assert.equal(payload.nbf, Math.floor(Date.parse(issued.json.credential.validFrom) / 1000));
  assert.deepEqual(payload.proof, issued.json.credential.proof);
  assert.equal((await call('GET', new URL(issued.json.links.jwt).pathname)).text, publicJwt.text);
  const publicJson = await call('GET', new URL(issued.json.links.json).pathname);
  assert.deepEqual(publicJson.json, issued.json.credential);
});

test('criteria not met: 422 listing every unmet rule', async () => {
  const { issuerId, key, achievementId } = await readyIssuer();
  const refused = await call('POST', `/api/v1/issuers/${issuerId}/awards`, { key, body: award('award-unmet.json', achievementId) });
  assert.equal(refused.status, 422);
  assert.match(refused.type, /application\/problem\+json/);
  assert.deepEqual(refused.json.errors.map((e) => e.code), ['level-too-low', 'result-missing', 'too-little-evidence']);
});

test('idempotent: a retry with the same Idempotency-Key returns the same award', async () => {
  const { issuerId, key, achievementId } = await readyIssuer();
  const body = award('award-met.json', achievementId);
  const first = await call('POST', `/api/v1/issuers/${issuerId}/awards`, { key, body, headers: { 'idempotency-key': 'retry-1' } });
  const second = await call('POST', `/api/v1/issuers/${issuerId}/awards`, { key, body, headers: { 'idempotency-key': 'retry-1' } });
  assert.equal(first.status, 201);
  assert.equal(second.status, 201);
  assert.equal(second.json.id, first.json.id);
});

test('cross-issuer: 404; no key: 401; wrong scope: 403', async () => {
  const a = await readyIssuer();
  const b = await readyIssuer();
  const cross = await call('POST', `/api/v1/issuers/${a.issuerId}/awards`, { key: b.key, body: award('award-met.json', a.achievementId) });
  assert.equal(cross.status, 404);
  const anonymous = await call('POST', `/api/v1/issuers/${a.issuerId}/awards`, { body: award('award-met.json', a.achievementId) });
  assert.equal(anonymous.status, 401);
  const reader = await call('POST', '/api/v1/clients', { key: adminKey, body: { issuerId: a.issuerId, scopes: ['awards:read'] } });
  const forbidden = await call('POST', `/api/v1/issuers/${a.issuerId}/awards`, { key: reader.json.apiKey, body: award('award-met.json', a.achievementId) });
  assert.equal(forbidden.status, 403);
});

test('verify: our JWT is valid; a tampered payload is invalid with a failed signature check', async () => {
  const { issuerId, key, achievementId } = await readyIssuer();
  const issued = await call('POST', `/api/v1/issuers/${issuerId}/awards`, { key, body: award('award-met.json', achievementId) });
  const jwt = (await call('GET', new URL(issued.json.links.jwt).pathname)).text;
  const good = await call('POST', '/api/v1/verify', { body: jwt, type: 'text/plain' });
  assert.equal(good.status, 200);
  assert.equal(good.json.status, 'valid', good.text);

  const [h, , s] = jwt.split('.');
  const payload = decodeJwt(jwt);
  payload.credentialSubject.achievement.name = 'Doctor of Everything';
  const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
  const bad = await call('POST', '/api/v1/verify', { body: tampered, type: 'application/jwt' });
  assert.equal(bad.status, 200);
  assert.equal(bad.json.verified, false);
  assert.equal(bad.json.status, 'invalid');
  assert.equal(bad.json.checks.find((c) => c.check === 'signature').status, 'failed');
});
