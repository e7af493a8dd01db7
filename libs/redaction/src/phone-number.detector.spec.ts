import { found } from './detect.testing';
import { PhoneNumberDetector } from './phone-number.detector';

describe('PhoneNumberDetector', () => {
  const d = new PhoneNumberDetector();
  it.each([
    ['call +14155550100', '+14155550100'],
    ['call +1 415-555-0100', '+1 415-555-0100'],
    ['call (415) 555-0100 today', '(415) 555-0100'],
    ['call 415-555-0100', '415-555-0100'],
    ['call 415.555.0100', '415.555.0100'],
    ['london +44 20 7946 0958', '+44 20 7946 0958'],
    ['uk 020 7946 0958', '020 7946 0958'],
    ['"phone": "4155550100"', '4155550100'],
  ])('finds %s', (text, v) => expect(found(d, text)).toEqual([v]));

  it.each([
    ['order 4155550100'],
    ['at 2024-01-15T10:00:00Z'],
    ['ts 1717171717171'],
    ['version 415.555.0100.2'],
    ['ip 10.155.50.100'],
    ['uuid 415-555-0100-aaaa'],
    ['price +100 items'],
    ['range 100-200-3000'],
  ])('ignores %s', (text) => expect(found(d, text)).toEqual([]));
});
