/**
 * `npm run demo` — feeds the demo sessions through the public ingest path of a
 * running instance (`npm start` first). Token: AUDITORIUM_TOKEN, or minted
 * from the embedded key under AUDITORIUM_DATA_DIR (./data) with role ingest.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadOrCreateLocalAuthKey, LOCAL_AUTH_KEY_FILE, mintLocalToken } from '@auditorium/auth';
import { loadConfig } from '@auditorium/config';
import { demoSessions } from './demo/demo-sessions';

async function tokenFor(): Promise<string> {
  if (process.env.AUDITORIUM_TOKEN) return process.env.AUDITORIUM_TOKEN;
  const config = loadConfig();
  if (!existsSync(join(config.dataDir, LOCAL_AUTH_KEY_FILE)))
    throw new Error(
      `no AUDITORIUM_TOKEN and no local key under ${resolve(config.dataDir)}: start the server first (npm start)`,
    );
  const key = await loadOrCreateLocalAuthKey(config.dataDir);
  return mintLocalToken(key, {
    roles: ['ingest'],
    sub: 'demo-feeder',
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    ttlS: 600,
  });
}

async function main(): Promise<void> {
  const base = (process.env.AUDITORIUM_URL ?? `http://127.0.0.1:${process.env.AUDITORIUM_PORT ?? 8080}`).replace(
    /\/$/,
    '',
  );
  const token = await tokenFor();
  for (const s of demoSessions()) {
    const body = s.frames.map((f) => JSON.stringify(f)).join('\n') + '\n';
    const res = await fetch(`${base}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      body,
    });
    const answer = (await res.json()) as { accepted?: number; rejected?: number; message?: unknown };
    if (!res.ok) throw new Error(`ingest of ${s.sid} failed: ${res.status} ${JSON.stringify(answer)}`);
    console.log(
      `${s.sid.padEnd(30)} ${String(s.frames.length).padStart(3)} frames  accepted=${answer.accepted} rejected=${answer.rejected}  — ${s.title}`,
    );
  }
  console.log(`\nDone. Browse: ${base}/   API: curl -H "Authorization: Bearer $TOKEN" ${base}/api/v1/sessions`);
}

main().catch((err: unknown) => {
  console.error(`demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
