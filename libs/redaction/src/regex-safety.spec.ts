import { checkRegexSafety } from './regex-safety';

describe('checkRegexSafety', () => {
  it.each(['(a+)+$', '(a*)*b', '(\\w+\\s?)*$', '((ab)+c)+', '(x{1,}y)+', '(a+){2,}', '(\\1)', '(?<n>a)\\k<n>'])(
    'rejects %s',
    (p) => expect(checkRegexSafety(p)).not.toBeNull(),
  );
  it.each(['\\bORD-\\d{6}\\b', '(?:ab|cd)+', '[a-z]+@corp', 'x(a|b)?y', '(\\d{3})-(\\d{4})', '[(+)]+', '\\(a+\\)+'])(
    'accepts %s',
    (p) => expect(checkRegexSafety(p)).toBeNull(),
  );
});
