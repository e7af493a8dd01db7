/**
 * Info type names, after Presidio's where one exists (EMAIL_ADDRESS, IBAN_CODE, …).
 * Custom rules may add their own names; they must match INFO_TYPE_PATTERN.
 */
export const InfoTypes = {
  EMAIL_ADDRESS: 'EMAIL_ADDRESS',
  CREDIT_CARD_NUMBER: 'CREDIT_CARD_NUMBER',
  US_SOCIAL_SECURITY_NUMBER: 'US_SOCIAL_SECURITY_NUMBER',
  PHONE_NUMBER: 'PHONE_NUMBER',
  IBAN_CODE: 'IBAN_CODE',
  IP_ADDRESS: 'IP_ADDRESS',
  JWT: 'JWT',
  AUTHORIZATION: 'AUTHORIZATION',
  COOKIE: 'COOKIE',
  AWS_ACCESS_KEY_ID: 'AWS_ACCESS_KEY_ID',
  AWS_SECRET_ACCESS_KEY: 'AWS_SECRET_ACCESS_KEY',
  GITHUB_TOKEN: 'GITHUB_TOKEN',
  OPENAI_API_KEY: 'OPENAI_API_KEY',
  STRIPE_API_KEY: 'STRIPE_API_KEY',
  SLACK_TOKEN: 'SLACK_TOKEN',
  GOOGLE_API_KEY: 'GOOGLE_API_KEY',
  PRIVATE_KEY: 'PRIVATE_KEY',
  PASSWORD: 'PASSWORD',
  SECRET: 'SECRET',
  DENY_LIST: 'DENY_LIST',
} as const;

export type BuiltInInfoType = (typeof InfoTypes)[keyof typeof InfoTypes];

/** Info types are open: custom rules name their own. */
export type InfoType = BuiltInInfoType | (string & {});

export const INFO_TYPE_PATTERN = /^[A-Z][A-Z0-9_]{1,63}$/;

export const BUILT_IN_INFO_TYPES: readonly BuiltInInfoType[] = Object.values(InfoTypes);
