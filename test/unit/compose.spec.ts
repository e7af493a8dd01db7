// docker/compose.yml is for people with Docker; nothing here needs a Docker
// engine. It checks what `docker compose up` would rely on: the services,
// loopback-only ports, health checks, start order, and that the images are
// the versions the test suite runs against.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'yaml';

import { KAFKA_VERSION } from '../infra/kafka';

const root = path.resolve(__dirname, '..', '..');
const dockerDir = path.join(root, 'docker');

interface HealthCheck {
  test?: string[] | string;
  interval?: string;
}

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  ports?: string[];
  environment?: Record<string, string | number>;
  healthcheck?: HealthCheck;
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
}

interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const compose = parse(readFileSync(path.join(dockerDir, 'compose.yml'), 'utf8'), { merge: true }) as Compose;
const { services } = compose;

describe('docker/compose.yml', () => {
  it('has Kafka, Elasticsearch and the Auditorium services', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['kafka', 'elasticsearch', 'ingester', 'api', 'standalone']),
    );
  });

  it('runs Kafka in KRaft mode at the version the tests use', () => {
    const kafka = services.kafka;
    expect(kafka.image).toBe(`apache/kafka:${KAFKA_VERSION}`);
    const env = kafka.environment ?? {};
    expect(env.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(String(env.CLUSTER_ID)).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(`${env.KAFKA_NODE_ID}@kafka:9093`);
    // Containers reach the INTERNAL listener, the host the published one.
    expect(env.KAFKA_ADVERTISED_LISTENERS).toContain('INTERNAL://kafka:19092');
    expect(env.KAFKA_ADVERTISED_LISTENERS).toContain('HOST://127.0.0.1:9092');
    expect(Number(env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR)).toBe(1);
    expect(Number(env.KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR)).toBe(1);
    expect(Number(env.KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS)).toBe(0);
  });

  it('runs Elasticsearch at the version the tests use', () => {
    const image = services.elasticsearch.image ?? '';
    expect(image).toMatch(/^docker\.elastic\.co\/elasticsearch\/elasticsearch:\d+\.\d+\.\d+$/);
    const pom = path.join(root, 'test', 'infra', 'search', 'elasticsearch', 'pom.xml');
    const tested = existsSync(pom)
      ? /<es\.version>([^<]+)<\/es\.version>/.exec(readFileSync(pom, 'utf8'))?.[1]
      : undefined;
    if (tested) expect(image.split(':')[1]).toBe(tested);
    expect(services.elasticsearch.environment?.['discovery.type']).toBe('single-node');
  });

  it('publishes every port on 127.0.0.1 only', () => {
    const published = Object.entries(services).flatMap(([name, service]) =>
      (service.ports ?? []).map((port) => ({ name, port: String(port) })),
    );
    expect(published.length).toBeGreaterThanOrEqual(3);
    for (const { name, port } of published) {
      expect({ name, port: port.split(':')[0] }).toEqual({ name, port: '127.0.0.1' });
    }
  });

  it('gives every long-running service with a port a health check', () => {
    for (const name of ['kafka', 'elasticsearch', 'api', 'standalone']) {
      const check = services[name].healthcheck;
      expect({ name, test: check?.test }).toEqual({ name, test: expect.arrayContaining([expect.any(String)]) });
      expect(check?.interval).toMatch(/^\d+s$/);
    }
  });

  it('starts the ingester and the API only once their backends are healthy', () => {
    expect(services.ingester.depends_on).toEqual({
      kafka: { condition: 'service_healthy' },
      elasticsearch: { condition: 'service_healthy' },
    });
    expect(services.api.depends_on?.elasticsearch).toEqual({ condition: 'service_healthy' });
    for (const name of ['ingester', 'api']) {
      const env = services[name].environment ?? {};
      expect({ name, brokers: env.KAFKA_BROKERS, url: env.SEARCH_URL }).toEqual({
        name,
        brokers: 'kafka:19092',
        url: 'http://elasticsearch:9200',
      });
    }
  });

  it.each(['ingester', 'api', 'standalone'])('builds %s from its Dockerfile on Node 24 LTS', (app) => {
    const build = services[app].build;
    expect(build).toEqual({ context: '..', dockerfile: `docker/Dockerfile.${app}` });
    const dockerfile = readFileSync(path.join(dockerDir, `Dockerfile.${app}`), 'utf8');
    const bases = [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((match) => match[1]);
    expect(bases).toEqual(['node:24-bookworm-slim', 'node:24-bookworm-slim']);
    expect(dockerfile).toContain('RUN npm ci');
    expect(dockerfile).toContain('npm run build');
    expect(dockerfile).toContain(`CMD ["node", "dist/apps/${app}/src/main.js"]`);
    expect(existsSync(path.join(dockerDir, `Dockerfile.${app}.dockerignore`))).toBe(true);
  });

  it('keeps the standalone service out of a plain `up`', () => {
    expect(services.standalone.profiles).toEqual(['standalone']);
  });

  it('declares the named volumes it mounts', () => {
    expect(Object.keys(compose.volumes ?? {})).toEqual(
      expect.arrayContaining(['kafka-data', 'es-data', 'standalone-data']),
    );
  });
});
