import { found } from './detect.testing';
import { JwtDetector } from './jwt.detector';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk';

describe('JwtDetector', () => {
  const d = new JwtDetector();
  it('finds a JWS', () => expect(found(d, `token=${JWT}&x=1`)).toEqual([JWT]));
  it('finds an unsigned token', () =>
    expect(found(d, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZ2VudCJ9.')).toEqual([
      'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZ2VudCJ9.',
    ]));
  it.each([['eyJ.short.x'], ['keyJunk.foo.bar'], ['file.eyJ']])('ignores %s', (text) =>
    expect(found(d, text)).toEqual([]),
  );
});
