/**
 * Session page: the replay (asciinema-player) with its controls, the exchange
 * timeline beside it, the selected exchange's frames below, the integrity
 * badge and the downloads.
 */
import { ApiError, errorMessage, getJson, getText, isAborted } from '../api';
import type { SessionSummary, TimelineItem, VerifyResult } from '../api-types';
import { announce, h } from '../dom';
import { castTimes, toPlayedTime, toRealTime, type CastTimes } from '../cast-times';
import { castBlob, downloadButton, framesBlob, safeFileName } from '../downloads';
import { ExchangeFrames, renderExchangeFrames } from '../exchange-details';
import { formatBytes, formatClock, formatDateTime, formatDurationMs, sessionDurationMs } from '../format';
import type { Player, PlayerOptions } from '../player-runtime';
import { href, replaceUrl, sessionHref, type Route } from '../router';
import { legalHoldControl } from './legal-hold';
import {
  decisionBadge,
  decisionBadges,
  empty,
  errorBox,
  findingBadges,
  focusHeading,
  heading,
  httpStatusBadge,
  loading,
  payload,
  statusBadge,
} from '../ui';

export const SPEEDS = ['0.5', '1', '1.5', '2', '4', '8'];
/** seconds; 'cast' = what the recording's header says, 'off' = real time */
export const IDLE_LIMITS: Array<[string, string]> = [
  ['cast', 'as recorded'],
  ['off', 'off (real time)'],
  ['0.5', '0.5 s'],
  ['1', '1 s'],
  ['2', '2 s'],
  ['5', '5 s'],
];

interface PlayerSettings {
  speed: string;
  idle: string;
}

