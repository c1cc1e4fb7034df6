// Sums the TRX files of `dotnet test` and the TAP output of `node --test` into one closing line:
// "N passed, N failed, N skipped", after the name and first message line of each failed test, so the end of a CI log
// says what failed even when only its tail is kept.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'TestResults';
let passed = 0, failed = 0, skipped = 0;
const failures = [];
const unescape = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
for (const file of readdirSync(dir).filter((f) => f.endsWith('.trx'))) {
  const trx = readFileSync(join(dir, file), 'utf8');
  const counters = trx.match(/<Counters\b[^>]*>/);
  if (!counters) continue;
  const count = (name) => Number(counters[0].match(new RegExp(`\\b${name}="(\\d+)"`))?.[1] ?? 0);
  passed += count('passed');
  failed += count('failed') + count('error') + count('timeout') + count('aborted');
  // VSTest leaves skipped tests out of the counters; each one is a result with outcome NotExecuted.
  skipped += (trx.match(/<UnitTestResult\b[^>]*\boutcome="NotExecuted"/g) ?? []).length;
  // A result with no output is self-closing (<UnitTestResult ... />); a failed one has a body up to its closing tag.
  for (const result of trx.matchAll(/<UnitTestResult\b((?:[^>\/]|\/(?!>))*)(?:\/>|>([\s\S]*?)<\/UnitTestResult>)/g)) {
    if (!/\boutcome="(Failed|Error|Timeout|Aborted)"/.test(result[1])) continue;
    const name = unescape(result[1].match(/\btestName="([^"]*)"/)?.[1] ?? '?');
    const message = unescape((result[2] ?? '').match(/<Message>([\s\S]*?)<\/Message>/)?.[1] ?? '').trim().split('\n')[0];
    failures.push(`FAILED ${name}: ${message.slice(0, 400)}`);
  }
  // A test host that crashed or was stopped by the hang timeout leaves no failed result, only an error of the run,
  // which names the test that was running.
  for (const info of trx.matchAll(/<RunInfo\b[^>]*\boutcome="Error"[^>]*>\s*<Text>([\s\S]*?)<\/Text>/g)) {
    failed += 1;
    failures.push(`FAILED run of ${file}: ${unescape(info[1]).trim().replace(/\s+/g, ' ').slice(0, 600)}`);
  }
}
const tap = join(dir, 'interop.tap');
if (existsSync(tap)) {
  const text = readFileSync(tap, 'utf8');
  const count = (name) => Number(text.match(new RegExp(`^# ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
  passed += count('pass');
  failed += count('fail') + count('cancelled');
  skipped += count('skipped') + count('todo');
  for (const line of text.matchAll(/^not ok \d+ - (.*)$/gm)) failures.push(`FAILED interop: ${line[1]}`);
}
for (const failure of failures) console.log(failure);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
