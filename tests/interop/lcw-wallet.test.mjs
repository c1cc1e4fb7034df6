// A wallet simulator for the Learner Credential Wallet's two ways of picking up a badge (issue 15, items 3 and 6),
// built on the Digital Bazaar stack LCW itself uses: a did:key from @digitalbazaar/did-method-key, DID Authentication
// presentations from @digitalbazaar/vc signPresentation with Ed25519Signature2020 (what LCW signs with) or a
// DataIntegrityProof with eddsa-rdfc-2022, and a loader of pinned contexts only.
// (a) The legacy deep link: GET /claim/{token}/lcw answers 303 to https://lcw.app/request.html?issuer=&auth_type=bearer
//     &challenge=&vc_request_url=; LCW (app/lib/credentialRequest.ts) POSTs the signed presentation itself, with the
//     challenge and no domain, to vc_request_url and takes the credential out of the presentation it gets back.
// (b) VCALM exchanges (LCW app/lib/exchanges.ts): POST {} to the exchange answers a verifiablePresentationRequest
//     (DIDAuthentication, challenge, domain); POST {"verifiablePresentation": ...} answers {"verifiablePresentation":
//     {"verifiableCredential": [credential]}}.
// Each path ends with a credential bound to the wallet's DID that verifies in the Digital Bazaar stack and here. Expiry
// runs against a second service this file starts with BadgeIssuer:Claims:ExchangeSeconds=3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vc from '@digitalbazaar/vc';
import { driver } from '@digitalbazaar/did-method-key';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { documentLoader } from './our-documents.mjs';
import { base, call, issue, startService } from './service.mjs';

/** A wallet with a fresh did:key; `suite` is 'Ed25519Signature2020' (as LCW) or 'eddsa-rdfc-2022'. */
async function wallet(suite) {
  const legacy = suite === 'Ed25519Signature2020';
  const didKey = driver();
  didKey.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: legacy ? Ed25519VerificationKey2020.from : Ed25519Multikey.from });
  const key = legacy ? await Ed25519VerificationKey2020.generate() : await Ed25519Multikey.generate();
  const { didDocument, methodFor } = await didKey.fromKeyPair({ verificationKeyPair: key });
  key.id = methodFor({ purpose: 'authentication' }).id;
  key.controller = didDocument.id;
  return {
    did: didDocument.id,
    present: ({ challenge, domain }) => vc.signPresentation({
      presentation: vc.createPresentation({ holder: didDocument.id }),
      suite: legacy ? new Ed25519Signature2020({ key }) : new DataIntegrityProof({ signer: key.signer(), cryptosuite: eddsaRdfc2022 }),
      challenge,
      domain,
      documentLoader,
    }),
  };
}

/** The claim page's "Add to Learner Credential Wallet" link, or undefined when the page offers none. */
async function walletLinkOnPage(claimUrl) {
  const page = await fetch(claimUrl, { headers: { accept: 'text/html' } });
  assert.equal(page.status, 200);
  return /<a href="([^"]+)">Add to Learner Credential Wallet<\/a>/.exec(await page.text())?.[1];
}

/**
 * Follows the claim page's "Add to Learner Credential Wallet" link (or, with `fromPage` false, goes to it directly, as a
 * QR code scanned earlier does) and reads the deep link it redirects to.
 */
async function deepLink(claimUrl, { fromPage = true } = {}) {
  const { origin, host } = new URL(claimUrl);
  const href = fromPage ? await walletLinkOnPage(claimUrl) : `${claimUrl}/lcw`;
  assert.equal(href, `${claimUrl}/lcw`, 'the claim page links to the wallet link');
  const response = await fetch(href, { redirect: 'manual' });
  assert.equal(response.status, 303, await response.text());
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const link = new URL(response.headers.get('location'));
  assert.equal(`${link.origin}${link.pathname}`, 'https://lcw.app/request.html');
  const parameters = Object.fromEntries(link.searchParams);
  assert.deepEqual(Object.keys(parameters).sort(), ['auth_type', 'challenge', 'issuer', 'vc_request_url']);
  assert.equal(parameters.auth_type, 'bearer');
  assert.equal(parameters.issuer, host);
  assert.ok(parameters.vc_request_url.startsWith(`${origin}/exchanges/`), parameters.vc_request_url);
  return parameters;
}

const post = (url, body) => call('POST', new URL(url).pathname, { body, origin: new URL(url).origin });

async function issuedWithClaimLink() {
  const issued = await issue();
  assert.ok(issued.links.claim, 'the award carries links.claim while it is unclaimed');
  return issued;
}

/** The credential verifies in the Digital Bazaar stack and at the service, and is bound to `did`. */
async function assertBoundAndValid(credential, did, issued) {
  assert.equal(credential.credentialSubject.id, did);
  assert.equal(credential.id, issued.credential.id);
  assert.deepEqual(credential.credentialStatus, issued.credential.credentialStatus);
  const result = await vc.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader, checkStatus });
  assert.equal(result.verified, true, JSON.stringify(result.error ?? result.results, null, 1));
  const report = await call('POST', '/api/v1/verify', { body: credential, type: 'application/vc+ld+json' });
  assert.equal(report.json.status, 'valid', report.text);
  const published = await call('GET', new URL(credential.id).pathname);
  assert.deepEqual(published.json, credential, 'the credential at its id is the bound one');
}

