import { found } from './detect.testing';
import { EmailDetector } from './email.detector';

describe('EmailDetector', () => {
  const d = new EmailDetector();
  it.each([
    ['contact alice.smith@example.com now', 'alice.smith@example.com'],
    ['"bob+billing@mail.example.org"', 'bob+billing@mail.example.org'],
    ['<carol_o@company.co.uk>.', 'carol_o@company.co.uk'],
    ['user=dave%x@startup.dev&x', 'dave%x@startup.dev'],
  ])('finds %s', (text, email) => expect(found(d, text)).toEqual([email]));

  it.each([
    ['icon@2x.png'],
    ['npm i @scope/pkg@1.2.3'],
    ['a@b'],
    ['@handle mentions'],
    ['x@localhost'],
    ['me@@example.com'],
  ])('ignores %s', (text) => expect(found(d, text)).toEqual([]));

  it('offsets stay right around multi-byte text', () => {
    const text = '👋 zoë → erin@example.com ✓';
    expect(found(d, text)).toEqual(['erin@example.com']);
  });
});
