/**
 * The ingester against Kafka as production clusters run it: TLS (a self-signed
 * certificate, trusted through KAFKA_SSL_CA_FILE) and SASL with PLAIN,
 * SCRAM-SHA-256 and SCRAM-SHA-512, on the SASL_SSL listener test/infra/kafka.ts
 * starts beside the plaintext one. The password never shows in the output.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { aSession } from '@auditorium/frames/testing';
import { readDeadLetters, reasonCodes } from '../support/dead-letters';
import { IngesterRuns } from '../support/ingester-process';

jest.setTimeout(180_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

interface SecureKafka {
  brokers: string;
  caFile: string;
  username: string;
  password: string;
}

function requireSecureKafka(): SecureKafka {
  const e = process.env;
  if (
    !e.IT_KAFKA_SECURE_BROKERS ||
    !e.IT_KAFKA_SECURE_CA_FILE ||
    !e.IT_KAFKA_SECURE_USERNAME ||
    !e.IT_KAFKA_SECURE_PASSWORD
  )
    throw new Error(
      'IT_KAFKA_SECURE_* are not set: let the jest global setup start Kafka (unset KAFKA_BROKERS), ' +
        'or export what `npm run infra:status` prints',
    );
  return {
    brokers: e.IT_KAFKA_SECURE_BROKERS,
    caFile: e.IT_KAFKA_SECURE_CA_FILE,
    username: e.IT_KAFKA_SECURE_USERNAME,
    password: e.IT_KAFKA_SECURE_PASSWORD,
  };
}

function ingesterSettings(secure: SecureKafka, mechanism: string, password = secure.password): Record<string, string> {
  return {
    KAFKA_BROKERS: secure.brokers,
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: secure.caFile,
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: secure.username,
    KAFKA_SASL_PASSWORD: password,
    // the most talkative level: the password must not show even there
    LOG_LEVEL: 'debug',
  };
}

describe('Kafka over SASL_SSL', () => {
  const secure = requireSecureKafka();
  const runs = new IngesterRuns();
  afterAll(() => runs.cleanup());

  /** A client of the secure listener, as a gateway on a production cluster would be. */
  function secureClient(mechanism: (typeof MECHANISMS)[number]): Kafka {
    return new Kafka({
      clientId: `it-secure-${mechanism}`,
      brokers: secure.brokers.split(','),
      ssl: { ca: [readFileSync(secure.caFile, 'utf8')] },
      sasl: { mechanism, username: secure.username, password: secure.password } as SASLOptions,
      logLevel: logLevel.NOTHING,
    });
  }

  it.each(MECHANISMS)('consumes, stores, seals and dead-letters over TLS with SASL %s', async (mechanism) => {
    const { run, env, proc, store } = await runs.setup(
      `sasl-${mechanism.replace(/-/g, '')}`,
      ingesterSettings(secure, mechanism),
    );
    await proc.start();
    const session = aSession({ sid: `${run}-s1`, identity: { sub: `svc-${run}`, type: 'machine' } })
      .start()
      .exchange({ method: 'GET', target: '/reports?owner=jane.doe@example.com' }, { status: 200, body: '{"ok":true}' })
      .end('ok');
    const producer = secureClient(mechanism).producer({ allowAutoTopicCreation: true });
    await producer.connect();
    await producer.send({
      topic: env.topic,
      messages: [...session.frames().map((f) => ({ key: f.sid, value: JSON.stringify(f) })), { value: '{broken' }],
    });
    await producer.disconnect();

    let summary = await store.getSession(`${run}-s1`);
    for (const deadline = Date.now() + 90_000; Date.now() < deadline && !summary?.seal;) {
      await sleep(500);
      summary = await store.getSession(`${run}-s1`);
    }
    expect(summary).toMatchObject({ frameCount: 4, status: 'ok' });
    expect(summary?.seal).toBeDefined();

    // the dead letter went out through the same secured connection
    const reasons = reasonCodes(await readDeadLetters(secureClient(mechanism), env.dlqTopic, 1));
    expect(reasons).toEqual(['bad_json']);

    expect((await proc.health()).status).toBe(200);
    expect(proc.output).not.toContain(secure.password);
  });

  it('refuses a wrong password with a clear error that does not echo it', async () => {
    const wrong = `wrong-${randomBytes(6).toString('hex')}`;
    const { proc } = await runs.setup('sasl-wrong', ingesterSettings(secure, 'scram-sha-256', wrong));
    const failure = await proc.start().then(
      () => undefined,
      (err: Error) => err,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure?.message).toMatch(/SASL SCRAM SHA256 authentication failed/);
    expect(proc.output).not.toContain(wrong);
  });
});
