// Proves the Kafka the suite runs against is a real broker that kafkajs
// 2.2.4 fully works with: admin, produce, consume in a group, commit offsets
// and read them back.
import { randomUUID } from 'node:crypto';

import { Admin, ConfigResourceTypes, Consumer, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';

import { status } from '../infra/kafka';

const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);

describe('Kafka smoke', () => {
  const run = randomUUID().slice(0, 8);
  const topic = `smoke.kafka.${run}`;
  const groupId = `smoke-${run}`;
  const kafka = new Kafka({ clientId: 'auditorium-smoke', brokers, logLevel: logLevel.WARN });
  let admin: Admin;
  let producer: Producer;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    expect(brokers.length).toBeGreaterThan(0); // global setup exports KAFKA_BROKERS
    admin = kafka.admin();
    producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await Promise.all([admin.connect(), producer.connect()]);
  });

  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.disconnect()));
    await producer?.disconnect();
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect();
  });

  it('talks to a real broker and reports its version', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers.length).toBeGreaterThan(0);
    expect(cluster.clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);

    // The broker states its own protocol version, e.g. 3.9-IV0.
    const [broker] = cluster.brokers;
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        {
          type: ConfigResourceTypes.BROKER,
          name: String(broker.nodeId),
          configNames: ['inter.broker.protocol.version'],
        },
      ],
    });
    // Kafka 3.x states its protocol version (e.g. 3.9-IV0); 4.x dropped the setting.
    const protocol = described.resources[0].configEntries[0]?.configValue ?? 'n/a';
    expect(protocol).toMatch(/^(\d+\.\d+|n\/a)/);

    const { info } = await status();
    const managed = info && info.brokers.join(',') === brokers.join(',');
    if (managed) expect(cluster.clusterId).toBe(info.clusterId);
    const version = managed ? `Apache Kafka ${info.version}` : 'an external Kafka';
    process.stdout.write(
      `Kafka smoke: ${version} at ${brokers.join(',')}, protocol ${protocol}, cluster ${cluster.clusterId}\n`,
    );
  });

  it('creates a topic, produces, consumes in a group, commits and re-reads offsets', async () => {
    await expect(
      admin.createTopics({ topics: [{ topic, numPartitions: 2, replicationFactor: 1 }], waitForLeaders: true }),
    ).resolves.toBe(true);
    expect(await admin.listTopics()).toContain(topic);

    const messages = Array.from({ length: 10 }, (_, i) => ({ key: `session-${i % 3}`, value: `frame-${i}` }));
    await producer.send({ topic, messages });

    const first = await consumeInGroup(messages.length);
    expect(first.sort()).toEqual(messages.map((m) => m.value).sort());

    // What the group committed equals the end of every partition.
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    const committedBy = new Map(committed[0].partitions.map((p) => [p.partition, p.offset]));
    expect(ends).toHaveLength(2);
    for (const end of ends) expect(committedBy.get(end.partition)).toBe(end.high);
    expect(ends.reduce((sum, end) => sum + Number(end.high), 0)).toBe(messages.length);

    // A new member of the group resumes from the committed offsets.
    await producer.send({ topic, messages: [{ key: 'session-0', value: 'frame-late' }] });
    expect(await consumeInGroup(1)).toEqual(['frame-late']);
  });

  async function consumeInGroup(count: number): Promise<string[]> {
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const values: string[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            values.push(message.value?.toString() ?? '');
            const next = (BigInt(message.offset) + 1n).toString();
            await consumer.commitOffsets([{ topic, partition, offset: next }]);
            if (values.length >= count) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    consumers.splice(consumers.indexOf(consumer), 1);
    return values;
  }
});
