// The two search engines the repo can start, each one real server from
// Maven Central jars plus a tiny launcher kept beside this file (see README).
import path from 'node:path';

import { SearchEngine } from '../service';

export interface EngineSpec {
  engine: SearchEngine;
  version: string;
  /** Folder under test/infra/search/ with pom.xml and the launcher source. */
  dir: string;
  /** Maven property in pom.xml that carries the version. */
  versionProperty: string;
  /** Launcher source file in `dir`. */
  launcher: string;
  /** Main class of the launcher; also identifies our process in /proc. */
  mainClass: string;
  /** The server jar a complete download must contain. */
  serverJar: string;
  /** Java feature versions the server runs on, inclusive. */
  java: { min: number; max: number };
  /** JVM flags beyond the common ones. */
  jvmFlags: string[];
  /** Node settings beyond the common ones. */
  settings: Record<string, string>;
  /** Checks the body and headers of `GET /` name this engine. */
  isReal(root: RootInfo, headers: Headers): boolean;
}

/** The parts of `GET /` we read. */
export interface RootInfo {
  version?: { number?: string; distribution?: string; build_flavor?: string };
  tagline?: string;
}

const ELASTICSEARCH_VERSION = process.env.AUDITORIUM_ELASTICSEARCH_VERSION ?? '9.5.3';
const OPENSEARCH_VERSION = process.env.AUDITORIUM_OPENSEARCH_VERSION ?? '2.19.6';

export const ENGINES: Record<SearchEngine, EngineSpec> = {
  elasticsearch: {
    engine: 'elasticsearch',
    // 9.x: @elastic/elasticsearch 9 sends `compatible-with=9`, which 8.x refuses.
    version: ELASTICSEARCH_VERSION,
    dir: 'elasticsearch',
    versionProperty: 'es.version',
    launcher: 'EsLauncher.java',
    mainClass: 'org.elasticsearch.node.EsLauncher',
    serverJar: `elasticsearch-${ELASTICSEARCH_VERSION}.jar`,
    java: { min: 21, max: 99 },
    // Lucene and Elasticsearch call the foreign-function API.
    jvmFlags: ['--enable-native-access=ALL-UNNAMED'],
    // Tests delete their indices by pattern (refused by default since 8.0).
    settings: { 'action.destructive_requires_name': 'false' },
    isReal: (root, headers) =>
      headers.get('x-elastic-product') === 'Elasticsearch' && root.version?.number === ELASTICSEARCH_VERSION,
  },
  opensearch: {
    engine: 'opensearch',
    version: OPENSEARCH_VERSION,
    dir: 'opensearch',
    versionProperty: 'os.version',
    launcher: 'OsLauncher.java',
    mainClass: 'org.opensearch.node.OsLauncher',
    serverJar: `opensearch-${OPENSEARCH_VERSION}.jar`,
    // 2.19 is built for 11–23 and still calls Security Manager APIs, gone in 24.
    java: OPENSEARCH_VERSION.startsWith('2.') ? { min: 17, max: 21 } : { min: 21, max: 99 },
    jvmFlags: [],
    settings: { 'action.destructive_requires_name': 'false' },
    isReal: (root) => root.version?.distribution === 'opensearch' && root.version.number === OPENSEARCH_VERSION,
  },
};

export const DEFAULT_ENGINE: SearchEngine = 'elasticsearch';

export function isSearchEngine(value: string | undefined): value is SearchEngine {
  return value === 'elasticsearch' || value === 'opensearch';
}

/** test/infra/search/<engine>/ */
export function sourceDir(spec: EngineSpec): string {
  return path.join(__dirname, spec.dir);
}
