// A jsonld.js document loader that serves only the contexts pinned in schemas/ (the same bytes BadgeIssuer embeds),
// mapped by the URL column of schemas/SOURCES.md. Nothing is fetched.
import { readFileSync } from 'node:fs';

const schemas = new URL('../../schemas/', import.meta.url);
const rows = readFileSync(new URL('SOURCES.md', schemas), 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('| `contexts/'))
  .map((line) => line.split('|').map((cell) => cell.trim()));

const byUrl = new Map();
for (const [, file, url] of rows) {
  const path = file.replaceAll('`', '');
  if (path.includes('validator-2026-06')) continue;
  const document = JSON.parse(readFileSync(new URL(path, schemas), 'utf8'));
  byUrl.set(url.split(' ')[0], document);
}
// The 3.0.0 context is also published under this alias (see schemas/SOURCES.md).
byUrl.set('https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld', byUrl.get('https://purl.imsglobal.org/spec/ob/v3p0/context.json'));

export const pinnedUrls = [...byUrl.keys()];

export async function documentLoader(url) {
  if (!byUrl.has(url)) throw new Error(`${url} is not a pinned context`);
  return { contextUrl: null, documentUrl: url, document: byUrl.get(url) };
}
