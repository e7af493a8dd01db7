import { Priority, RegexDetector } from './detector';
import { InfoTypes } from './info-types';

/** JWT (JWS compact form, also unsigned `alg: none`): base64url header `eyJ…`, payload, signature. */
export class JwtDetector extends RegexDetector {
  constructor() {
    super({
      name: 'jwt',
      infoType: InfoTypes.JWT,
      priority: Priority.JWT,
      pattern: /(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*(?![\w-])/g,
    });
  }
}
