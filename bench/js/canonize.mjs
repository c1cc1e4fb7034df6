// jsonld.js 9 + rdf-canonize 5: expand + toRdf + RDFC-1.0 (safe mode, pinned contexts, no network) on the inputs in
// bench/data, from parsed JSON to canonical N-Quads — the span BadgeIssuer.Benchmarks times in C#.
// Usage: (cd bench/js && npm ci && node canonize.mjs)
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import jsonld from 'jsonld';
import { documentLoader } from '../../tests/interop/pinned-contexts.mjs';

const inputs = {
  'OB 3.0 credential': JSON.parse(readFileSync(new URL('../data/ob-credential.json', import.meta.url), 'utf8')),
  '200-quad document': JSON.parse(readFileSync(new URL('../data/two-hundred-quads.jsonld', import.meta.url), 'utf8')),
};
const canonize = (doc) => jsonld.canonize(doc, { algorithm: 'RDFC-1.0', format: 'application/n-quads', safe: true, documentLoader });

for (const [name, doc] of Object.entries(inputs)) {
  for (let i = 0; i < 200; i++) await canonize(doc);
  const samples = [];
  for (let round = 0; round < 10; round++) {
    const n = 100;
    const start = performance.now();
    for (let i = 0; i < n; i++) await canonize(doc);
    samples.push(((performance.now() - start) * 1000) / n);
  }
  samples.sort((a, b) => a - b);
  console.log(`${name}: median ${samples[5].toFixed(1)} us per canonicalization (min ${samples[0].toFixed(1)}, max ${samples[9].toFixed(1)}) over 10 x 100 runs`);
}
