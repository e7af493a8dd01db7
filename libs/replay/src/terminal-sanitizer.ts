/**
 * Payloads are untrusted. Two policies:
 *
 * 1. `escapeControls` — for everything Auditorium renders itself (request and
 *    response bodies, headers, targets, labels, reasons): no byte of the
 *    payload may reach the terminal as a control. ESC, the other C0 controls
 *    except TAB and LF, DEL and C1 become visible symbols (␛, ␍, ␡, ⟨U+009B⟩),
 *    and so do bidi overrides/isolates (U+202A–U+202E, U+2066–U+2069), which
 *    could make text read differently from what it is. CRLF counts as LF.
 *
 * 2. `TerminalStreamSanitizer` — for interactive sessions (input/output frames
 *    of psql, ssh, kubectl exec). That stream IS terminal output: colours,
 *    cursor movement, alternate screen and titles are what the auditor needs
 *    to see, so they pass. Removed are only sequences that reach outside the
 *    replay when it is played in a real terminal (`auditorium play`) or that
 *    mislead: OSC 52 (clipboard write), OSC 8 (hyperlinks: the link text stays,
 *    the hidden target goes), DCS/SOS/PM/APC strings (terminal-specific
 *    commands, tmux passthrough, DECRQSS), queries whose answers the terminal
 *    would type into the viewer's input (DA `CSI c`, DSR `CSI n`, window ops and
 *    title reports `CSI t`, DECRQM `CSI $ p`, DECID `ESC Z`) and raw C1
 *    controls (8-bit CSI/OSC). It is stateful because a sequence may be split
 *    across frames.
 */

const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

/** Make untrusted text inert: see the policy above. */
export function escapeControls(text: string): string {
  let out = '';
  let plainFrom = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isControl = (c < 0x20 && c !== 0x09 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f) || BIDI_CONTROL.test(text[i]);
    if (!isControl) continue;
    out += text.slice(plainFrom, i);
    plainFrom = i + 1;
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) continue; // CRLF → LF
    out += visible(c);
  }
  return plainFrom === 0 ? text : out + text.slice(plainFrom);
}

function visible(c: number): string {
  if (c < 0x20) return String.fromCharCode(0x2400 + c); // ␀ … ␟ (␛ for ESC)
  if (c === 0x7f) return '\u2421'; // ␡
  return `⟨U+${c.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

const ESC = '\x1b';
const BEL = '\x07';
/** Longest CSI kept (params + intermediates); anything longer is junk and dropped. */
const MAX_CSI = 64;
/** OSC numbers longer than this are not numbers: the OSC is dropped. */
const MAX_OSC_PREFIX = 8;

type State =
  | 'ground'
  | 'esc'
  | 'escIntermediate'
  | 'csi'
  | 'oscPrefix'
  | 'oscKeep'
  | 'oscDrop'
  | 'oscKeepEsc'
  | 'oscDropEsc'
  | 'stringDrop'
  | 'stringDropEsc';

/** Stateful filter for interactive terminal streams: see the policy above. */
export class TerminalStreamSanitizer {
  private state: State = 'ground';
  private pending = '';

  /** Filter one chunk; an incomplete trailing sequence is held for the next chunk. */
  push(chunk: string): string {
    let out = '';
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i];
      const c = chunk.charCodeAt(i);
      switch (this.state) {
        case 'ground':
          if (c === 0x1b) {
            this.state = 'esc';
          } else if (c < 0x80 || c > 0x9f) {
            out += ch;
          } // raw C1: dropped
          break;
        case 'esc':
          if (ch === '[') {
            this.state = 'csi';
            this.pending = '';
          } else if (ch === ']') {
            this.state = 'oscPrefix';
            this.pending = '';
          } else if (ch === 'P' || ch === 'X' || ch === '^' || ch === '_') {
            this.state = 'stringDrop';
          } else if (c >= 0x20 && c <= 0x2f) {
            this.state = 'escIntermediate';
            this.pending = ch;
          } else if (ch === 'Z' || c < 0x20 || c === 0x7f) {
            this.state = 'ground'; // DECID, or a broken sequence: drop
          } else {
            out += ESC + ch;
            this.state = 'ground';
          }
          break;
        case 'escIntermediate':
          if (c >= 0x20 && c <= 0x2f && this.pending.length < MAX_CSI) {
            this.pending += ch;
          } else {
            if (c >= 0x30 && c <= 0x7e) out += ESC + this.pending + ch;
            this.state = 'ground';
            this.pending = '';
          }
          break;
        case 'csi':
          if (c >= 0x40 && c <= 0x7e) {
            if (!isQuery(this.pending, ch)) out += ESC + '[' + this.pending + ch;
            this.state = 'ground';
            this.pending = '';
          } else if (c >= 0x20 && c <= 0x3f && this.pending.length < MAX_CSI) {
            this.pending += ch;
          } else {
            this.state = 'ground'; // malformed or oversized: drop it
            this.pending = '';
          }
          break;
        case 'oscPrefix':
          if (ch === ';' || ch === BEL || c === 0x1b) {
            const keep = this.pending !== '52' && this.pending !== '8';
            if (keep) out += ESC + ']' + this.pending;
            this.pending = '';
            if (ch === ';') {
              if (keep) out += ';';
              this.state = keep ? 'oscKeep' : 'oscDrop';
            } else if (ch === BEL) {
              if (keep) out += BEL;
              this.state = 'ground';
            } else {
              this.state = keep ? 'oscKeepEsc' : 'oscDropEsc';
            }
          } else if (this.pending.length < MAX_OSC_PREFIX) {
            this.pending += ch;
          } else {
            this.state = 'oscDrop';
            this.pending = '';
          }
          break;
        case 'oscKeep':
          if (ch === BEL) {
            out += BEL;
            this.state = 'ground';
          } else if (c === 0x1b) {
            this.state = 'oscKeepEsc';
          } else if (c >= 0x20 && !(c >= 0x7f && c <= 0x9f)) {
            out += ch;
          }
          break;
        case 'oscKeepEsc':
          // ST ends the string; anything else aborts it (a terminal does the same)
          out += ch === '\\' ? ESC + '\\' : BEL;
          this.state = ch === '\\' ? 'ground' : 'esc';
          if (ch !== '\\') i--; // that ESC starts the next sequence
          break;
        case 'oscDrop':
        case 'stringDrop':
          if (ch === BEL && this.state === 'oscDrop') this.state = 'ground';
          else if (c === 0x1b) this.state = this.state === 'oscDrop' ? 'oscDropEsc' : 'stringDropEsc';
          break;
        case 'oscDropEsc':
        case 'stringDropEsc':
          this.state = ch === '\\' ? 'ground' : 'esc';
          if (ch !== '\\') i--;
          break;
      }
    }
    return out;
  }

  /** End of stream: close a kept OSC left open, drop any other partial sequence. */
  end(): string {
    const out = this.state === 'oscKeep' || this.state === 'oscKeepEsc' ? BEL : '';
    this.state = 'ground';
    this.pending = '';
    return out;
  }
}

/** CSI sequences that make the terminal answer on its input. */
function isQuery(params: string, final: string): boolean {
  if (final === 'c' || final === 'n' || final === 't') return true;
  return final === 'p' && params.includes('$');
}

/** `escapeControls` over a one-line label (LF and TAB escaped too). */
export function escapeLine(text: string): string {
  return escapeControls(text).replace(/\n/g, '\u240a').replace(/\t/g, ' ');
}
