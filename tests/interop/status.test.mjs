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

/** The status of the credential's entry as the JavaScript stack reads it: true when the bit is set. */
async function revokedInTheJavaScriptStack(credential) {
  const result = await checkStatus({ credential, documentLoader, suite: suite(), verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true });
  assert.equal(result.verified, true, String(result.error?.stack ?? JSON.stringify(result)));
  return result.status ?? result.results?.[0]?.status;
}

test('a fresh BadgeIssuer credential is not revoked in the JavaScript stack', async () => {
  const { credential } = await issue();
  assert.equal(await revokedInTheJavaScriptStack(credential), false);
});

test('a revoked BadgeIssuer credential is revoked in the JavaScript stack and invalid in BadgeIssuer', async () => {
  const { credential, id, issuerId, key } = await issue();
  const revoked = await call('POST', `/api/v1/issuers/${issuerId}/awards/${id}:revoke`, { key, body: { reason: 'Issued in error.' } });
  assert.equal(revoked.status, 200, revoked.text);

  assert.equal(await revokedInTheJavaScriptStack(credential), true);
  const report = await call('POST', '/api/v1/verify', { body: credential, type: 'application/vc+ld+json' });
  assert.equal(report.json.status, 'invalid');
  assert.ok(report.json.checks.some((c) => c.check === 'status' && c.code === 'revoked'));
});
