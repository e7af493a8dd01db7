import type { Frame } from '@auditorium/frames';
import { storedFrameOf } from '@auditorium/store';
import { commandIndex, CommandIndexer, MAX_COMMAND_OUTPUT } from './command-index';
import { ts } from './replay.fixtures';

function session(parts: Array<['input' | 'output', string, Record<string, number>?]>) {
  return parts.map(([type, data, findings], seq) =>
    storedFrameOf({ v: 1, sid: 's', seq, ts: ts(seq * 100), type, data } as Frame, {
      hash: '0'.repeat(64),
      findings,
    }),
  );
}

describe('commandIndex', () => {
  it('indexes each submitted line with its time and the output that followed (echo left out)', () => {
    const frames = session([
      ['output', 'orders=> '],
      ['input', 'SELECT email, '],
      ['input', 'card FROM orders;'],
      ['input', '\r'],
      ['output', 'SELECT email, card FROM orders;\r\n'],
      [
        'output',
        ' a@b.example | [CREDIT_CARD_NUMBER]\r\n(1 row)\r\n\r\norders=> ',
        { CREDIT_CARD_NUMBER: 1, EMAIL_ADDRESS: 1 },
      ],
      ['input', '\\q\r'],
    ]);
    const commands = commandIndex(frames);
    expect(commands.map((c) => [c.index, c.seq, c.ts, c.line])).toEqual([
      [0, 3, ts(300), 'SELECT email, card FROM orders;'],
      [1, 6, ts(600), '\\q'],
    ]);
    expect(commands[0].output).toBe(' a@b.example | [CREDIT_CARD_NUMBER]\n(1 row)\n\norders=> ');
    expect(commands[0].findings).toEqual({ CREDIT_CARD_NUMBER: 1, EMAIL_ADDRESS: 1 });
    expect(commands[1].output).toBe('');
  });

  it('applies line editing: backspace, Ctrl-C and Ctrl-U; arrow keys and CRLF add nothing', () => {
    const commands = commandIndex(
      session([
        ['input', 'SELECTT\x7f 1;\x1b[D\r\n'],
        ['input', 'DROP TABLE x\x03'],
        ['input', 'oops\x15\\dt\r'],
      ]),
    );
    expect(commands.map((c) => c.line)).toEqual(['SELECT 1;', '\\dt']);
  });

  it('makes controls in a typed line visible and bounds the output it keeps', () => {
    const commands = commandIndex(
      session([
        ['input', 'echo \x1b]52;c;ZXZpbA==\x07\x07\u202ehi\r'],
        ['output', 'x'.repeat(MAX_COMMAND_OUTPUT + 10)],
        ['output', 'more'],
      ]),
    );
    expect(commands[0].line).toBe('echo ⟨U+202E⟩hi'); // OSC and BEL gone, the bidi override visible
    expect(commands[0].output).toHaveLength(MAX_COMMAND_OUTPUT);
    expect(commands[0].outputTruncated).toBe(true);
  });

  it('counts submissions as they happen, for callers that only count', () => {
    const indexer = new CommandIndexer();
    for (const f of session([
      ['input', 'a\rb\r'],
      ['output', 'x'],
      ['input', 'c'],
    ]))
      indexer.push(f);
    expect(indexer.submitted).toBe(2);
  });
});
