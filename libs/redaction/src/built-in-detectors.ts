import { AuthorizationDetector } from './authorization.detector';
import { AwsSecretKeyDetector } from './aws-secret-key.detector';
import { CreditCardDetector } from './credit-card.detector';
import type { Detector } from './detector';
import { EmailDetector } from './email.detector';
import { IbanDetector } from './iban.detector';
import { IpAddressDetector } from './ip-address.detector';
import { JwtDetector } from './jwt.detector';
import { KnownTokenDetector } from './known-token.detector';
import { PasswordAssignmentDetector } from './password-assignment.detector';
import { PhoneNumberDetector } from './phone-number.detector';
import { PrivateKeyDetector } from './private-key.detector';
import { UrlCredentialsDetector } from './url-credentials.detector';
import { UsSsnDetector } from './us-ssn.detector';

/** All built-in detectors, most specific first (order does not change results; overlaps are merged). */
export function builtInDetectors(): Detector[] {
  return [
    new PrivateKeyDetector(),
    new KnownTokenDetector(),
    new JwtDetector(),
    new UrlCredentialsDetector(),
    new AuthorizationDetector(),
    new PasswordAssignmentDetector(),
    new AwsSecretKeyDetector(),
    new CreditCardDetector(),
    new IbanDetector(),
    new UsSsnDetector(),
    new EmailDetector(),
    new IpAddressDetector(),
    new PhoneNumberDetector(),
  ];
}
