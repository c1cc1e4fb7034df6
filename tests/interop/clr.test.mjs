// CLR 2.0 learner records made by BadgeIssuer, checked by the JavaScript stack wallets use (@digitalbazaar/vc with the
// eddsa-rdfc-2022 cryptosuite, the Bitstring Status List checker and a wallet's loader): a teacher with four
// micro-credentials and the certificate they stack into gets one ClrCredential whose proof (over the whole record, the
// credentials inside included) verifies, and so does every credential inside it; a partial record verifies too; a
// changed record does not; revoking a credential inside, or the record itself, shows in the status each one carries.
// Everything is set up through the public API, as a program would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { documentLoader } from './our-documents.mjs';
import { adminKey, call, sample } from './service.mjs';

const teacher = 'sam.rivera@district.example';
const suite = () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });

/**
 * The credential as a wallet checks it: its proof (verified, and the proofs' errors when not), and, through its status
 * list (whose own proof and issuer are checked as well), each status purpose → true when the bit is set.
 */
async function check(credential) {
  const result = await vc.verifyCredential({
    credential,
    suite: suite(),
    documentLoader,
    checkStatus: (options) => checkStatus({ ...options, verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true }),
  });
  const statuses = Object.fromEntries((result.statusResult?.results ?? []).map((r) => [r.credentialStatus.statusPurpose, r.status]));
  const errors = (result.results ?? []).filter((r) => !r.verified).map((r) => r.error?.message);
  return { verified: result.verified, statuses, errors, why: JSON.stringify(result.error ?? result.results ?? result, null, 1) };
}

/** Asserts that the credential's proof and status list verify and that no status bit is set. */
async function assertCurrent(credential, what) {
  const { verified, statuses, why } = await check(credential);
  assert.equal(verified, true, `${what}: ${why}`);
  assert.ok(Object.keys(statuses).length > 0, `${what} carries a status entry`);
  assert.ok(Object.values(statuses).every((set) => set === false), `${what}: ${JSON.stringify(statuses)}`);
}

/** Asks the service for an answer with `status`, failing the test with the service's problem otherwise. */
async function expect(status, method, path, options) {
  const answer = await call(method, path, options);
  assert.equal(answer.status, status, `${method} ${path}: ${answer.text}`);
  return answer.json;
}

/** An achievement of the pathway's kind, as tests/BadgeIssuer.Api.Tests/Pathways.cs makes it. */
const micro = (name, credits) => ({
  name,
  description: `${name}, one micro-credential of the assessment literacy pathway.`,
  criteria: { narrative: 'Complete the module and its performance task.' },
  achievementType: 'MicroCredential',
  creditsAvailable: credits,
});

/**
 * An issuer whose four micro-credentials (1.5 credits each) stack into a certificate (6 credits), a client of it with
 * the scopes a records program needs, and the teacher's four micro-credential awards and the certificate award the
 * service issues after them (its outbox does, so the awards list is polled for it, 30 seconds at most).
 */
async function earned() {
  const issuer = await expect(201, 'POST', '/api/v1/issuers', { key: adminKey, body: sample('requests/issuer.json') });
  const client = await expect(201, 'POST', '/api/v1/clients', {
    key: adminKey, body: { issuerId: issuer.id, scopes: ['achievements:write', 'awards:issue', 'awards:read', 'awards:revoke', 'clrs:issue'] },
  });
  const key = client.apiKey;
  const at = `/api/v1/issuers/${issuer.id}`;
  const achievement = async (body) => (await expect(201, 'POST', `${at}/achievements`, { key, body })).id;
  const micros = [];
  for (const name of ['Basic performance assessment design', 'Rubric design', 'Feedback for learning', 'Data-driven instruction']) {
    micros.push(await achievement(micro(name, 1.5)));
  }
  const certificate = await achievement({
    ...micro('Certificate in Assessment Literacy', 0), achievementType: 'Certificate', pathway: { requires: micros, minimumCredits: 6 },
  });
  const microAwards = [];
  for (const achievementId of micros) {
    const issued = await expect(201, 'POST', `${at}/awards`, { key, body: { achievementId, recipient: { email: teacher, name: 'Sam Rivera' } } });
    microAwards.push(issued.id);
  }
  const listed = `${at}/awards?achievementId=${certificate}&recipient=${encodeURIComponent(teacher)}`;
  for (const deadline = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 250))) {
    const { items } = await expect(200, 'GET', listed, { key });
    if (items.length > 0) {
      assert.equal(items.length, 1, 'the certificate is awarded once');
      return { at, key, microAwards, certificateAward: items[0].id };
    }
    assert.ok(Date.now() < deadline, 'the certificate award appears within 30 seconds of the fourth micro-credential');
  }
}

/** Signs the teacher's learner record (no body: every current award; or `body`) and returns the service's answer. */
const record = ({ at, key }, body) => expect(201, 'POST', `${at}/recipients/${encodeURIComponent(teacher)}/clr`, { key, body });

