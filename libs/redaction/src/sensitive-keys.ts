import { InfoTypes } from './info-types';
import type { InfoType } from './info-types';

/**
 * Field, header, column and parameter names whose values are masked whatever
 * they look like. A name matches when, lower-cased and stripped of separators,
 * it ends with one of these ("db_password", "X-Api-Key", "stripeSecret").
 */
const SUFFIXES: ReadonlyArray<readonly [string, InfoType]> = [
  ['password', InfoTypes.PASSWORD],
  ['passwd', InfoTypes.PASSWORD],
  ['pwd', InfoTypes.PASSWORD],
  ['passphrase', InfoTypes.PASSWORD],
  ['secret', InfoTypes.SECRET],
  ['secretkey', InfoTypes.SECRET],
  ['token', InfoTypes.SECRET],
  ['apikey', InfoTypes.SECRET],
  ['accesskey', InfoTypes.SECRET],
  ['privatekey', InfoTypes.PRIVATE_KEY],
  ['credential', InfoTypes.SECRET],
  ['credentials', InfoTypes.SECRET],
  ['signature', InfoTypes.SECRET],
  ['authorization', InfoTypes.AUTHORIZATION],
  ['cookie', InfoTypes.COOKIE],
  ['ssn', InfoTypes.US_SOCIAL_SECURITY_NUMBER],
  ['socialsecuritynumber', InfoTypes.US_SOCIAL_SECURITY_NUMBER],
  ['card', InfoTypes.CREDIT_CARD_NUMBER],
  ['cardnumber', InfoTypes.CREDIT_CARD_NUMBER],
  ['cardno', InfoTypes.CREDIT_CARD_NUMBER],
  ['creditcard', InfoTypes.CREDIT_CARD_NUMBER],
  ['ccnumber', InfoTypes.CREDIT_CARD_NUMBER],
  ['pan', InfoTypes.CREDIT_CARD_NUMBER],
  ['cvv', InfoTypes.CREDIT_CARD_NUMBER],
  ['cvc', InfoTypes.CREDIT_CARD_NUMBER],
  ['iban', InfoTypes.IBAN_CODE],
];

/** Names that end like a sensitive one but are not ("company", "max_tokens" never match anyway). */
const NOT_SENSITIVE = new Set(['company', 'japan', 'span', 'lifespan', 'timespan', 'tokentype', 'pan']);

const cache = new Map<string, InfoType | null>();

function normalize(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The info type a value under this name is masked as, or null when the name is not sensitive. */
export function sensitiveKeyType(name: string): InfoType | null {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const n = normalize(name);
  let result: InfoType | null = null;
  if (n.length > 0 && !NOT_SENSITIVE.has(n)) {
    for (const [suffix, type] of SUFFIXES) {
      if (n.endsWith(suffix)) {
        // "pan" alone or after a separator only: "card_pan", not "lifespan".
        if (suffix === 'pan' && !/(?:^|[^a-z])pan$/i.test(name)) continue;
        result = type;
        break;
      }
    }
  }
  if (name === 'pan' || name === 'PAN') result = InfoTypes.CREDIT_CARD_NUMBER;
  if (cache.size < 10_000) cache.set(name, result);
  return result;
}

/** Cheap pre-check for text that may hold a table with a sensitive column. */
export const SENSITIVE_NAME_HINT =
  /pass|pwd|secret|token|api.?key|access.?key|private.?key|credential|ssn|card|cvv|cvc|iban|authorization|cookie|signature/i;
