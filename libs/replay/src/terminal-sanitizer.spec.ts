import { escapeControls, escapeLine, TerminalStreamSanitizer } from './terminal-sanitizer';

describe('escapeControls', () => {
  it('makes every control visible except TAB and LF', () => {
    expect(escapeControls('a\x1b[2Jb\x07c\td\ne\rf\x7fg\x9bh')).toBe('a␛[2Jb␇c\td\ne␍f␡g⟨U+009B⟩h');
    expect(escapeControls('one\r\ntwo')).toBe('one\ntwo');
    expect(escapeControls('safe \u202eevil\u2066')).toBe('safe ⟨U+202E⟩evil⟨U+2066⟩');
    expect(escapeControls('plain ünïcödé 😀')).toBe('plain ünïcödé 😀');
    expect(escapeLine('a\nb\tc')).toBe('a␊b c');
  });
});

describe('TerminalStreamSanitizer', () => {
  const run = (...chunks: string[]): string => {
    const s = new TerminalStreamSanitizer();
    return chunks.map((c) => s.push(c)).join('') + s.end();
  };

  it('keeps colours, cursor moves, titles and plain control bytes', () => {
    const text = '\x1b[1;31mred\x1b[0m\r\n\x1b[2J\x1b[H\x1b[?1049h\x1b]0;psql\x07\x1b(B\x1b7\x08\t';
    expect(run(text)).toBe(text);
    expect(run('\x1b]2;title\x1b\\x')).toBe('\x1b]2;title\x1b\\x');
  });

  it('drops clipboard writes, hyperlink targets, DCS/APC strings and device queries', () => {
    expect(run('a\x1b]52;c;ZXZpbA==\x07b')).toBe('ab');
    expect(run('a\x1b]52;c;ZXZpbA==\x1b\\b')).toBe('ab');
    expect(run('\x1b]8;;https://evil.example\x07click\x1b]8;;\x07')).toBe('click');
    expect(run('x\x1bPq#0;2;0;0;0#0~~@@\x1b\\y\x1b_apc\x1b\\z')).toBe('xyz');
    expect(run('\x1b[6n\x1b[c\x1b[>0c\x1b[21t\x1b[?2026$p\x1bZok')).toBe('ok');
    expect(run('a\u009b2Jb\u009d52;c;x\u009c')).toBe('a2Jb52;c;x');
  });

  it('handles sequences split across chunks', () => {
    expect(run('a\x1b', ']5', '2;c;ZXZp', 'bA==\x07b')).toBe('ab');
    expect(run('\x1b[1;3', '1mred')).toBe('\x1b[1;31mred');
    expect(run('\x1b]0;ti', 'tle\x1b', '\\after')).toBe('\x1b]0;title\x1b\\after');
    expect(run('\x1b]0;unterminated')).toBe('\x1b]0;unterminated\x07');
  });
});
