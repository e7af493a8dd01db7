// Finds a JDK (java + javac) whose feature version a search engine runs on:
// Elasticsearch 9 needs 21+, OpenSearch 2.19 wants 17–21. The machine's
// default is 17, with a Temurin 25 in /usr/lib/jvm beside it.
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

export interface Jdk {
  home: string;
  /** Feature version: 17, 21, 25, … */
  major: number;
  java: string;
  javac: string;
}

/** The feature version in `<home>/release`, or undefined when not a JDK. */
export function jdkAt(home: string): Jdk | undefined {
  const java = path.join(home, 'bin', 'java');
  const javac = path.join(home, 'bin', 'javac');
  if (!existsSync(java) || !existsSync(javac)) return undefined;
  let release: string;
  try {
    release = readFileSync(path.join(home, 'release'), 'utf8');
  } catch {
    return undefined;
  }
  const match = /^JAVA_VERSION="(\d+)(?:\.(\d+))?/m.exec(release);
  if (!match) return undefined;
  // "1.8.0_x" is Java 8.
  const major = match[1] === '1' ? Number(match[2]) : Number(match[1]);
  return { home, major, java, javac };
}

/** The JDK home behind the `java` on PATH, if any. */
function pathJavaHome(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'java');
    if (!existsSync(candidate)) continue;
    try {
      return path.dirname(path.dirname(realpathSync(candidate)));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function installedJdks(): string[] {
  const roots = ['/usr/lib/jvm', '/opt/java', '/usr/java'];
  const homes: string[] = [];
  for (const root of roots) {
    let entries: string[];
    try {
      entries = readdirSync(root);
    } catch {
      continue;
    }
    for (const entry of entries.sort()) homes.push(path.join(root, entry));
  }
  return homes;
}

/**
 * A JDK in [min, max]. SEARCH_JAVA_HOME is taken as given; otherwise
 * JAVA_HOME, then the `java` on PATH, then JDKs installed under /usr/lib/jvm
 * (lowest fitting version first).
 */
export function findJdk(range: { min: number; max: number }, what: string): Jdk {
  const forced = process.env.SEARCH_JAVA_HOME;
  if (forced) {
    const jdk = jdkAt(forced);
    if (!jdk) throw new Error(`SEARCH_JAVA_HOME=${forced} is not a JDK (needs bin/java, bin/javac, release)`);
    return jdk;
  }
  const fits = (jdk: Jdk | undefined): jdk is Jdk => !!jdk && jdk.major >= range.min && jdk.major <= range.max;
  for (const home of [process.env.JAVA_HOME, pathJavaHome()]) {
    const jdk = home ? jdkAt(home) : undefined;
    if (fits(jdk)) return jdk;
  }
  const installed = installedJdks()
    .map(jdkAt)
    .filter(fits)
    .sort((a, b) => a.major - b.major);
  if (installed.length) return installed[0];
  const upper = range.max >= 99 ? '+' : `–${range.max}`;
  throw new Error(
    `${what} needs a JDK ${range.min}${upper} and none was found ` +
      `(looked at JAVA_HOME, PATH and /usr/lib/jvm); set SEARCH_JAVA_HOME`,
  );
}
