import { found } from './detect.testing';
import { UsSsnDetector } from './us-ssn.detector';

describe('UsSsnDetector', () => {
  const d = new UsSsnDetector();
  it.each([
    ['ssn 123-45-6789.', '123-45-6789'],
    ['SSN: 234567890', '234567890'],
    ['social security number 345 67 8901', '345 67 8901'],
  ])('finds %s', (text, v) => expect(found(d, text)).toEqual([v]));

  it.each([
    ['000-12-3456'],
    ['666-12-3456'],
    ['912-34-5678'],
    ['123-00-4567'],
    ['date 2024-01-1234'],
    ['id 234567890'],
    ['1-123-45-6789-2'],
  ])('ignores %s', (text) => expect(found(d, text)).toEqual([]));
});
