// A wallet of OpenID for Verifiable Credential Issuance 1.0 (pre-authorized code flow) against a running BadgeIssuer,
// built on jose for its keys and key proofs: it takes the offer from the claim page as a browser shows it (the form's
// POST, the offer link and the transaction code read from the page), reads the offer and the metadata, trades the code
// for a token, asks for a nonce, and gets the badge bound to its DID; the credential then verifies in the Digital
// Bazaar stack and at the service, and its VC-JWT form names the DID too. And the refusals a wallet must see: a wrong
// tx_code (locked after five), a replayed code, a proof for a nonce that is not (or no longer) the issuer's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SignJWT, createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { documentLoader } from './our-documents.mjs';
import { call, issue } from './service.mjs';

const grant = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
const path = (url) => { const u = new URL(url); return u.pathname + u.search; };
const form = (fields) => new URLSearchParams(fields).toString();
const htmlDecode = (text) => text.replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d))).replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Issues a badge and does what its holder does on the claim page: presses "Add with an OpenID4VCI wallet". */
async function offerFromTheClaimPage() {
  const award = await issue();
  assert.ok(award.links.claim, 'an unclaimed award carries links.claim');
  const claimPage = await call('GET', path(award.links.claim), { headers: { accept: 'text/html' } });
  assert.equal(claimPage.status, 200, claimPage.text);
  const action = htmlDecode(claimPage.text.match(/<form method="post" action="([^"]+\/oid4vci)"/)[1]);
  const page = await call('POST', path(action), { body: '', type: 'application/x-www-form-urlencoded' });
  assert.equal(page.status, 200, page.text);
  assert.match(page.type, /^text\/html/);
  assert.equal(page.headers.get('cache-control'), 'no-store');
  const offerUri = htmlDecode(page.text.match(/href="(openid-credential-offer:\/\/[^"]+)"/)[1]);
  const txCode = page.text.match(/<strong>(\d{6})<\/strong>/)[1];
  return { award, offerUri, txCode };
}

/** What a wallet does with a scanned offer URI: fetch the offer, the issuer's metadata and its authorization server's. */
async function readOffer(offerUri) {
  const offerUrl = new URL(offerUri).searchParams.get('credential_offer_uri');
  const offer = await call('GET', path(offerUrl));
  assert.equal(offer.status, 200, offer.text);
  const issuer = offer.json.credential_issuer;
  const metadata = (await call('GET', path(`${issuer}/.well-known/openid-credential-issuer`))).json;
  const server = (await call('GET', path(`${issuer}/.well-known/oauth-authorization-server`))).json;
  return { offer: offer.json, issuer, metadata, server, code: offer.json.grants[grant]['pre-authorized_code'] };
}

const token = (server, code, txCode) => call('POST', path(server.token_endpoint), {
  body: form({ grant_type: grant, 'pre-authorized_code': code, ...(txCode === undefined ? {} : { tx_code: txCode }) }),
  type: 'application/x-www-form-urlencoded',
});

const nonce = async (metadata) => (await call('POST', path(metadata.nonce_endpoint))).json.c_nonce;

/** An Ed25519 wallet key named by did:key in the proof's kid. */
async function ed25519Wallet() {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = await exportJWK(publicKey);
  const { publicKeyMultibase } = await Ed25519Multikey.fromJwk({ jwk });
  const did = `did:key:${publicKeyMultibase}`;
  return { did, alg: 'EdDSA', privateKey, header: { kid: `${did}#${publicKeyMultibase}` } };
}

/** A P-256 wallet key sent as jwk in the proof's header; the issuer names it did:jwk (its required members, in order). */
async function p256Wallet() {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  const did = `did:jwk:${Buffer.from(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })).toString('base64url')}`;
  return { did, alg: 'ES256', privateKey, header: { jwk } };
}

const proof = (wallet, issuer, cNonce) => new SignJWT({ nonce: cNonce })
  .setProtectedHeader({ alg: wallet.alg, typ: 'openid4vci-proof+jwt', ...wallet.header })
  .setAudience(issuer).setIssuedAt().sign(wallet.privateKey);

const credentialRequest = (metadata, accessToken, body) => call('POST', path(metadata.credential_endpoint), { key: accessToken, body });

const oneProof = (jwt) => ({ credential_configuration_id: 'OpenBadgeCredential', proofs: { jwt: [jwt] } });

async function claimWith(wallet) {
  const { offerUri, txCode } = await offerFromTheClaimPage();
  const { offer, issuer, metadata, server, code } = await readOffer(offerUri);
  assert.deepEqual(offer.credential_configuration_ids, ['OpenBadgeCredential']);
  assert.equal(offer.grants[grant].tx_code.input_mode, 'numeric');
  assert.equal(offer.grants[grant].tx_code.length, txCode.length);
  const configuration = metadata.credential_configurations_supported.OpenBadgeCredential;
  assert.equal(configuration.format, 'ldp_vc');
  assert.ok(configuration.proof_types_supported.jwt.proof_signing_alg_values_supported.includes(wallet.alg));
  assert.equal(server['pre-authorized_grant_anonymous_access_supported'], true);

  const granted = await token(server, code, txCode);
  assert.equal(granted.status, 200, granted.text);
  assert.equal(granted.json.token_type, 'Bearer');
  const issued = await credentialRequest(metadata, granted.json.access_token, oneProof(await proof(wallet, issuer, await nonce(metadata))));
  assert.equal(issued.status, 200, issued.text);
  return issued.json.credentials[0].credential;
}