export async function renderSession(root: HTMLElement, route: Route, signal: AbortSignal): Promise<void> {
  const sid = route.sid ?? '';
  const settings: PlayerSettings = {
    speed: SPEEDS.includes(route.params.get('speed') ?? '') ? (route.params.get('speed') as string) : '1',
    idle: IDLE_LIMITS.some(([v]) => v === route.params.get('idle')) ? (route.params.get('idle') as string) : 'cast',
  };
  const selectedXid = route.params.get('x') ?? undefined;
  // a deep link to a moment: #/sessions/<sid>?t=12.5 (seconds of real session time, the timeline's clock)
  const t = Number(route.params.get('t') ?? NaN);
  const startAt = Number.isFinite(t) && t >= 0 ? t : undefined;
  const enc = encodeURIComponent(sid);

  root.replaceChildren(
    h('p', { class: 'crumbs' }, h('a', { attrs: { href: href('/sessions') } }, '← Sessions')),
    heading(`Session ${sid}`),
    loading('the session'),
  );

  let summary: SessionSummary;
  try {
    summary = await getJson<SessionSummary>(`/sessions/${enc}`, {}, `session ${sid}`, signal);
  } catch (err) {
    if (isAborted(err)) return;
    root.lastElementChild?.replaceWith(errorBox(err, () => void renderSession(root, route, signal)));
    return;
  }
  if (signal.aborted) return;

  const who = summary.identity ? (summary.identity.name ?? summary.identity.sub) : 'unknown identity';
  const what = summary.resource?.name ?? 'unknown resource';
  const integrity = h(
    'div',
    { class: 'integrity', attrs: { role: 'status' } },
    badge('Integrity: checking…', 'neutral'),
  );
  const timelinePanel = h('div', { class: 'timeline-body' }, loading('the exchange timeline'));
  const timelineTitle = h('h2', { id: 'timeline-title' }, `Exchanges (${summary.exchangeCount})`);
  const details = h(
    'section',
    { class: 'details', attrs: { 'aria-labelledby': 'details-title' } },
    h('h2', { id: 'details-title' }, 'Exchange details'),
    h('p', { class: 'muted' }, 'Select an exchange in the timeline to see its request, decision and response.'),
  );
  const stage = h(
    'div',
    { class: 'player-stage', attrs: { 'aria-label': 'Session replay' } },
    loading('the recording'),
  );
  const timeOut = h('output', { id: 'player-time', class: 'player-time', attrs: { 'data-seconds': '0' } }, '0:00.0');
  const playButton = h('button', { id: 'play-toggle', attrs: { type: 'button', disabled: true } }, 'Play');

  const speedSelect = h('select', { id: 'speed' });
  for (const s of SPEEDS) speedSelect.append(h('option', { attrs: { value: s } }, `${s}×`));
  speedSelect.value = settings.speed;
  const idleSelect = h('select', { id: 'idle-limit' });
  for (const [v, label] of IDLE_LIMITS) idleSelect.append(h('option', { attrs: { value: v } }, label));
  idleSelect.value = settings.idle;

  root.replaceChildren(
    h('p', { class: 'crumbs' }, h('a', { attrs: { href: href('/sessions') } }, '← Sessions')),
    heading(`${who} → ${what}`, `Session ${sid}`),
    h(
      'div',
      { class: 'session-bar' },
      integrity,
      h(
        'div',
        { class: 'downloads', attrs: { role: 'group', 'aria-label': 'Downloads' } },
        downloadButton('Download cast (v3)', `${safeFileName(sid)}.cast`, () => castBlob(sid, 'v3')),
        downloadButton('Download cast (v2)', `${safeFileName(sid)}.v2.cast`, () => castBlob(sid, 'v2')),
        downloadButton('Download frames (NDJSON)', `${safeFileName(sid)}.frames.ndjson`, (progress) =>
          framesBlob(sid, (n) => progress(`${n} frames…`)),
        ),
        legalHoldControl(sid, summary.legalHold === true),
      ),
    ),
    summaryFacts(summary),
    h(
      'div',
      { class: 'replay' },
      h(
        'section',
        { class: 'player-col', attrs: { 'aria-labelledby': 'replay-title' } },
        h('h2', { id: 'replay-title', class: 'visually-hidden' }, 'Replay'),
        stage,
        h(
          'div',
          { class: 'player-controls' },
          playButton,
          h('div', { class: 'field inline' }, h('label', { attrs: { for: 'speed' } }, 'Speed'), speedSelect),
          h('div', { class: 'field inline' }, h('label', { attrs: { for: 'idle-limit' } }, 'Idle limit'), idleSelect),
          h('div', { class: 'field inline' }, h('span', { class: 'label' }, 'Position'), timeOut),
        ),
        h(
          'p',
          { class: 'hint' },
          'With the player focused: space plays or pauses, ← → seek, [ and ] jump to the previous or next exchange.',
        ),
      ),
      h('section', { class: 'timeline', attrs: { 'aria-labelledby': 'timeline-title' } }, timelineTitle, timelinePanel),
    ),
    details,
  );
  focusHeading(root);

  const replay = new Replay(stage, timeOut, playButton, settings);
  signal.addEventListener('abort', () => replay.dispose(), { once: true });
  const frames = new ExchangeFrames(sid);
  let items: TimelineItem[] = [];
  const buttons = new Map<string, HTMLButtonElement>();

  const select = async (item: TimelineItem, seek: boolean) => {
    for (const [xid, b] of buttons) b.setAttribute('aria-current', String(xid === item.xid));
    replaceUrl(sessionHref(sid, { ...urlSettings(settings), x: item.xid }));
    if (seek) await replay.seekTo(item);
    if (item.command) {
      details.replaceChildren(h('h2', { id: 'details-title' }, 'Command details'), commandDetails(item));
      return;
    }
    details.replaceChildren(
      h('h2', { id: 'details-title' }, 'Exchange details'),
      h('p', { class: 'muted' }, exchangeLabel(item)),
      loading('the exchange'),
    );
    try {
      const found = await frames.find(item.xid);
      if (signal.aborted) return;
      details.lastElementChild?.replaceWith(
        found?.length
          ? renderExchangeFrames(found)
          : empty('These frames are too far into the session to show here; download the frames to read them.'),
      );
    } catch (err) {
      if (isAborted(err)) return;
      details.lastElementChild?.replaceWith(errorBox(err));
    }
  };

  // The exchange the playback just reached: highlighted, while aria-current stays on the selected one.
  replay.onMarker = (time) => {
    const item = items.find((i) => Math.abs(i.time - time) < 0.001);
    if (item) for (const [xid, b] of buttons) b.classList.toggle('is-playing', xid === item.xid);
  };

  const onSettings = () => {
    settings.speed = speedSelect.value;
    settings.idle = idleSelect.value;
    const current = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
    replaceUrl(sessionHref(sid, { ...urlSettings(settings), x: current.get('x') }));
    void replay.remount();
  };
  speedSelect.addEventListener('change', onSettings);
  idleSelect.addEventListener('change', onSettings);

  void (async () => {
    try {
      const verify = await getJson<VerifyResult>(`/sessions/${enc}/verify`, {}, 'the integrity check', signal);
      integrity.replaceChildren(integrityBadge(verify));
    } catch (err) {
      if (isAborted(err)) return;
      integrity.replaceChildren(badge(`Integrity: not checked — ${errorMessage(err)}`, 'neutral'));
    }
  })();

  void (async () => {
    try {
      const cast = await getText(
        `/sessions/${enc}/replay`,
        { format: 'v3' },
        'the recording',
        signal,
        'application/x-asciicast',
      );
      if (signal.aborted) return;
      await replay.load(cast, startAt);
    } catch (err) {
      if (isAborted(err)) return;
      stage.replaceChildren(errorBox(err));
    }
  })();

  try {
    const timeline = await getJson<{ items: TimelineItem[]; truncated?: boolean }>(
      `/sessions/${enc}/timeline`,
      {},
      'the exchange timeline',
      signal,
    );
    if (signal.aborted) return;
    items = timeline.items;
    replay.items = items;
    if (items.length === 0) {
      timelinePanel.replaceChildren(
        empty(
          summary.frameCount > 0
            ? 'No request/response exchanges: this is an interactive session, its terminal stream plays on the left.'
            : 'This session has no frames yet.',
        ),
      );
      return;
    }
    const commands = items.filter((i) => i.command).length;
    if (commands > 0) timelineTitle.textContent = `Exchanges (${items.length - commands}) · commands (${commands})`;
    const list = h('ol', { class: 'exchanges' });
    for (const item of items) {
      const button = timelineButton(item);
      button.addEventListener('click', () => void select(item, true));
      buttons.set(item.xid, button);
      list.append(h('li', null, button));
    }
    timelinePanel.replaceChildren(list);
    if (timeline.truncated) {
      timelinePanel.append(
        h('p', { class: 'muted' }, `Showing the first ${items.length} exchanges; the cast has them all.`),
      );
    }
    const initial = selectedXid ? items.find((i) => i.xid === selectedXid) : undefined;
    if (initial) void select(initial, true);
  } catch (err) {
    if (isAborted(err)) return;
    timelinePanel.replaceChildren(errorBox(err));
  }
}

