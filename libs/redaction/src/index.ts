export { MaskingEngine, MASKING_FAILED_PLACEHOLDER } from './masking.engine';
export type { MaskContext, MaskResult } from './masking.engine';
export type { Finding } from './mask-session';
export { validateMaskingConfig, DEFAULT_CUSTOM_RULE_TIMEOUT_MS } from './masking.config';
export type {
  CustomRule,
  DenyListEntry,
  MaskingConfig,
  MaskingConfigInput,
  MaskingMode,
  MaskStyle,
  MaskStyleInput,
  ResourceMatcher,
  RuleSet,
} from './masking.config';
export { MaskingConfigError, MaskingError } from './masking.errors';
export { InfoTypes, BUILT_IN_INFO_TYPES, INFO_TYPE_PATTERN } from './info-types';
export type { BuiltInInfoType, InfoType } from './info-types';
export { checkRegexSafety } from './regex-safety';
export { textScanBackend } from './text-index';
