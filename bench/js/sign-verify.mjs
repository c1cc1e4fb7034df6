// The Digital Bazaar stack (@digitalbazaar/vc 7, data-integrity 2, eddsa-rdfc-2022-cryptosuite 1, ed25519-multikey 1):
// sign and verify a credential with eddsa-rdfc-2022, one at a time, offline (pinned contexts, did:key resolved
// locally): the OB 3.0 test-vector credential, or the credential in the file given (any proof it has is dropped and its
// issuer becomes the signing key's did:key). Prints each operation's median, min and max time, then a line `sign/s N`
// or `verify/s N` (operations per second at the median, for scripts such as bench/load/verify.sh to read).
// Usage: (cd bench/js && npm ci && node sign-verify.mjs [credential.json])
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { documentLoader as pinned } from '../../tests/interop/pinned-contexts.mjs';

const credential = JSON.parse(readFileSync(process.argv[2] ?? new URL('../data/ob-credential.json', import.meta.url), 'utf8'));
delete credential.proof;
const keyPair = await Ed25519Multikey.generate();
const did = `did:key:${keyPair.publicKeyMultibase}`;
keyPair.controller = did;
keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
const method = keyPair.export({ publicKey: true, includeContext: true });
// @digitalbazaar/vc checks that the issuer controls the key, so the key's did:key issues the credential here.
if (typeof credential.issuer === 'string') credential.issuer = did;
else credential.issuer.id = did;

async function documentLoader(url) {
  if (url === keyPair.id) return { contextUrl: null, documentUrl: url, document: method };
  if (url === did) {
    return { contextUrl: null, documentUrl: url, document: { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: did, verificationMethod: [method], assertionMethod: [keyPair.id] } };
  }
  return pinned(url);
}

const sign = () => vc.issue({ credential: structuredClone(credential), suite: new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite }), documentLoader });
const signed = await sign();
const verify = async () => {
  // The proof covers the status entries; the lists themselves are not fetched here (this times the proof, offline).
  const result = await vc.verifyCredential({ credential: signed, suite: new DataIntegrityProof({ cryptosuite }), documentLoader, checkStatus: async () => ({ verified: true }) });
  if (!result.verified) throw new Error(String(result.error?.errors?.[0] ?? result.error));
};

for (const [name, run] of Object.entries({ sign, verify })) {
  for (let i = 0; i < 100; i++) await run();
  const samples = [];
  for (let round = 0; round < 10; round++) {
    const n = 50;
    const start = performance.now();
    for (let i = 0; i < n; i++) await run();
    samples.push(((performance.now() - start) * 1000) / n);
  }
  samples.sort((a, b) => a - b);
  console.log(`${name}: median ${samples[5].toFixed(0)} us (min ${samples[0].toFixed(0)}, max ${samples[9].toFixed(0)}) over 10 x 50 runs`);
  console.log(`${name}/s ${(1e6 / samples[5]).toFixed(1)}`);
}
