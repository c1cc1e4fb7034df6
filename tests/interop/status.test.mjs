// Revocation seen from outside: the Digital Bazaar Bitstring Status List implementation reads BadgeIssuer's signed
// status list (checking its eddsa-rdfc-2022 proof and that its issuer is the credential's) and finds the bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { documentLoader } from './our-documents.mjs';
import { call, issue } from './service.mjs';

const suite = () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });

/** The credential's statuses as the JavaScript stack reads them: purpose → true when the bit is set. */
async function statusesInTheJavaScriptStack(credential) {
  const result = await checkStatus({ credential, documentLoader, suite: suite(), verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true });
  assert.equal(result.verified, true, String(result.error?.stack ?? JSON.stringify(result)));
  return Object.fromEntries(result.results.map((r) => [r.credentialStatus.statusPurpose, r.status]));
}

/** Asks the service to change the award's status (revoke, suspend, unsuspend); fails the test unless it answers 200. */
async function change({ id, issuerId, key }, action, body) {
  const changed = await call('POST', `/api/v1/issuers/${issuerId}/awards/${id}:${action}`, { key, body });
  assert.equal(changed.status, 200, changed.text);
}

async function verifiedHere(credential) {
  const report = await call('POST', '/api/v1/verify', { body: credential, type: 'application/vc+ld+json' });
  return { status: report.json.status, codes: report.json.checks.filter((c) => c.check === 'status').map((c) => c.code) };
}

test('a fresh BadgeIssuer credential is neither revoked nor suspended in the JavaScript stack', async () => {
  const { credential } = await issue();
  assert.deepEqual(await statusesInTheJavaScriptStack(credential), { revocation: false, suspension: false });
});

test('a revoked BadgeIssuer credential is revoked in the JavaScript stack and invalid in BadgeIssuer', async () => {
  const issued = await issue();
  const { credential } = issued;
  await change(issued, 'revoke', { reason: 'Issued in error.' });

  assert.deepEqual(await statusesInTheJavaScriptStack(credential), { revocation: true, suspension: false });
  const here = await verifiedHere(credential);
  assert.equal(here.status, 'invalid');
  assert.ok(here.codes.includes('revoked'));
});

test('a suspended BadgeIssuer credential is suspended in both stacks until the suspension is lifted', async () => {
  const issued = await issue();
  const { credential } = issued;
  await change(issued, 'suspend', { reason: 'Under review.' });

  assert.deepEqual(await statusesInTheJavaScriptStack(credential), { revocation: false, suspension: true });
  const here = await verifiedHere(credential);
  assert.equal(here.status, 'invalid');
  assert.ok(here.codes.includes('suspended'));

  await change(issued, 'unsuspend');
  assert.deepEqual(await statusesInTheJavaScriptStack(credential), { revocation: false, suspension: false });
  assert.equal((await verifiedHere(credential)).status, 'valid');
});
