// The documents the JavaScript stack may load while checking BadgeIssuer's credentials: the pinned contexts, and this
// service's own controller documents, verification methods and status lists over loopback. Nothing else is fetched.
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { documentLoader as pinned } from './pinned-contexts.mjs';
import { base, call } from './service.mjs';

/** The origin the service puts in its ids (its PublicBaseUrl), which may name loopback differently from BADGEISSUER_URL. */
const publicBase = process.env.BADGEISSUER_PUBLIC_BASE_URL ?? 'http://localhost:5080';

/** Pinned contexts, plus this service's controller documents, verification methods and status lists read over loopback. */
export async function documentLoader(url) {
  if (url.startsWith(`${publicBase}/issuers/`) || url.startsWith(`${base}/issuers/`)) {
    const [controller, fragment] = url.split('#');
    const profile = (await call('GET', new URL(controller).pathname)).json;
    if (!fragment) return { contextUrl: null, documentUrl: url, document: profile };
    const method = profile.verificationMethod.find((m) => m.id === url);
    if (!method) throw new Error(`${url} is not listed by ${controller}`);
    return { contextUrl: null, documentUrl: url, document: { '@context': 'https://w3id.org/security/multikey/v1', ...method } };
  }
  if (url.startsWith(`${publicBase}/status-lists/`) || url.startsWith(`${base}/status-lists/`)) {
    const list = await call('GET', new URL(url).pathname);
    if (list.status !== 200) throw new Error(`${url}: ${list.status}`);
    return { contextUrl: null, documentUrl: url, document: list.json };
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