/** The badge's VC-JWT form, signed again for the holder: jose verifies it from the JWKS and its sub is the holder's DID. */
async function vcJwtNames(credential, did) {
  const jwt = await call('GET', `${path(credential.id)}.jwt`);
  assert.equal(jwt.status, 200, jwt.text);
  const jwks = createLocalJWKSet((await call('GET', '/.well-known/jwks.json')).json);
  const { payload } = await jwtVerify(jwt.text, jwks);
  assert.equal(payload.sub, did);
  assert.equal(payload.credentialSubject.id, did);
}

async function verifiesEverywhere(credential) {
  const result = await vc.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader, checkStatus });
  assert.equal(result.verified, true, JSON.stringify(result.error ?? result.results, null, 1));
  const report = await call('POST', '/api/v1/verify', { body: credential, type: 'application/vc+ld+json' });
  assert.equal(report.status, 200);
  assert.equal(report.json.status, 'valid', report.text);
}

test('an EdDSA did:key wallet gets the badge bound to its DID; it verifies in the JavaScript stack and at the service', async () => {
  const wallet = await ed25519Wallet();
  const credential = await claimWith(wallet);
  assert.equal(credential.credentialSubject.id, wallet.did);
  await verifiesEverywhere(credential);
  await vcJwtNames(credential, wallet.did);
});

test('an ES256 wallet sending its jwk gets the badge bound to its did:jwk; it verifies in the JavaScript stack and at the service', async () => {
  const wallet = await p256Wallet();
  const credential = await claimWith(wallet);
  assert.equal(credential.credentialSubject.id, wallet.did);
  await verifiesEverywhere(credential);
  await vcJwtNames(credential, wallet.did);
});

test('a draft-13 wallet (proof, format and credential_definition) gets the draft-13 response', async () => {
  const wallet = await ed25519Wallet();
  const { offerUri, txCode } = await offerFromTheClaimPage();
  const { issuer, metadata, server, code } = await readOffer(offerUri);
  const granted = await token(server, code, txCode);
  assert.ok(granted.json.c_nonce, 'the token response carries a c_nonce for draft-13 wallets');
  const issued = await credentialRequest(metadata, granted.json.access_token, {
    format: 'ldp_vc',
    credential_definition: { type: ['VerifiableCredential', 'OpenBadgeCredential'] },
    proof: { proof_type: 'jwt', jwt: await proof(wallet, issuer, granted.json.c_nonce) },
  });
  assert.equal(issued.status, 200, issued.text);
  assert.equal(issued.json.credential.credentialSubject.id, wallet.did);
});

test('a wrong tx_code is invalid_grant, and after five the right one no longer works', async () => {
  const { offerUri, txCode } = await offerFromTheClaimPage();
  const { server, code } = await readOffer(offerUri);
  const wrong = txCode === '000000' ? '111111' : '000000';
  for (let i = 0; i < 5; i++) {
    const refused = await token(server, code, wrong);
    assert.equal(refused.status, 400);
    assert.equal(refused.json.error, 'invalid_grant');
    assert.equal(refused.headers.get('cache-control'), 'no-store');
  }
  const locked = await token(server, code, txCode);
  assert.equal(locked.status, 400);
  assert.equal(locked.json.error, 'invalid_grant');
  assert.match(locked.json.error_description, /locked/);
});

test('a replayed pre-authorized code is invalid_grant', async () => {
  const { offerUri, txCode } = await offerFromTheClaimPage();
  const { server, code } = await readOffer(offerUri);
  assert.equal((await token(server, code, txCode)).status, 200);
  const replayed = await token(server, code, txCode);
  assert.equal(replayed.status, 400);
  assert.equal(replayed.json.error, 'invalid_grant');
});

test('a proof for another nonce is invalid_nonce: one never issued, and one another request used', async () => {
  const wallet = await ed25519Wallet();
  const { offerUri, txCode } = await offerFromTheClaimPage();
  const { issuer, metadata, server, code } = await readOffer(offerUri);
  const accessToken = (await token(server, code, txCode)).json.access_token;
  const invented = await credentialRequest(metadata, accessToken, oneProof(await proof(wallet, issuer, 'a-nonce-of-another-issuer')));
  assert.equal(invented.status, 400);
  assert.equal(invented.json.error, 'invalid_nonce');

  const cNonce = await nonce(metadata);
  assert.equal((await credentialRequest(metadata, accessToken, oneProof(await proof(wallet, issuer, cNonce)))).status, 200);
  const used = await credentialRequest(metadata, accessToken, oneProof(await proof(wallet, issuer, cNonce)));
  assert.equal(used.status, 400);
  assert.equal(used.json.error, 'invalid_nonce');

  const other = await credentialRequest(metadata, accessToken, oneProof(await proof(await p256Wallet(), issuer, await nonce(metadata))));
  assert.equal(other.status, 400);
  assert.equal(other.json.error, 'credential_request_denied');
});

test('a bad access token is 401 with the Bearer challenge', async () => {
  const metadata = (await call('GET', '/.well-known/openid-credential-issuer')).json;
  const refused = await credentialRequest(metadata, 'not-a-token', oneProof('x.y.z'));
  assert.equal(refused.status, 401);
  assert.equal(refused.json.error, 'invalid_token');
  assert.match(refused.headers.get('www-authenticate'), /^Bearer error="invalid_token"/);
});
