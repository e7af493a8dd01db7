/*
 * V8's JSON.parse messages name a position for some errors and only a snippet
 * for others. When a frame is not JSON this small scanner, run only on that
 * rare path, finds where and why, so a gateway author reads e.g.
 * "bad JSON at position 12 (line 1, column 13): expected a value, got '}'".
 */

interface Failure {
  position: number;
  expected: string;
}

class JsonScanError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.expected);
  }
}

/** A human-readable reason why `text` is not one JSON value, with position, line and column. */
export function describeJsonError(text: string): string {
  const failure = locateJsonError(text);
  if (!failure) return 'bad JSON';
  const before = text.slice(0, failure.position);
  const line = before.split('\n').length;
  const column = failure.position - before.lastIndexOf('\n');
  const found = failure.position >= text.length ? 'end of input' : `'${text[failure.position]}'`;
  return `bad JSON at position ${failure.position} (line ${line}, column ${column}): expected ${failure.expected}, got ${found}`;
}

/** Where `text` stops being one JSON value; undefined when it is valid JSON. */
export function locateJsonError(text: string): Failure | undefined {
  let i = 0;
  const fail = (expected: string): never => {
    throw new JsonScanError({ position: i, expected });
  };
  const skipSpace = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const literal = (word: string) => {
    for (const char of word) {
      if (text[i] !== char) fail(`'${word}'`);
      i++;
    }
  };
  const digits = () => {
    if (!/[0-9]/.test(text[i] ?? '')) fail('a digit');
    while (/[0-9]/.test(text[i] ?? '')) i++;
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail(`'"' to close the string`);
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        i++;
        return;
      }
      if (code < 0x20) fail('an escaped control character (\\n, \\t, \\u00XX)');
      if (code === 0x5c) {
        i++;
        const escape = text[i];
        if (escape === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (!/[0-9a-fA-F]/.test(text[i] ?? '')) fail('a hex digit of a \\u escape');
          }
        } else if (!escape || !'"\\/bfnrt'.includes(escape)) {
          fail('a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)');
        }
      }
      i++;
    }
  };
  const value = (): void => {
    skipSpace();
    const char = text[i];
    if (char === '{') {
      i++;
      skipSpace();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        skipSpace();
        if (text[i] !== '"') fail('a property name in double quotes');
        string();
        skipSpace();
        if (text[i] !== ':') fail(`':' after the property name`);
        i++;
        value();
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`',' or '}' after a property value`);
      }
    } else if (char === '[') {
      i++;
      skipSpace();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        skipSpace();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`',' or ']' after an array element`);
      }
    } else if (char === '"') {
      string();
    } else if (char === 't') {
      literal('true');
    } else if (char === 'f') {
      literal('false');
    } else if (char === 'n') {
      literal('null');
    } else if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) {
      number();
    } else {
      fail('a value');
    }
  };

  try {
    value();
    skipSpace();
    if (i < text.length) fail('end of input after the JSON value');
    return undefined;
  } catch (error) {
    if (error instanceof JsonScanError) return error.failure;
    return undefined; // nesting too deep for this recursive scanner: no position then
  }
}
