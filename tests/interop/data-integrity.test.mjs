// eddsa-rdfc-2022 both ways with the JavaScript stack wallets use (@digitalbazaar/vc, data-integrity,
// eddsa-rdfc-2022-cryptosuite, ed25519-multikey), offline: contexts come from schemas/ and keys from the running
// service's own issuer Profile (a controller document). Credentials we issue verify there; credentials that stack
// signs verify here; a changed copy fails on both sides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { documentLoader as pinned } from './pinned-contexts.mjs';
import { base, call, issue } from './service.mjs';

/** The origin the service puts in its ids (its PublicBaseUrl), which may name loopback differently from BADGEISSUER_URL. */
const publicBase = process.env.BADGEISSUER_PUBLIC_BASE_URL ?? 'http://localhost:5080';

/** Pinned contexts, plus this service's controller documents and verification methods read over loopback. */
async function documentLoader(url) {
  if (url.startsWith(`${publicBase}/issuers/`) || url.startsWith(`${base}/issuers/`)) {
    const [controller, fragment] = url.split('#');
    const profile = (await call('GET', new URL(controller).pathname)).json;
    if (!fragment) return { contextUrl: null, documentUrl: url, document: profile };
    const method = profile.verificationMethod.find((m) => m.id === url);
    if (!method) throw new Error(`${url} is not listed by ${controller}`);
    return { contextUrl: null, documentUrl: url, document: { '@context': 'https://w3id.org/security/multikey/v1', ...method } };
  }
  if (url.startsWith('did:key:')) {
    const did = url.split('#')[0];
    const key = await Ed25519Multikey.from({ publicKeyMultibase: did.slice('did:key:'.length), controller: did, id: `${did}#${did.slice('did:key:'.length)}` });
    const method = key.export({ publicKey: true, includeContext: true });
    if (url.includes('#')) return { contextUrl: null, documentUrl: url, document: method };
    return {
      contextUrl: null, documentUrl: url,
      document: { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: did, verificationMethod: [method], assertionMethod: [method.id] },
    };
  }
  return pinned(url);
}

const suite = () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });

test('a credential issued by BadgeIssuer verifies in the JavaScript stack', async () => {
  const { credential } = await issue();
  const result = await vc.verifyCredential({ credential, suite: suite(), documentLoader });
  assert.equal(result.verified, true, JSON.stringify(result.error ?? result.results, null, 1));
});

test('a changed copy of a BadgeIssuer credential fails in the JavaScript stack', async () => {
  const { credential } = await issue();
  credential.credentialSubject.achievement.name = 'Doctor of Everything';
  const result = await vc.verifyCredential({ credential, suite: suite(), documentLoader });
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