test('LCW legacy deep link: an Ed25519Signature2020 presentation with the challenge and no domain gets the credential bound to the DID', async () => {
  const issued = await issuedWithClaimLink();
  const link = await deepLink(issued.links.claim);
  const teacher = await wallet('Ed25519Signature2020');
  const presentation = await teacher.present({ challenge: link.challenge });
  const answer = await post(link.vc_request_url, presentation);
  assert.equal(answer.status, 200, answer.text);
  assert.ok(answer.json.type.includes('VerifiablePresentation'), 'LCW takes the credential out of a presentation');
  assert.equal(answer.json.verifiableCredential.length, 1);
  await assertBoundAndValid(answer.json.verifiableCredential[0], teacher.did, issued);

  const replayed = await post(link.vc_request_url, presentation);
  assert.equal(replayed.status, 409, replayed.text);
  assert.match(replayed.type, /application\/problem\+json/);
});

for (const suite of ['eddsa-rdfc-2022', 'Ed25519Signature2020']) {
  test(`VC-API exchange with ${suite}: {} asks for DID Authentication, the presentation gets the credential`, async () => {
    const issued = await issuedWithClaimLink();
    const exchange = (await deepLink(issued.links.claim)).vc_request_url;
    assert.equal((await call('GET', new URL(exchange).pathname)).json.state, 'pending');

    const request = await post(exchange, {});
    assert.equal(request.status, 200, request.text);
    const vpr = request.json.verifiablePresentationRequest;
    assert.deepEqual(vpr.query, [{ type: 'DIDAuthentication', acceptedMethods: [{ method: 'key' }] }]);
    assert.equal(vpr.domain, new URL(base).host);
    assert.ok(vpr.challenge.length >= 16);

    const teacher = await wallet(suite);
    const answer = await post(exchange, { verifiablePresentation: await teacher.present(vpr) });
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.json.verifiablePresentation.type, ['VerifiablePresentation']);
    await assertBoundAndValid(answer.json.verifiablePresentation.verifiableCredential[0], teacher.did, issued);
    assert.equal((await call('GET', new URL(exchange).pathname)).json.state, 'complete');
  });
}

test('a presentation for another exchange\'s challenge, or for another domain, is refused and binds nothing', async () => {
  const issued = await issuedWithClaimLink();
  const first = await deepLink(issued.links.claim);
  const second = await deepLink(issued.links.claim);
  const teacher = await wallet('eddsa-rdfc-2022');
  const vpr = (await post(second.vc_request_url, {})).json.verifiablePresentationRequest;

  const otherChallenge = await post(second.vc_request_url, { verifiablePresentation: await teacher.present({ challenge: first.challenge, domain: vpr.domain }) });
  assert.equal(otherChallenge.status, 422, otherChallenge.text);
  assert.equal(otherChallenge.json.errors[0].code, 'challenge-mismatch');

  const otherDomain = await post(second.vc_request_url, { verifiablePresentation: await teacher.present({ challenge: vpr.challenge, domain: 'evil.example' }) });
  assert.equal(otherDomain.status, 422, otherDomain.text);
  assert.equal(otherDomain.json.errors[0].code, 'domain-mismatch');

  const award = await call('GET', `/api/v1/issuers/${issued.issuerId}/awards/${issued.id}`, { key: issued.key });
  assert.ok(award.json.links.claim, 'still unclaimed');
});

test('a claim by a second DID gets 409 and the credential stays bound to the first', async () => {
  const issued = await issuedWithClaimLink();
  const first = await wallet('Ed25519Signature2020');
  const link = await deepLink(issued.links.claim);
  assert.equal((await post(link.vc_request_url, await first.present({ challenge: link.challenge }))).status, 200);

  assert.equal(await walletLinkOnPage(issued.links.claim), undefined, 'a claimed badge\'s page offers no wallet link');
  const second = await wallet('eddsa-rdfc-2022');
  const exchange = (await deepLink(issued.links.claim, { fromPage: false })).vc_request_url;
  const vpr = (await post(exchange, {})).json.verifiablePresentationRequest;
  const refused = await post(exchange, { verifiablePresentation: await second.present(vpr) });
  assert.equal(refused.status, 409, refused.text);
  const published = await call('GET', new URL(issued.credential.id).pathname);
  assert.equal(published.json.credentialSubject.id, first.did);
});

test('unknown exchanges are 404 and malformed bodies a clear 4xx', async () => {
  const unknown = await call('POST', '/exchanges/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', { body: {} });
  assert.equal(unknown.status, 404);
  const issued = await issuedWithClaimLink();
  const exchange = new URL((await deepLink(issued.links.claim)).vc_request_url).pathname;
  for (const [body, type, status] of [
    ['{', 'application/json', 400],
    ['[]', 'application/json', 400],
    [JSON.stringify({ verifiablePresentation: 'x' }), 'application/json', 400],
    [JSON.stringify({ hello: 'world' }), 'application/json', 400],
    ['{}', 'text/plain', 415],
    [JSON.stringify({ verifiablePresentation: { type: ['VerifiablePresentation'], filler: 'x'.repeat(300_000) } }), 'application/json', 413],
  ]) {
    const answer = await call('POST', exchange, { body, type });
    assert.equal(answer.status, status, `${body.slice(0, 40)}: ${answer.text}`);
    assert.match(answer.type, /application\/problem\+json/);
  }
});

test('an exchange past its lifetime is gone (410), on a service of our own whose exchanges last 3 seconds', async (t) => {
  const service = await startService({ BadgeIssuer__Claims__ExchangeSeconds: '3' });
  t.after(service.stop);
  const issued = await issue(service);
  const link = await deepLink(issued.links.claim);
  const presentation = await (await wallet('Ed25519Signature2020')).present({ challenge: link.challenge });
  await new Promise((resolve) => setTimeout(resolve, 3_500));
  const expired = await post(link.vc_request_url, presentation);
  assert.equal(expired.status, 410, expired.text);
  assert.match(expired.json.type, /exchange-expired$/);
  assert.equal((await call('GET', new URL(link.vc_request_url).pathname, { origin: service.origin })).status, 410);
});