function urlSettings(s: PlayerSettings): Record<string, string | undefined> {
  return { speed: s.speed === '1' ? undefined : s.speed, idle: s.idle === 'cast' ? undefined : s.idle };
}

/** A command of an interactive session: the line and what came back, as text (payloads are untrusted). */
function commandDetails(item: TimelineItem): HTMLElement {
  const c = item.command as NonNullable<TimelineItem['command']>;
  return h(
    'div',
    { class: 'command-details' },
    h('p', { class: 'muted' }, `Typed at ${formatClock(item.time)} (frame #${c.seq})`),
    payload(c.line || '(an empty line)', 'command-line'),
    h('h3', null, 'Output that followed'),
    payload(c.output || '(no output)', 'command-output'),
    c.outputTruncated ? h('p', { class: 'muted' }, 'Output cut at 4,096 characters; the replay has it all.') : null,
  );
}

function exchangeLabel(item: TimelineItem): string {
  const answer = item.commandTag ?? item.status;
  // SQL: the target is the statement, which already starts with its kind
  const method = item.method && item.target?.toUpperCase().startsWith(item.method) ? undefined : item.method;
  return [method, item.target, answer !== undefined ? `→ ${answer}` : undefined].filter(Boolean).join(' ');
}

function timelineButton(item: TimelineItem): HTMLButtonElement {
  const findings = Object.keys(item.findings ?? {}).length ? findingBadges(item.findings) : null;
  return h(
    'button',
    {
      class: 'exchange',
      attrs: { type: 'button', 'data-xid': item.xid, 'data-time': item.time, 'aria-current': 'false' },
    },
    h('span', { class: 'ex-time mono' }, formatClock(item.time)),
    h(
      'span',
      { class: 'ex-main' },
      h(
        'span',
        { class: 'ex-line' },
        item.method ? h('span', { class: 'ex-method' }, item.method) : null,
        item.command ? h('span', { class: 'ex-method' }, '$') : null,
        h('span', { class: 'ex-target mono' }, item.target ?? item.xid),
      ),
      h(
        'span',
        { class: 'ex-facts' },
        item.commandTag !== undefined
          ? h('span', { class: 'badge badge-neutral command-tag', attrs: { title: 'command tag' } }, item.commandTag)
          : httpStatusBadge(item.status),
        item.durationMs !== undefined ? h('span', { class: 'ex-duration' }, formatDurationMs(item.durationMs)) : null,
        item.decision
          ? decisionBadge(
              item.decision.outcome,
              [item.decision.policy, item.decision.reason].filter(Boolean).join(' — ') || undefined,
            )
          : null,
        findings,
      ),
    ),
  );
}

