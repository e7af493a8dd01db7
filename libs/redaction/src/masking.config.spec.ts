import { validateMaskingConfig } from './masking.config';
import { MaskingConfigError } from './masking.errors';

describe('validateMaskingConfig', () => {
  it('fills defaults', () => {
    expect(validateMaskingConfig({})).toEqual({
      mode: 'strict',
      defaultStyle: { kind: 'token' },
      styles: {},
      pseudonymSecret: undefined,
      customRules: [],
      allowList: [],
      denyList: [],
      ruleSets: [],
      customRuleTimeoutMs: 100,
      disabledInfoTypes: [],
    });
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['mode', { mode: 'lenient' }, /mode/],
    ['style', { styles: { EMAIL_ADDRESS: 'blur' } }, /styles\.EMAIL_ADDRESS/],
    ['pseudonym without secret', { styles: { EMAIL_ADDRESS: 'pseudonym' } }, /pseudonymSecret/],
    [
      'uncompilable rule',
      { customRules: [{ name: 'orders', infoType: 'ORDER_ID', pattern: '(' }] },
      /rule "orders".*does not compile/,
    ],
    [
      'catastrophic rule',
      { customRules: [{ name: 'evil', infoType: 'EVIL', pattern: '(a+)+$' }] },
      /rule "evil".*nested quantifiers/,
    ],
    [
      'empty-matching rule',
      { customRules: [{ name: 'empty', infoType: 'X_Y', pattern: 'a*' }] },
      /rule "empty".*empty string/,
    ],
    [
      'bad info type',
      { customRules: [{ name: 'lower', infoType: 'order id', pattern: 'x' }] },
      /rule "lower".*info type/,
    ],
    [
      'missing group',
      { customRules: [{ name: 'grp', infoType: 'GRP', pattern: 'a(b)', group: 2 }] },
      /rule "grp".*group 2/,
    ],
    [
      'duplicate',
      {
        customRules: [
          { name: 'd', infoType: 'DD', pattern: 'x' },
          { name: 'd', infoType: 'DD', pattern: 'y' },
        ],
      },
      /duplicate/,
    ],
    ['rule set without match', { ruleSets: [{ name: 'pg', match: {} }] }, /ruleSets\[0\] \("pg"\)/],
    ['timeout', { customRuleTimeoutMs: 0 }, /customRuleTimeoutMs/],
  ];
  it.each(bad)('rejects %s with a message naming it', (_name, input, message) => {
    expect(() => validateMaskingConfig(input)).toThrow(MaskingConfigError);
    expect(() => validateMaskingConfig(input)).toThrow(message);
  });
});
