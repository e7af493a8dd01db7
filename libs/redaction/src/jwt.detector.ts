import { Priority, RegexDetector } from './detector';
import { InfoTypes } from './info-types';
import type { Span } from './span';
import { pairTable, TextIndex } from './text-index';

const FIRST = pairTable(['ey']);

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

  override detect(text: string, out: Span[], index: TextIndex = new TextIndex(text)): void {
    this.detectAt(text, index.words, FIRST, out);
  }
}
