// Sums the TRX files of `dotnet test` and the TAP output of `node --test` into one closing line:
// "N passed, N failed, N skipped".
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'TestResults';
let passed = 0, failed = 0, skipped = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.trx'))) {
  const trx = readFileSync(join(dir, file), 'utf8');
  const counters = trx.match(/<Counters\b[^>]*>/);
  if (!counters) continue;
  const count = (name) => Number(counters[0].match(new RegExp(`\\b${name}="(\\d+)"`))?.[1] ?? 0);
  passed += count('passed');
  failed += count('failed') + count('error') + count('timeout') + count('aborted');
  // VSTest leaves skipped tests out of the counters; each one is a result with outcome NotExecuted.
  skipped += (trx.match(/<UnitTestResult\b[^>]*\boutcome="NotExecuted"/g) ?? []).length;
}
const tap = join(dir, 'interop.tap');
if (existsSync(tap)) {
  const text = readFileSync(tap, 'utf8');
  const count = (name) => Number(text.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  passed += count('pass');
  failed += count('fail') + count('cancelled');
  skipped += count('skipped') + count('todo');
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
