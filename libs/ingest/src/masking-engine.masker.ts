import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '@auditorium/config';
import { ConfigError } from '@auditorium/config';
import type { Frame } from '@auditorium/frames';
import { MaskingConfigInput, MaskingEngine, textScanBackend, validateMaskingConfig } from '@auditorium/redaction';
import { FrameMasker, MaskedFrame } from './frame-masker';

/** FrameMasker over libs/redaction's MaskingEngine. */
export class MaskingEngineMasker extends FrameMasker {
  constructor(private readonly engine: MaskingEngine) {
    super();
  }

  mask(frame: Frame, ctx: { resource?: { name: string; type?: string } }): MaskedFrame {
    const result = this.engine.maskFrame(frame, { resource: ctx.resource });
    return { frame: result.frame, counts: result.counts };
  }
}

/**
 * Builds the masker from MASKING_* settings. Embedded mode keeps its pseudonym
 * secret under the data dir so pseudonyms stay stable across restarts.
 * A bad rules file stops the boot with a message naming the rule.
 */
export async function createMasker(config: AppConfig, logger: Logger): Promise<FrameMasker> {
  let input: MaskingConfigInput = {};
  if (config.masking.rulesFile) {
    try {
      input = JSON.parse(readFileSync(config.masking.rulesFile, 'utf8')) as MaskingConfigInput;
    } catch (err) {
      throw new ConfigError([`MASKING_RULES_FILE=${config.masking.rulesFile}: ${(err as Error).message}`]);
    }
  }
  let secret = config.masking.secret;
  if (!secret) {
    const file = join(config.dataDir, 'keys', 'masking-secret');
    if (!existsSync(file)) {
      mkdirSync(join(config.dataDir, 'keys'), { recursive: true, mode: 0o700 });
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
      chmodSync(file, 0o600);
    }
    secret = readFileSync(file, 'utf8').trim();
  }
  try {
    const masking = validateMaskingConfig({ ...input, mode: config.masking.mode, pseudonymSecret: secret });
    const scan = textScanBackend();
    logger.info(
      {
        mode: masking.mode,
        customRules: masking.customRules.length,
        ruleSets: masking.ruleSets.length,
        scan: scan.backend,
      },
      'masking engine ready',
    );
    // still correct, only slower: the WebAssembly module was not built (npm run build builds it)
    if (scan.reason) logger.warn({ reason: scan.reason }, 'masking scans long texts in JavaScript');
    return new MaskingEngineMasker(new MaskingEngine(masking));
  } catch (err) {
    throw new ConfigError([`masking configuration: ${(err as Error).message}`]);
  }
}
