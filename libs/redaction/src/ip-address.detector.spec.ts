import { found } from './detect.testing';
import { IpAddressDetector, isIPv6 } from './ip-address.detector';

describe('IpAddressDetector', () => {
  const d = new IpAddressDetector();
  it.each([
    ['from 10.0.0.1.', '10.0.0.1'],
    ['http://192.168.1.20:8080/x', '192.168.1.20'],
    ['client 2001:db8::ff00:42:8329 ok', '2001:db8::ff00:42:8329'],
    ['lo ::1', '::1'],
    ['link fe80::1:2:3:4', 'fe80::1:2:3:4'],
    ['mapped ::ffff:10.1.2.3', '::ffff:10.1.2.3'],
  ])('finds %s', (text, v) => expect(found(d, text)).toEqual([v]));

  it.each([
    ['Chrome/120.0.0.0'],
    ['at 12:30:45'],
    ['mac 00:1a:2b:3c:4d:5e'],
    ['v 1.2.3.4.5'],
    ['256.1.1.1'],
    ['std::vector'],
    ['{"a":"b"}'],
  ])('ignores %s', (text) => expect(found(d, text)).toEqual([]));

  it('parses IPv6 forms', () => {
    expect(isIPv6('1:2:3:4:5:6:7:8')).toBe(true);
    expect(isIPv6('1:2:3:4:5:6:7')).toBe(false);
    expect(isIPv6('1::2::3')).toBe(false);
  });
});
