// The document loader a wallet ships, and nothing more: the pinned JSON-LD contexts from schemas/ (a static context
// map), did:key resolved by @digitalbazaar/did-method-key, and every other http(s) URL fetched with a plain GET and
// returned as served. No fragment is picked out of a document by hand: a verification method of ours must dereference
// to itself.
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { driver as didKeyDriver } from '@digitalbazaar/did-method-key';
import { documentLoader as pinned, pinnedUrls } from './pinned-contexts.mjs';

const didKey = didKeyDriver();
didKey.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from });

const contexts = new Set(pinnedUrls);

export async function documentLoader(url) {
  if (contexts.has(url)) return pinned(url);
  if (url.startsWith('did:key:')) return { contextUrl: null, documentUrl: url, document: await didKey.get({ url }) };
  if (url.startsWith('http://') || url.startsWith('https://')) {
    const response = await fetch(url, { headers: { accept: 'application/ld+json, application/json' } });
    if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
    return { contextUrl: null, documentUrl: url, document: await response.json() };
  }
  throw new Error(`${url} is neither a pinned context, a did:key nor an http(s) URL`);
}
