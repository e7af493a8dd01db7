import { Command, InvalidArgumentError, Option } from 'commander';
import { ApiClient, CliError, EXIT, ServerOptions } from './api-client';
import { openOutput } from './output-sink';

const FORMATS = ['json', 'csv', 'html', 'pdf'] as const;

interface ReportOptions extends ServerOptions {
  identity?: string;
  resource?: string;
  from?: string;
  to?: string;
  bucket: 'hour' | 'day';
  format: (typeof FORMATS)[number];
  out?: string;
}

const time = (value: string) => {
  if (
    !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/i.test(value) ||
    isNaN(Date.parse(value))
  ) {
    throw new InvalidArgumentError('must be an RFC 3339 time (2026-01-31T00:00:00Z) or a date (2026-01-31, UTC)');
  }
  return /T/i.test(value) ? value : `${value}T00:00:00Z`;
};

/** An access report for compliance: who touched what over a period. */
export function reportCommand(): Command {
  return new Command('report')
    .description('access report of an identity or a resource over a period (JSON, CSV, HTML with charts, PDF)')
    .option('-i, --identity <sub>', 'machine identity (token subject)')
    .option('-r, --resource <name>', 'resource name')
    .option('--from <time>', 'start, inclusive (RFC 3339 or YYYY-MM-DD; default 30 days before --to)', time)
    .option('--to <time>', 'end, exclusive (default now)', time)
    .addOption(new Option('-b, --bucket <size>', 'time bucket of the charts').choices(['hour', 'day']).default('day'))
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('json'))
    .option('-o, --out <file>', 'write to this file (default stdout; PDF needs a file or a pipe)')
    .option('--url <url>', 'server URL (AUDITORIUM_URL)')
    .option('--token <jwt>', 'bearer token with role compliance (AUDITORIUM_TOKEN)')
    .addHelpText(
      'after',
      `
With neither --identity nor --resource the report covers every identity and resource.
Examples:
  auditorium report --identity svc-nightly-sync --from 2026-01-01 --to 2026-02-01 --format pdf --out jan.pdf
  auditorium report --resource customers-db --format csv > customers-db.csv
Exit codes: 0 written, 2 usage, 5 bad token, 6 server error, 8 cannot write the file.`,
    )
    .action(async (opts: ReportOptions) => {
      const to = opts.to ?? new Date().toISOString();
      const from = opts.from ?? new Date(Date.parse(to) - 30 * 86_400_000).toISOString();
      if (Date.parse(to) <= Date.parse(from)) throw new CliError('--to must be after --from', EXIT.usage);
      if (opts.format === 'pdf' && !opts.out && process.stdout.isTTY) {
        throw new CliError('a PDF is binary: give --out <file> or redirect stdout', EXIT.usage);
      }
      const params = new URLSearchParams({ from, to, bucket: opts.bucket, format: opts.format });
      if (opts.identity) params.set('identity', opts.identity);
      if (opts.resource) params.set('resource', opts.resource);
      const res = await new ApiClient(opts).get(`/api/v1/reports/access?${params.toString()}`);
      const sink = await openOutput(opts.out, 'truncate');
      try {
        const body = new Uint8Array(await res.arrayBuffer());
        await sink.write(body);
      } finally {
        await sink.close();
      }
      if (opts.out) process.stderr.write(`access report (${opts.format}) written to ${opts.out}\n`);
    });
}
