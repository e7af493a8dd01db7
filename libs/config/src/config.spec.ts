import { ConfigError, loadConfig } from './index';

describe('loadConfig', () => {
  it('gives the embedded defaults on an empty environment', () => {
    const c = loadConfig({}, '/srv');
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, dataDir: '/srv/data', store: 'sqlite' });
    expect(c.auth).toMatchObject({ mode: 'local', issuer: 'auditorium-local', audience: 'auditorium' });
    expect(c.kafka).toBeUndefined();
    expect(c).toMatchObject({ retentionDays: 365, retentionIntervalMinutes: 60 });
  });

  it('takes the retention job interval in whole minutes, at least one', () => {
    expect(loadConfig({ RETENTION_INTERVAL_MINUTES: '15' }).retentionIntervalMinutes).toBe(15);
    expect(() => loadConfig({ RETENTION_INTERVAL_MINUTES: '0' })).toThrow(/RETENTION_INTERVAL_MINUTES/);
  });

  it('names every bad variable in one error', () => {
    let err: unknown;
    try {
      loadConfig({ AUDITORIUM_PORT: 'eighty', AUDITORIUM_STORE: 'mongo', AUTH_ALGORITHMS: 'none,HS256' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain('AUDITORIUM_PORT="eighty": must be an integer');
    expect(msg).toContain('AUDITORIUM_STORE="mongo": must be one of sqlite, elasticsearch, opensearch');
    expect(msg).toContain('AUTH_ALGORITHMS: none is not allowed');
    expect(msg).toContain('AUTH_ALGORITHMS: HS256 is not allowed');
  });

  it('never echoes a secret in an error', () => {
    expect(() =>
      loadConfig({ KAFKA_BROKERS: 'k:9092', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'hunter2' }),
    ).toThrow(/KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required/);
    try {
      loadConfig({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_PASSWORD: 'hunter2', KAFKA_BROKERS: 'x' });
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
  });

  it('requires the engine URL for a search store and parses Kafka settings', () => {
    expect(() => loadConfig({ AUDITORIUM_STORE: 'elasticsearch' })).toThrow(/SEARCH_URL is required/);
    const c = loadConfig({ KAFKA_BROKERS: 'a:1, b:2', AUTH_ROLE_MAP: 'audit-team=auditor' });
    expect(c.kafka?.brokers).toEqual(['a:1', 'b:2']);
    expect(c.kafka?.topic).toBe('auditorium.frames.v1');
    expect(c.auth.roleMap).toEqual({ 'audit-team': 'auditor' });
  });
});
