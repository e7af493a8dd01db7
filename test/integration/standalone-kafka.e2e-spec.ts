/**
 * The embedded all-in-one consumes Kafka too when KAFKA_BROKERS is set: frames
 * published on the topic end up in its SQLite store next to HTTP-ingested ones,
 * and refused messages reach the dead-letter topic.
 */
import { Kafka, logLevel } from 'kafkajs';
import { aSession } from '@auditorium/frames/testing';
import { readDeadLetters, reasonCodes } from '../support/dead-letters';
import { requireInfra } from '../support/ingester-process';
import { StandaloneProcess } from '../support/standalone-process';

jest.setTimeout(120_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('embedded all-in-one with KAFKA_BROKERS', () => {
  const run = `embedded-${Date.now().toString(36)}`;
  const topic = `it.${run}.frames`;
  const dlqTopic = `${topic}.dlq`;
  let app: StandaloneProcess;

  beforeAll(async () => {
    app = await StandaloneProcess.start({
      env: {
        KAFKA_BROKERS: requireInfra().brokers,
        KAFKA_TOPIC: topic,
        KAFKA_DLQ_TOPIC: dlqTopic,
        KAFKA_GROUP_ID: `g-${run}`,
      },
    });
  });
  afterAll(() => app?.destroy());

  it('stores frames consumed from Kafka and answers for them over the API', async () => {
    const kafka = new Kafka({ clientId: run, brokers: requireInfra().brokers.split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const s = aSession({ sid: `${run}-s1`, identity: { sub: `svc-${run}` } })
      .start()
      .exchange({ method: 'GET', target: '/orders?email=jane.doe@example.com' }, { status: 200, body: '{"ok":true}' })
      .end('ok');
    await producer.send({
      topic,
      messages: [...s.frames().map((f) => ({ key: f.sid, value: JSON.stringify(f) })), { key: 'x', value: '{broken' }],
    });
    await producer.disconnect();

    const token = await app.token(['auditor']);
    let detail: { frameCount?: number; status?: string } = {};
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const res = await app.fetch(`/api/v1/sessions/${run}-s1`, { token });
      if (res.status === 200) {
        detail = (await res.json()) as typeof detail;
        if (detail.frameCount === 4 && detail.status === 'ok') break;
      }
      await sleep(500);
    }
    expect(detail).toMatchObject({ frameCount: 4, status: 'ok' });
    const frames = (await (await app.fetch(`/api/v1/sessions/${run}-s1/frames`, { token })).json()) as {
      items: Array<{ frame: { target?: string } }>;
    };
    expect(JSON.stringify(frames)).not.toContain('jane.doe@example.com');
    const health = (await (await app.fetch('/healthz')).json()) as { kafka?: string };
    expect(health.kafka).toBe('up');

    const reasons = reasonCodes(await readDeadLetters(kafka, dlqTopic, 1, 30_000));
    expect(reasons).toEqual(['bad_json']);
  });
});
