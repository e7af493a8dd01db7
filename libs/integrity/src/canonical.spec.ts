import { CanonicalizationError, canonicalFrame, canonicalJson } from './canonical';

describe('canonicalJson (RFC 8785 style)', () => {
  it('matches the RFC 8785 §3.2.2 sample', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 sample)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const names = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'];
    const expected = names.map((k) => `${JSON.stringify(k)}:${JSON.stringify(input[k as keyof typeof input])}`);
    expect(canonicalJson(input)).toBe(`{${expected.join(',')}}`);
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('serializes numbers the ECMAScript way', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [-0, '0'],
      [1, '1'],
      [-1.5, '-1.5'],
      [1e21, '1e+21'],
      [1e20, '100000000000000000000'],
      [1e-7, '1e-7'],
      [0.000001, '0.000001'],
      [0.1 + 0.2, '0.30000000000000004'],
      [Number.MAX_SAFE_INTEGER, '9007199254740991'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
    ];
    for (const [n, s] of cases) expect(canonicalJson(n)).toBe(s);
  });

  it('escapes strings minimally and keeps non-ASCII as UTF-8', () => {
    expect(canonicalJson('a"b\\c\u0000\u001f\t\n\b\f\r\u007f')).toBe('"a\\"b\\\\c\\u0000\\u001f\\t\\n\\b\\f\\r\u007f"');
    expect(
      canonicalFrame({ v: 1, sid: 's', seq: 0, ts: 't', type: 'error', message: 'é😀' }).toString('hex'),
    ).toContain(Buffer.from('é😀', 'utf8').toString('hex'));
    // lone surrogates are escaped, never turned into U+FFFD
    expect(canonicalJson('\ud800')).toBe('"\\ud800"');
  });

  it('omits undefined members, like the JSON round trip storage does', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('refuses values without a JSON form', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(CanonicalizationError);
    expect(() => canonicalJson({ a: [Infinity] })).toThrow('non-finite number Infinity at $.a[0]');
    expect(() => canonicalJson({ a: BigInt(1) })).toThrow(CanonicalizationError);
  });
});
