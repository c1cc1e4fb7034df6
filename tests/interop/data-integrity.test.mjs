// eddsa-rdfc-2022 both ways with the JavaScript stack wallets use (@digitalbazaar/vc, data-integrity,
// eddsa-rdfc-2022-cryptosuite, ed25519-multikey) with a wallet's loader: contexts come from schemas/, did:key from
// did-method-key, and our keys and Profiles from a plain GET of their URLs. Credentials we issue verify there;
// credentials that stack signs verify here; a changed copy fails on both sides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { documentLoader } from './our-documents.mjs';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { call, issue } from './service.mjs';

const suite = () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });

test('a credential issued by BadgeIssuer verifies in the JavaScript stack', async () => {
  const { credential } = await issue();
  const result = await vc.verifyCredential({ credential, suite: suite(), documentLoader, checkStatus });
  assert.equal(result.verified, true, JSON.stringify(result.error ?? result.results, null, 1));
});

test('a changed copy of a BadgeIssuer credential fails in the JavaScript stack', async () => {
  const { credential } = await issue();
  credential.credentialSubject.achievement.name = 'Doctor of Everything';
  const result = await vc.verifyCredential({ credential, suite: suite(), documentLoader, checkStatus });
  assert.equal(result.verified, false);
});

async function signedByTheJavaScriptStack() {
  const keyPair = await Ed25519Multikey.generate();
  const did = `did:key:${keyPair.publicKeyMultibase}`;
  keyPair.controller = did;
  keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
  const credential = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: 'urn:uuid:7e1f2a40-5d6c-4b1e-9c0a-2f4c8d1e6a11',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: did, type: ['Profile'], name: 'A wallet-side issuer' },
    validFrom: '2026-01-01T00:00:00Z',
    name: 'Digital Fluency',
    credentialSubject: {
      id: 'did:example:teacher-42',
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://issuer.example/achievements/digital-fluency', type: ['Achievement'], name: 'Digital Fluency',
        description: 'Integrates digital tools into teaching.', criteria: { narrative: 'Complete the digital fluency portfolio.' },
      },
    },
  };
  const signer = keyPair.signer();
  return vc.issue({ credential, suite: new DataIntegrityProof({ signer, cryptosuite: eddsaRdfc2022 }), documentLoader });
}

test('a credential the JavaScript stack signs verifies at BadgeIssuer', async () => {
  const credential = await signedByTheJavaScriptStack();
  const report = await call('POST', '/api/v1/verify', { body: credential, type: 'application/vc+ld+json' });
  assert.equal(report.status, 200);
  assert.equal(report.json.status, 'valid', report.text);
  assert.equal(report.json.checks.find((c) => c.check === 'proof').status, 'passed');
  assert.equal(report.json.checks.find((c) => c.check === 'key-provenance').code, 'key-provenance-verified');
});

test('a changed copy of a JavaScript-signed credential fails at BadgeIssuer', async () => {
  const credential = await signedByTheJavaScriptStack();
  credential.credentialSubject.id = 'did:example:someone-else';
  const report = await call('POST', '/api/v1/verify', { body: credential, type: 'application/vc+ld+json' });
  assert.equal(report.json.status, 'invalid', report.text);
  assert.equal(report.json.checks.find((c) => c.check === 'proof').code, 'signature-mismatch');
});
