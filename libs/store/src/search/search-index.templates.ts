import accessLogMapping from './mappings/access-log.v1.json';
import framesMapping from './mappings/frames.v1.json';
import identitiesMapping from './mappings/identities.v1.json';
import sessionsMapping from './mappings/sessions.v1.json';
import type { SearchIndexNames } from './search-index.names';

/** A versioned mapping file (mappings/*.json): settings and mappings of one kind of index. */
export interface MappingFile {
  version: number;
  description: string;
  settings: Record<string, unknown>;
  mappings: { properties: Record<string, unknown> } & Record<string, unknown>;
}

export const MAPPING_FILES = {
  frames: framesMapping as MappingFile,
  sessions: sessionsMapping as MappingFile,
  identities: identitiesMapping as MappingFile,
  accessLog: accessLogMapping as MappingFile,
} as const;

export interface IndexTemplate {
  name: string;
  body: {
    index_patterns: string[];
    priority: number;
    version: number;
    _meta: Record<string, string>;
    template: { settings: Record<string, unknown>; mappings: Record<string, unknown> };
  };
}

export interface TemplateOptions {
  /** index.number_of_replicas; absent leaves the engine's default (1) */
  replicas?: number;
  /** extra settings for frames indices (the ILM policy setting, when ILM exists) */
  frameSettings?: Record<string, unknown>;
}

/** Composable index templates for the store's indices, built from the mapping files and the names. */
export function recordingTemplates(names: SearchIndexNames, options: TemplateOptions = {}): IndexTemplate[] {
  return [
    template(names.framesTemplate, [names.framesPattern], MAPPING_FILES.frames, options, options.frameSettings),
    template(names.sessions, [names.sessions], MAPPING_FILES.sessions, options),
    template(names.identities, [names.identities], MAPPING_FILES.identities, options),
  ];
}

export function accessLogTemplate(names: SearchIndexNames, options: TemplateOptions = {}): IndexTemplate {
  return template(names.accessLog, [names.accessLog], MAPPING_FILES.accessLog, options);
}

function template(
  name: string,
  patterns: string[],
  file: MappingFile,
  options: TemplateOptions,
  extra: Record<string, unknown> = {},
): IndexTemplate {
  const settings: Record<string, unknown> = { ...file.settings, ...extra };
  if (options.replicas !== undefined) settings.number_of_replicas = options.replicas;
  return {
    name,
    body: {
      index_patterns: patterns,
      // above the engines' built-in templates (100), so ours win on our names
      priority: 200,
      version: file.version,
      _meta: { managed_by: 'auditorium', description: file.description },
      template: { settings, mappings: file.mappings },
    },
  };
}
