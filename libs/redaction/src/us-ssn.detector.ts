import type { Detector } from './detector';
import { Priority, RegexDetector } from './detector';
import { InfoTypes } from './info-types';
import type { Span } from './span';
import { pairTable, RunFlags, TextIndex } from './text-index';

/** ssn, social… */
const LABEL = pairTable(['ss', 'so'], true);

export function isValidSsn(area: string, group: string, serial: string): boolean {
  if (area === '000' || area === '666' || area[0] === '9') return false;
  return group !== '00' && serial !== '0000';
}

/**
 * US_SOCIAL_SECURITY_NUMBER: ddd-dd-dddd anywhere; 9 bare digits or spaced
 * groups only right after an "SSN" / "social security" label.
 */
export class UsSsnDetector implements Detector {
  readonly name = 'us-ssn';
  readonly infoTypes = [InfoTypes.US_SOCIAL_SECURITY_NUMBER];

  private readonly dashed = new RegexDetector({
    name: 'us-ssn-dashed',
    infoType: InfoTypes.US_SOCIAL_SECURITY_NUMBER,
    priority: Priority.SSN,
    pattern: /(?<![\d-])(\d{3})-(\d{2})-(\d{4})(?![\d]|-\d)/g,
    // as the lookbehind has it
    starts: { first: '0123456789', notAfter: '0123456789-' },
    validate: (_v, m) => isValidSsn(m[1], m[2], m[3]),
  });

  private readonly labelled = new RegexDetector({
    name: 'us-ssn-labelled',
    infoType: InfoTypes.US_SOCIAL_SECURITY_NUMBER,
    priority: Priority.SSN,
    pattern:
      /\b(?:ssn|social[ _-]?security(?:[ _-]?(?:number|no))?)\b[^\d\n]{0,16}((\d{3})[ .]?(\d{2})[ .]?(\d{4}))(?!\d)/gi,
    group: 1,
    validate: (_v, m) => isValidSsn(m[2], m[3], m[4]),
  });

  detect(text: string, out: Span[], index: TextIndex = new TextIndex(text)): void {
    const runs = index.runs;
    for (let i = 0; i < runs.length; i += 5)
      if (runs[i + 2] >= 9 && (runs[i + 4] & RunFlags.DASH) !== 0)
        this.dashed.detectIn(text, runs[i], runs[i + 1], out);
    this.labelled.detectAt(text, index.words, LABEL, out);
  }
}
