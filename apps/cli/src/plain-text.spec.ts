import { plainText } from './plain-text';

describe('plainText', () => {
  it('drops colours, cursor moves, titles and charset switches, keeps the words', () => {
    expect(plainText('\x1b[1;31mred\x1b[0m\r\n\x1b[2J\x1b[Hhome\x1b]0;psql\x07\x1b(Bok\x1b7x\x1b8')).toBe(
      'red\nhomeokx',
    );
  });

  it('leaves plain text alone', () => {
    expect(plainText('SELECT 1;\n 1\n')).toBe('SELECT 1;\n 1\n');
  });
});