function summaryFacts(s: SessionSummary): HTMLElement {
  const dl = h('dl', { class: 'facts summary' });
  const fact = (term: string, ...value: Array<Node | string | null | undefined>) => {
    const present = value.filter((v) => v !== undefined && v !== null && v !== '');
    if (present.length) dl.append(h('div', null, h('dt', null, term), h('dd', null, ...present)));
  };
  const start = s.startedAt ?? s.firstTs;
  fact(
    'Identity',
    s.identity
      ? h('a', { attrs: { href: href('/sessions', { identity: s.identity.sub }) } }, s.identity.sub)
      : 'unknown',
    s.identity?.type ? h('span', { class: 'tag' }, s.identity.type) : null,
  );
  fact('Issuer', s.identity?.iss);
  fact('Groups', s.identity?.groups?.join(', '));
  fact(
    'Resource',
    s.resource ? [s.resource.name, s.resource.type, s.resource.env].filter(Boolean).join(' · ') : undefined,
  );
  fact('Client', [s.client?.ip, s.client?.userAgent].filter(Boolean).join(' · '));
  fact('Gateway', [s.gateway?.id, s.gateway?.version].filter(Boolean).join(' '));
  fact('Started', h('time', { attrs: { datetime: start } }, formatDateTime(start)));
  fact('Duration', formatDurationMs(sessionDurationMs(start, s.endedAt ?? s.lastTs)));
  fact('Status', statusBadge(s.status), s.legalHold ? h('span', { class: 'badge badge-warn' }, 'legal hold') : null);
  fact('Frames', `${s.frameCount} (${formatBytes(s.bytes)})`);
  fact('Decisions', Object.keys(s.decisions ?? {}).length ? decisionBadges(s.decisions) : null);
  fact('Masked', findingBadges(s.findings, 'nothing masked'));
  fact('Correlation id', s.correlationId);
  const labels = Object.entries(s.labels ?? {});
  if (labels.length) fact('Labels', labels.map(([k, v]) => `${k}=${v}`).join(', '));
  return dl;
}

function badge(text: string, tone: 'ok' | 'bad' | 'warn' | 'neutral'): HTMLElement {
  return h('span', { class: `badge badge-big badge-${tone}` }, text);
}

function integrityBadge(v: VerifyResult): HTMLElement {
  const gaps = (v.gaps ?? []).map((g) => (g.from === g.to ? `${g.from}` : `${g.from}–${g.to}`)).join(', ');
  let node: HTMLElement;
  switch (v.status) {
    case 'ok':
      node = badge('Integrity: verified — hash chain intact, seal valid', 'ok');
      break;
    case 'tampered':
      node = badge(`Integrity: TAMPERED${v.firstBadSeq !== undefined ? ` at frame ${v.firstBadSeq}` : ''}`, 'bad');
      break;
    case 'gap':
      node = badge(`Integrity: frames missing${gaps ? ` (seq ${gaps})` : ''}`, 'warn');
      break;
    case 'unsealed':
      node = badge('Integrity: chain intact, not sealed yet', 'warn');
      break;
    default:
      node = badge(`Integrity: ${v.status}`, 'neutral');
  }
  const wrap = h('span', { class: 'integrity-inner' }, node);
  if (v.message) wrap.append(h('span', { class: 'sub' }, ` ${v.message}`));
  return wrap;
}

/** The player, recreated when speed or idle limit change (it takes them at creation). */
class Replay {
  private player?: Player;
  private cast?: string;
  private times: CastTimes = { events: [], markers: [] };
  /** the idle limit (seconds) the current player runs with */
  private limit = Infinity;
  private timer?: number;
  private disposed = false;
  private playing = false;
  items: TimelineItem[] = [];
  /** called with the real (cast) time of the marker the playback reached */
  onMarker: (time: number) => void = () => undefined;

  constructor(
    private readonly stage: HTMLElement,
    private readonly timeOut: HTMLOutputElement,
    private readonly playButton: HTMLButtonElement,
    private readonly settings: PlayerSettings,
  ) {
    playButton.addEventListener('click', () => void this.toggle());
  }

  /** `startAt`: real session seconds to open at (a deep link), on the player's clock once mapped through the idle limit */
  async load(cast: string, startAt?: number): Promise<void> {
    const first = cast.slice(0, cast.indexOf('\n') >>> 0);
    let version: unknown;
    try {
      version = (JSON.parse(first) as { version?: unknown }).version;
    } catch {
      version = undefined;
    }
    if (version !== 2 && version !== 3) {
      throw new ApiError('server', 'The server sent a recording that is not an asciicast v2 or v3 file.');
    }
    this.cast = cast;
    this.times = castTimes(cast);
    this.limit = this.idleLimit();
    await this.mount(startAt !== undefined ? toPlayedTime(startAt, this.times.events, this.limit) : 0, false);
  }

