// Talking to a running BadgeIssuer the way an outside client does. BADGEISSUER_URL and BADGEISSUER_ADMIN_KEY say where.
import { readFileSync } from 'node:fs';

export const base = process.env.BADGEISSUER_URL ?? 'http://127.0.0.1:5080';
export const adminKey = process.env.BADGEISSUER_ADMIN_KEY;
export const sample = (path) => JSON.parse(readFileSync(new URL(`../../samples/${path}`, import.meta.url), 'utf8'));

export async function call(method, path, { key, body, headers = {}, type = 'application/json' } = {}) {
  const response = await fetch(new URL(path, base), {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': type } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: response.status, type: response.headers.get('content-type') ?? '', json, text, headers: response.headers };
}

/** A new issuer with a client holding the issuing scopes and the sample achievement. */
export async function readyIssuer() {
  const issuer = await call('POST', '/api/v1/issuers', { key: adminKey, body: sample('requests/issuer.json') });
  if (issuer.status !== 201) throw new Error(`creating the issuer: ${issuer.status} ${issuer.text}`);
  const client = await call('POST', '/api/v1/clients', {
    key: adminKey, body: { issuerId: issuer.json.id, scopes: ['achievements:write', 'awards:issue', 'awards:read', 'awards:revoke'] },
  });
  if (client.status !== 201) throw new Error(`creating the client: ${client.status} ${client.text}`);
  const achievement = await call('POST', `/api/v1/issuers/${issuer.json.id}/achievements`, { key: client.json.apiKey, body: sample('requests/achievement.json') });
  if (achievement.status !== 201) throw new Error(`creating the achievement: ${achievement.status} ${achievement.text}`);
  return { issuerId: issuer.json.id, key: client.json.apiKey, achievementId: achievement.json.id };
}

export const award = (file, achievementId) => ({ ...sample(`requests/${file}`), achievementId });

/** Issues the sample award that meets the criteria and returns the award response, with the issuer's client key. */
export async function issue() {
  const { issuerId, key, achievementId } = await readyIssuer();
  const issued = await call('POST', `/api/v1/issuers/${issuerId}/awards`, { key, body: award('award-met.json', achievementId) });
  if (issued.status !== 201) throw new Error(`issuing: ${issued.status} ${issued.text}`);
  return { ...issued.json, key };
}
