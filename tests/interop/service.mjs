// Talking to a running BadgeIssuer the way an outside client does. BADGEISSUER_URL and BADGEISSUER_ADMIN_KEY say where.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const base = process.env.BADGEISSUER_URL ?? 'http://127.0.0.1:5080';
export const adminKey = process.env.BADGEISSUER_ADMIN_KEY;
export const sample = (path) => JSON.parse(readFileSync(new URL(`../../samples/${path}`, import.meta.url), 'utf8'));

export async function call(method, path, { key, body, headers = {}, type = 'application/json', origin = base } = {}) {
  const response = await fetch(new URL(path, origin), {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body !== undefined ? { 'content-type': type } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: response.status, type: response.headers.get('content-type') ?? '', json, text, headers: response.headers };
}

/** A new issuer with a client holding the issuing scopes and the sample achievement (at `origin`, administered with `admin`). */
export async function readyIssuer({ origin = base, admin = adminKey } = {}) {
  const issuer = await call('POST', '/api/v1/issuers', { key: admin, body: sample('requests/issuer.json'), origin });
  if (issuer.status !== 201) throw new Error(`creating the issuer: ${issuer.status} ${issuer.text}`);
  const client = await call('POST', '/api/v1/clients', {
    key: admin, body: { issuerId: issuer.json.id, scopes: ['achievements:write', 'awards:issue', 'awards:read', 'awards:revoke'] }, origin,
  });
  if (client.status !== 201) throw new Error(`creating the client: ${client.status} ${client.text}`);
  const achievement = await call('POST', `/api/v1/issuers/${issuer.json.id}/achievements`, { key: client.json.apiKey, body: sample('requests/achievement.json'), origin });
  if (achievement.status !== 201) throw new Error(`creating the achievement: ${achievement.status} ${achievement.text}`);
  return { issuerId: issuer.json.id, key: client.json.apiKey, achievementId: achievement.json.id };
}

export const award = (file, achievementId) => ({ ...sample(`requests/${file}`), achievementId });

/** Issues the sample award that meets the criteria and returns the award response, with the issuer's client key. */
export async function issue({ origin = base, admin = adminKey } = {}) {
  const { issuerId, key, achievementId } = await readyIssuer({ origin, admin });
  const issued = await call('POST', `/api/v1/issuers/${issuerId}/awards`, { key, body: award('award-met.json', achievementId), origin });
  if (issued.status !== 201) throw new Error(`issuing: ${issued.status} ${issued.text}`);
  return { ...issued.json, key };
}

/**
 * A service of the test's own, with extra settings (environment variables such as BadgeIssuer__Claims__ExchangeSeconds),
 * on a free loopback port over a fresh data directory: `dotnet run --no-build` of the built API, as .ci/run starts the
 * suite's service. Returns its origin and admin key, and `stop()`, which ends the process group it started.
 */
export async function startService(settings) {
  const port = await new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address();
      probe.close(() => resolve(free));
    }).on('error', reject);
  });
  const origin = `http://127.0.0.1:${port}`;
  const admin = `interop-${randomBytes(24).toString('hex')}`;
  const dataDirectory = mkdtempSync(join(tmpdir(), 'badgeissuer-interop-'));
  const project = fileURLToPath(new URL('../../src/BadgeIssuer.Api', import.meta.url));
  const service = spawn('dotnet', ['run', '--project', project, '--no-build', '--urls', origin], {
    env: { ...process.env, BadgeIssuer__AdminApiKey: admin, BadgeIssuer__DataDirectory: dataDirectory, BadgeIssuer__PublicBaseUrl: origin, ...settings },
    stdio: 'ignore',
    detached: true,
  });
  const stop = () => {
    try { process.kill(-service.pid, 'SIGTERM'); } catch { /* already ended */ }
    rmSync(dataDirectory, { recursive: true, force: true });
  };
  for (const deadline = Date.now() + 120_000; ; await new Promise((r) => setTimeout(r, 500))) {
    try { if ((await fetch(new URL('/health', origin))).ok) break; } catch { /* not listening yet */ }
    if (Date.now() > deadline || service.exitCode !== null) { stop(); throw new Error(`the service at ${origin} did not start`); }
  }
  return { origin, admin, stop };
}
