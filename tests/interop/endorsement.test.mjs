// OB 3.0 endorsements made by BadgeIssuer, checked by the JavaScript stack wallets use (@digitalbazaar/vc with the
// eddsa-rdfc-2022 cryptosuite) and a wallet's loader (our keys and Profiles by a plain GET): the EndorsementCredential
// itself, and a badge issued after it, which embeds it in its achievement, both verify; so does the embedded copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { documentLoader } from './our-documents.mjs';
import { adminKey, award, call, readyIssuer, sample } from './service.mjs';

const suite = () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
const verify = (credential) => vc.verifyCredential({ credential, suite: suite(), documentLoader, checkStatus });

test('an endorsement by one issuer of another\'s achievement, and a badge carrying it, verify in the JavaScript stack', async () => {
  const { issuerId, key, achievementId } = await readyIssuer();
  const agency = await call('POST', '/api/v1/issuers', { key: adminKey, body: { ...sample('requests/issuer.json'), name: 'State Education Agency' } });
  const agencyClient = await call('POST', '/api/v1/clients', { key: adminKey, body: { issuerId: agency.json.id, scopes: ['endorsements:issue'] } });
  const endorsed = await call('POST', `/api/v1/issuers/${agency.json.id}/endorsements`, {
    key: agencyClient.json.apiKey, body: { achievementId, comment: 'Meets the state standard for assessment literacy.' },
  });
  assert.equal(endorsed.status, 201, endorsed.text);

  const endorsement = await verify(endorsed.json.credential);
  assert.equal(endorsement.verified, true, JSON.stringify(endorsement.error ?? endorsement.results, null, 1));

  const issued = await call('POST', `/api/v1/issuers/${issuerId}/awards`, { key, body: award('award-met.json', achievementId) });
  assert.equal(issued.status, 201, issued.text);
  const embedded = issued.json.credential.credentialSubject.achievement.endorsement[0];
  assert.deepEqual(embedded, endorsed.json.credential);
  const badge = await verify(issued.json.credential);
  assert.equal(badge.verified, true, JSON.stringify(badge.error ?? badge.results, null, 1));
  const inner = await verify(embedded);
  assert.equal(inner.verified, true, JSON.stringify(inner.error ?? inner.results, null, 1));

  embedded.credentialSubject.endorsementComment = 'Endorsed for everything.';
  assert.equal((await verify(embedded)).verified, false);
});
