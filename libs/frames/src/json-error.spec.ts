import { describeJsonError, locateJsonError } from './json-error';

describe('locateJsonError', () => {
  it.each([
    ['{"a":1}', undefined],
    [' [1, -2.5e3, "x\\u00e9\\n", true, false, null, {}] ', undefined],
    ['{"a":}', 5],
    ['{"a":1', 6],
    ['{"a":1}}', 7],
    ['[1,]', 3],
    ['{a:1}', 1],
    ['', 0],
    ['{"a":"\u0001"}', 6],
    ['{"a":"\\x"}', 7],
    ['{"a": tru}', 9],
    ['01', 1],
    ['{"a":1.}', 7],
  ])('%j fails at %p', (text, position) => {
    expect(locateJsonError(text)?.position).toBe(position);
    if (position === undefined) expect(() => JSON.parse(text)).not.toThrow();
    else expect(() => JSON.parse(text)).toThrow();
  });

  it('gives up without a position on nesting too deep to scan', () => {
    expect(locateJsonError('['.repeat(1_000_000))).toBeUndefined();
  });
});

describe('describeJsonError', () => {
  it('names position, line, column, what was expected and what was found', () => {
    expect(describeJsonError('{\n  "a": }')).toBe(
      "bad JSON at position 9 (line 2, column 8): expected a value, got '}'",
    );
    expect(describeJsonError('{"a":1')).toBe(
      "bad JSON at position 6 (line 1, column 7): expected ',' or '}' after a property value, got end of input",
    );
  });
});