test('a teacher\'s whole record (four micro-credentials and their certificate) verifies in the JavaScript stack, and so does each credential inside', async () => {
  const pathway = await earned();
  const answer = await record(pathway);
  const clr = answer.credential;

  await assertCurrent(clr, 'the record');
  assert.deepEqual(clr.type, ['VerifiableCredential', 'ClrCredential']);
  assert.equal(clr.proof[0].type, 'DataIntegrityProof');
  assert.equal(clr.proof[0].cryptosuite, 'eddsa-rdfc-2022');
  assert.equal(clr.partial, undefined);
  assert.deepEqual(answer.awardIds.toSorted(), [...pathway.microAwards, pathway.certificateAward].toSorted());

  const subject = clr.credentialSubject;
  assert.deepEqual(subject.type, ['ClrSubject']);
  assert.equal(subject.verifiableCredential.length, 5);
  for (const [i, inner] of subject.verifiableCredential.entries()) {
    await assertCurrent(inner, `credential ${i} inside the record`);
    const held = await expect(200, 'GET', `${pathway.at}/awards/${answer.awardIds[i]}`, { key: pathway.key });
    assert.deepEqual(inner, held.credential, `credential ${i} inside the record is award ${answer.awardIds[i]}'s, unchanged`);
  }

  const achievementIds = subject.verifiableCredential.map((inner) => inner.credentialSubject.achievement.id);
  const certificateId = subject.verifiableCredential.find((inner) => inner.credentialSubject.achievement.achievementType === 'Certificate')
    .credentialSubject.achievement.id;
  assert.equal(subject.achievement.length, 5);
  assert.deepEqual(subject.achievement.map((a) => a.id).toSorted(), achievementIds.toSorted());
  assert.equal(subject.association.length, 4);
  for (const association of subject.association) {
    assert.equal(association.type, 'Association');
    assert.equal(association.associationType, 'isPartOf');
    assert.equal(association.targetId, certificateId);
  }
  assert.deepEqual(subject.association.map((a) => a.sourceId).toSorted(), achievementIds.filter((id) => id !== certificateId).toSorted());

  const published = await expect(200, 'GET', new URL(answer.url).pathname);
  assert.deepEqual(published, clr);
});

test('a partial record (two of the micro-credentials), whose @context defines "partial" inline, verifies in the JavaScript stack', async () => {
  const pathway = await earned();
  const request = { ...sample('requests/clr.json'), awardIds: [pathway.microAwards[0], pathway.microAwards[2]] };
  const answer = await record(pathway, request);
  const clr = answer.credential;
  assert.equal(clr.name, request.name);
  assert.equal(clr.description, request.description);

  assert.equal(clr.partial, true);
  assert.deepEqual(clr['@context'].at(-1), { partial: 'https://purl.imsglobal.org/spec/vc/clr/vocab.html#partial' });
  await assertCurrent(clr, 'the partial record');
  assert.equal(clr.credentialSubject.verifiableCredential.length, 2);
  for (const [i, inner] of clr.credentialSubject.verifiableCredential.entries()) await assertCurrent(inner, `credential ${i} inside the partial record`);

  const widened = structuredClone(clr);
  widened.partial = false;
  assert.deepEqual((await check(widened)).errors, ['Invalid signature.'], 'a record no longer saying it is partial does not verify');
});

test('a record with one credential inside changed no longer verifies in the JavaScript stack', async () => {
  const pathway = await earned();
  const clr = (await record(pathway)).credential;

  const changed = structuredClone(clr);
  changed.credentialSubject.verifiableCredential[0].name = 'Certificate in Everything';
  assert.deepEqual((await check(changed)).errors, ['Invalid signature.']);
  assert.deepEqual((await check(changed.credentialSubject.verifiableCredential[0])).errors, ['Invalid signature.']);
  await assertCurrent(clr, 'the record as signed');
});

test('a revoked micro-credential inside a record is revoked in the JavaScript stack while the record and the rest verify; a revoked record is revoked', async () => {
  const pathway = await earned();
  const answer = await record(pathway);
  const clr = answer.credential;
  const revokedAward = await expect(200, 'POST', `${pathway.at}/awards/${pathway.microAwards[1]}:revoke`, {
    key: pathway.key, body: { reason: 'Issued in error.' },
  });
  const revokedId = revokedAward.credentialId;

  await assertCurrent(clr, 'the record after one credential inside was revoked');
  for (const inner of clr.credentialSubject.verifiableCredential) {
    if (inner.id === revokedId) {
      const { verified, statuses, why } = await check(inner);
      assert.equal(verified, true, why);
      assert.deepEqual(statuses, { revocation: true, suspension: false });
    } else {
      await assertCurrent(inner, `credential ${inner.id} inside the record`);
    }
  }
  assert.ok(clr.credentialSubject.verifiableCredential.some((inner) => inner.id === revokedId), 'the revoked credential is inside the record');

  await expect(200, 'POST', `${pathway.at}/clrs/${answer.id}:revoke`, { key: pathway.key, body: { reason: 'Replaced by a newer record.' } });
  const { verified, statuses, why } = await check(clr);
  assert.equal(verified, true, why);
  assert.deepEqual(statuses, { revocation: true });
});
