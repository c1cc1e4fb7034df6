// Key rotation seen from the JavaScript stack with the ordinary loader (our-documents.mjs): what a retired key signed
// keeps verifying, and after a compromise the issuer's new key signs credentials that verify.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { documentLoader } from './our-documents.mjs';
import { adminKey, award, call, readyIssuer } from './service.mjs';

const verify = (credential) =>
  vc.verifyCredential({ credential, suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), documentLoader, checkStatus });

async function issueFor({ issuerId, key, achievementId }) {
  const issued = await call('POST', `/api/v1/issuers/${issuerId}/awards`, { key, body: award('award-met.json', achievementId) });
  assert.equal(issued.status, 201, issued.text);
  return issued.json.credential;
}

async function rotate(issuerId, body) {
  const rotated = await call('POST', `/api/v1/issuers/${issuerId}/keys:rotate`, { key: adminKey, body });
  assert.equal(rotated.status, 201, rotated.text);
}

test('after a key rotation a credential signed with the old key still verifies in the JavaScript stack', async () => {
  const issuer = await readyIssuer();
  const older = await issueFor(issuer);
  await rotate(issuer.issuerId);
  const newer = await issueFor(issuer);

  const method = await documentLoader(older.proof[0].verificationMethod);
  assert.ok(method.document.revoked, 'the retired key document says since when it signs nothing new');
  for (const credential of [older, newer]) {
    const result = await verify(credential);
    assert.equal(result.verified, true, JSON.stringify(result.error ?? result.results, null, 1));
  }
  assert.notEqual(older.proof[0].verificationMethod, newer.proof[0].verificationMethod);
});

test('after a compromise a fresh credential signed with the new key verifies and the compromised key is no longer authorised', async () => {
  const issuer = await readyIssuer();
  const before = await issueFor(issuer);
  const leaked = new Date().toISOString();
  await rotate(issuer.issuerId, { compromisedAt: leaked });
  const fresh = await issueFor(issuer);

  const result = await verify(fresh);
  assert.equal(result.verified, true, JSON.stringify(result.error ?? result.results, null, 1));
  assert.equal((await verify(before)).verified, false);
  const ours = await call('POST', '/api/v1/verify', { body: before, type: 'application/vc+ld+json' });
  assert.equal(ours.json.status, 'valid', 'this service still knows the credential it stored before the compromise');
});
