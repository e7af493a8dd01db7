import { createHmac } from 'node:crypto';

import { InfoTypes } from './info-types';
import type { InfoType } from './info-types';
import type { MaskStyle } from './masking.config';

/** Turns a found value into its replacement according to the style configured for its info type. */
export class Masker {
  /** `[EMAIL_ADDRESS]` per info type masked by token, built once */
  private readonly tokens = new Map<InfoType, string>();

  constructor(
    private readonly defaultStyle: MaskStyle,
    private readonly styles: Readonly<Record<string, MaskStyle>>,
    private readonly pseudonymSecret?: string,
  ) {}

  styleFor(infoType: InfoType): MaskStyle {
    return this.styles[infoType] ?? this.defaultStyle;
  }

  /** The replacement of a type masked by token, once built; undefined for other styles (or before first use). */
  cachedToken(infoType: InfoType): string | undefined {
    return this.tokens.get(infoType);
  }

  replacement(infoType: InfoType, value: string): string {
    // a type masked by token (most are) is answered from the cache, without looking up its style
    const cached = this.tokens.get(infoType);
    if (cached !== undefined) return cached;
    const style = this.styleFor(infoType);
    switch (style.kind) {
      case 'token': {
        const token = `[${infoType}]`;
        if (this.tokens.size < 1000) this.tokens.set(infoType, token);
        return token;
      }
      case 'partial':
        return partial(infoType, value, style.keep);
      case 'pseudonym':
        return `${infoType}:${this.pseudonym(infoType, value, style.length)}`;
    }
  }

  private pseudonym(infoType: InfoType, value: string, length: number): string {
    if (!this.pseudonymSecret) throw new Error('pseudonym style without a secret');
    return createHmac('sha256', this.pseudonymSecret)
      .update(`${infoType}\u0000${normalizeForPseudonym(infoType, value)}`)
      .digest('hex')
      .slice(0, length);
  }
}

/** The same customer written differently still gets the same pseudonym. */
function normalizeForPseudonym(infoType: InfoType, value: string): string {
  switch (infoType) {
    case InfoTypes.EMAIL_ADDRESS:
      return value.trim().toLowerCase();
    case InfoTypes.CREDIT_CARD_NUMBER:
    case InfoTypes.PHONE_NUMBER:
    case InfoTypes.US_SOCIAL_SECURITY_NUMBER:
      return value.replace(/\D/g, '');
    case InfoTypes.IBAN_CODE:
      return value.replace(/\s/g, '').toUpperCase();
    default:
      return value;
  }
}

function partial(infoType: InfoType, value: string, keep: number): string {
  if (infoType === InfoTypes.EMAIL_ADDRESS) {
    const at = value.lastIndexOf('@');
    if (at > 0) return '*'.repeat(at) + value.slice(at);
  }
  const compact =
    infoType === InfoTypes.CREDIT_CARD_NUMBER || infoType === InfoTypes.US_SOCIAL_SECURITY_NUMBER
      ? value.replace(/\D/g, '')
      : value;
  // short values would be mostly revealed: star them completely
  if (compact.length < keep * 3) return '*'.repeat(Math.max(compact.length, 1));
  return '*'.repeat(compact.length - keep) + compact.slice(compact.length - keep);
}
