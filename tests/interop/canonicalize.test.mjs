// `badge canonicalize` against jsonld.js 9 + rdf-canonize 5 (RDFC-1.0, safe mode, the same pinned contexts) on every
// OB 3.0 example: the canonical N-Quads must be byte-identical, and where safe mode rejects a document, both reject it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import jsonld from 'jsonld';
import { documentLoader } from './pinned-contexts.mjs';

const examples = new URL('../BadgeIssuer.Credentials.Tests/Vendor/ob3-examples/', import.meta.url);
const cli = process.env.BADGE_CLI ?? new URL('../../src/BadgeIssuer.Cli/bin/Debug/net10.0/badge.dll', import.meta.url).pathname;

function badge(file) {
  try {
    return { ok: true, out: execFileSync('dotnet', [cli, 'canonicalize', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (error) {
    return { ok: false, status: error.status, err: String(error.stderr) };
  }
}

const files = readdirSync(examples).filter((f) => f.endsWith('.json') && !f.includes('keys-and-hashes') && !f.endsWith('.proof.json'));

test('there are OB 3.0 examples to compare', () => {
  assert.ok(files.length >= 17, `only ${files.length} examples`);
});

for (const file of files) {
  test(`badge canonicalize matches rdf-canonize on ${file}`, async () => {
    const path = new URL(file, examples).pathname;
    const document = JSON.parse(readFileSync(path, 'utf8'));
    let expected;
    try {
      expected = { ok: true, out: await jsonld.canonize(document, { algorithm: 'RDFC-1.0', format: 'application/n-quads', safe: true, documentLoader }) };
    } catch (error) {
      expected = { ok: false, err: error.message };
    }
    const actual = badge(path);
    assert.equal(actual.ok, expected.ok, `jsonld.js: ${expected.err ?? 'ok'}; badge: ${actual.err ?? 'ok'}`);
    if (expected.ok) assert.equal(actual.out, expected.out);
    else assert.equal(actual.status, 2);
  });
}
