import { Command, InvalidArgumentError } from 'commander';
import { ApiClient, ServerOptions } from './api-client';
import { plainText } from './plain-text';

const positive = (v: string) => {
  const n = Number(v);
  if (!(n > 0)) throw new InvalidArgumentError('must be a positive number');
  return n;
};

/** Streams the session's asciicast and plays it in this terminal with its real timing. */
export function playCommand(): Command {
  return new Command('play')
    .description('replay a session in this terminal (asciicast from the server, masked values as stored)')
    .argument('<sid>', 'session id')
    .option('--url <url>', 'server URL (AUDITORIUM_URL)')
    .option('--token <jwt>', 'bearer token with role auditor (AUDITORIUM_TOKEN)')
    .option('-s, --speed <factor>', 'playback speed', positive, 1)
    .option('-i, --idle-limit <seconds>', 'cap idle pauses at this many seconds', positive, 2)
    .option('--no-wait', 'print everything at once, no pauses')
    .action(async (sid: string, opts: ServerOptions & { speed: number; idleLimit: number; wait: boolean }) => {
      const api = new ApiClient(opts);
      const res = await api.get(`/api/v1/sessions/${encodeURIComponent(sid)}/replay?format=v2`);
      const reader = res.body?.getReader();
      if (!reader) return;
      const decoder = new TextDecoder();
      let buffered = '';
      let last = 0;
      let header = true;
      // a pipe or a file gets the words, a terminal gets the colours too
      const out = process.stdout.isTTY ? (s: string) => s : plainText;
      const dim = process.stderr.isTTY ? (s: string) => `\x1b[2m${s}\x1b[0m\r\n` : (s: string) => `${s}\n`;
      for (;;) {
        const { value, done } = await reader.read();
        if (value) buffered += decoder.decode(value, { stream: true });
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (!line.trim()) continue;
          if (header) {
            header = false;
            continue;
          }
          const [time, code, data] = JSON.parse(line) as [number, string, string];
          if (opts.wait) {
            const pause = Math.min(time - last, opts.idleLimit) / opts.speed;
            if (pause > 0) await new Promise((r) => setTimeout(r, pause * 1000));
          }
          last = time;
          if (code === 'o') process.stdout.write(out(data));
          else if (code === 'm') process.stderr.write(dim(`── ${stripControls(data)} ──`));
        }
        if (done) break;
      }
      process.stdout.write(process.stdout.isTTY ? '\r\n' : '\n');
    });
}

/** Marker labels come from recorded data: no control characters reach the terminal. */
function stripControls(text: string): string {
  return [...text].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f).join('');
}
