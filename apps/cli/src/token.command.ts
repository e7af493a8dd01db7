import { Command, InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isRole, loadOrCreateLocalAuthKey, LOCAL_AUTH_KEY_FILE, mintLocalToken, Role } from '@auditorium/auth';
import { loadConfig } from '@auditorium/config';

function roleList(value: string): Role[] {
  const roles = value.split(',').map((r) => r.trim());
  for (const r of roles)
    if (!isRole(r)) throw new InvalidArgumentError(`unknown role "${r}" (auditor, siem, compliance, ingest, admin)`);
  return roles as Role[];
}

function duration(value: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(value);
  if (!m) throw new InvalidArgumentError('use e.g. 900s, 30m, 12h, 7d');
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
}

export function tokenCommand(): Command {
  return new Command('token')
    .description('mint a token signed by the embedded local key (embedded mode only; reads AUDITORIUM_DATA_DIR)')
    .requiredOption('-r, --role <roles>', 'comma-separated roles: auditor, siem, compliance, ingest, admin', roleList)
    .option('-s, --sub <subject>', 'subject (who the token is for)', 'local-user')
    .option('-t, --ttl <duration>', 'lifetime, e.g. 30m, 12h, 7d', duration, 12 * 3600)
    .option('--identities <subs>', 'limit an auditor to these identities (comma-separated)')
    .option('--resources <names>', 'limit an auditor to these resources (comma-separated)')
    .action(async (opts: { role: Role[]; sub: string; ttl: number; identities?: string; resources?: string }) => {
      const config = loadConfig();
      if (config.auth.mode !== 'local')
        throw new Error('tokens can only be minted in embedded mode (AUTH_MODE=local); ask your IdP');
      if (!existsSync(join(config.dataDir, LOCAL_AUTH_KEY_FILE)))
        throw new Error(`no local key under ${resolve(config.dataDir)}: start the server once (npm start)`);
      const key = await loadOrCreateLocalAuthKey(config.dataDir);
      const split = (s?: string) =>
        s
          ? s
              .split(',')
              .map((x) => x.trim())
              .filter(Boolean)
          : undefined;
      const scope =
        opts.identities || opts.resources
          ? { identities: split(opts.identities), resources: split(opts.resources) }
          : undefined;
      const token = await mintLocalToken(key, {
        roles: opts.role,
        sub: opts.sub,
        ttlS: opts.ttl,
        issuer: config.auth.issuer,
        audience: config.auth.audience,
        scope,
      });
      process.stdout.write(token + '\n');
    });
}
