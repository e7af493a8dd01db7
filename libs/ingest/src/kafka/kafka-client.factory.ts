import { readFileSync } from 'node:fs';
import { Kafka, KafkaConfig, logLevel, LogEntry, SASLOptions } from 'kafkajs';
import type { Logger } from 'pino';
import type { AppConfig } from '@auditorium/config';

type KafkaSettings = NonNullable<AppConfig['kafka']>;

/** kafkajs client from config: TLS and SASL (PLAIN, SCRAM) for production clusters. Secrets never reach logs. */
export function createKafka(settings: KafkaSettings, logger: Logger, clientIdSuffix = ''): Kafka {
  const cfg: KafkaConfig = {
    clientId: settings.clientId + clientIdSuffix,
    brokers: settings.brokers,
    connectionTimeout: 10_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 300, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) => {
        // kafkajs log entries never carry SASL secrets; drop payload-ish fields anyway
        const { message, ...rest } = log;
        delete (rest as Record<string, unknown>)['sasl'];
        const entry = { kafka: namespace, ...rest };
        if (level === logLevel.ERROR) logger.error(entry, message);
        else if (level === logLevel.WARN) logger.warn(entry, message);
        else logger.debug(entry, message);
      },
  };
  if (settings.ssl) cfg.ssl = settings.sslCaFile ? { ca: [readFileSync(settings.sslCaFile, 'utf8')] } : true;
  if (settings.sasl.mechanism !== 'none') {
    cfg.sasl = {
      mechanism: settings.sasl.mechanism,
      username: settings.sasl.username as string,
      password: settings.sasl.password as string,
    } as SASLOptions;
  }
  return new Kafka(cfg);
}