  async remount(): Promise<void> {
    if (!this.player) return;
    // Keep the position across idle limits: old player clock → real time → new player clock.
    const real = toRealTime(this.player.getCurrentTime() ?? 0, this.times.events, this.limit);
    this.limit = this.idleLimit();
    await this.mount(toPlayedTime(real, this.times.events, this.limit), this.playing);
    announce(`Speed ${this.settings.speed}×, idle limit ${this.settings.idle}`);
  }

  /** A new player at `position` (the player's clock, seconds), playing or not. */
  private async mount(position: number, play: boolean): Promise<void> {
    if (!this.cast || this.disposed) return;
    const { create } = await import('../player-runtime');
    if (this.disposed) return;
    this.player?.dispose();
    this.stage.replaceChildren();
    const container = h('div', { class: 'player' });
    this.stage.append(container);
    const opts: PlayerOptions = {
      speed: Number(this.settings.speed),
      controls: true,
      preload: true,
      fit: 'width',
      terminalFontSize: 'small',
    };
    if (this.settings.idle !== 'cast') {
      opts.idleTimeLimit = this.settings.idle === 'off' ? Number.MAX_SAFE_INTEGER : Number(this.settings.idle);
    }
    const player = create({ data: this.cast }, container, opts);
    this.player = player;
    this.playing = false;
    player.addEventListener('play', () => this.setPlaying(true));
    player.addEventListener('playing', () => this.setPlaying(true));
    player.addEventListener('pause', () => this.setPlaying(false));
    player.addEventListener('ended', () => this.setPlaying(false));
    player.addEventListener('marker', (e) => {
      const t = this.times.markers[e.index];
      if (t !== undefined) this.onMarker(t);
    });
    this.playButton.disabled = false;
    this.setPlaying(false);
    window.clearInterval(this.timer);
    this.timer = window.setInterval(() => this.showTime(), 200);
    this.watchLoad(player);
    // `startAt` would only apply once playing; seeking shows the position at once.
    if (position > 0) await player.seek(position);
    if (play) await player.play();
    this.showTime();
  }

  /** The player reports no load errors; if the recording never gets a duration, say so. */
  private watchLoad(player: Player): void {
    window.setTimeout(() => {
      if (this.player !== player || this.disposed || player.getDuration() !== undefined) return;
      this.stage.append(
        h(
          'p',
          { class: 'state state-error', attrs: { role: 'alert' } },
          'The player could not open this recording. Download the cast to inspect it, and check the browser console.',
        ),
      );
    }, 10_000);
  }

  private idleLimit(): number {
    if (this.settings.idle === 'off') return Infinity;
    if (this.settings.idle === 'cast') return this.times.idleTimeLimit ?? Infinity;
    return Number(this.settings.idle);
  }

  private setPlaying(playing: boolean): void {
    this.playing = playing;
    this.playButton.textContent = playing ? 'Pause' : 'Play';
    this.playButton.setAttribute('aria-pressed', String(playing));
  }

  private showTime(): void {
    const p = this.player;
    if (!p) return;
    const t = p.getCurrentTime() ?? 0;
    const d = p.getDuration();
    this.timeOut.textContent = d !== undefined ? `${formatClock(t)} / ${formatClock(d)}` : formatClock(t);
    this.timeOut.setAttribute('data-seconds', t.toFixed(3));
  }

  async toggle(): Promise<void> {
    if (!this.player) return;
    if (this.playing) await this.player.pause();
    else await this.player.play();
  }

  /**
   * To the exchange's marker, which the player moves with the idle limit; the
   * marker is found by time (the timeline and the cast share one clock), so an
   * exchange without a marker still lands at its real time.
   */
  async seekTo(item: TimelineItem): Promise<void> {
    const p = this.player;
    if (!p) return;
    const marker = this.times.markers.findIndex((t) => Math.abs(t - item.time) < 0.001);
    try {
      await p.seek(marker >= 0 ? { marker } : item.time);
    } catch {
      await p.seek(item.time);
    }
    this.showTime();
    announce(`Moved to ${formatClock(p.getCurrentTime() ?? 0)}: ${exchangeLabel(item)}`);
  }

  dispose(): void {
    this.disposed = true;
    window.clearInterval(this.timer);
    this.player?.dispose();
    this.player = undefined;
  }
}
