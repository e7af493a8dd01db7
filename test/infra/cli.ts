// npm run infra:up | infra:down, or: node scripts/run-ts.js test/infra/cli.ts
// <up|down|status|env> [kafka|search ...]
// up starts detached servers that outlive this command and prints the env
// lines to use (stdout; progress goes to stderr), so this works:
//   eval "$(npm run -s infra:up)"
import { downAll, service, SERVICE_NAMES, ServiceName, upAll } from './stack';
import { envOf, ServiceInfo } from './service';

const USAGE = `usage: cli.ts <up|down|status|env> [${SERVICE_NAMES.join('|')} ...]`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const unknown = rest.filter((name) => !SERVICE_NAMES.includes(name as ServiceName));
  if (unknown.length) {
    process.stderr.write(`unknown service ${unknown.join(', ')}\n${USAGE}\n`);
    return 2;
  }
  const names = rest.length ? (rest as ServiceName[]) : SERVICE_NAMES;

  switch (command) {
    case 'up': {
      const { infos } = await upAll(names);
      for (const info of infos) process.stderr.write(`${describe(info)}\n`);
      printEnv(infos);
      return 0;
    }
    case 'down':
      await downAll(names);
      process.stderr.write(`stopped ${names.join(', ')}\n`);
      return 0;
    case 'status':
    case 'env': {
      const running: ServiceInfo[] = [];
      for (const name of names) {
        const { running: alive, info } = await (await service(name)).status();
        if (alive && info) running.push(info);
        if (command === 'status') {
          const line = alive && info ? describe(info) : `${name}: not running`;
          process.stdout.write(`${line}\n`);
        }
      }
      if (command === 'env') printEnv(running);
      return command === 'status' || running.length === names.length ? 0 : 1;
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

function describe(info: ServiceInfo): string {
  const where = info.name === 'kafka' ? info.brokers.join(',') : `${info.engine} ${info.url}`;
  const ready = info.readyMs === undefined ? '' : `, ready in ${(info.readyMs / 1000).toFixed(1)} s`;
  return `${info.name}: ${where} version ${info.version} pid ${info.pid} since ${info.startedAt}${ready}`;
}

function printEnv(infos: ServiceInfo[]): void {
  for (const info of infos) {
    for (const [key, value] of Object.entries(envOf(info))) process.stdout.write(`${key}=${value}\n`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
