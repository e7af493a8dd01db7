import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one process. One registry per instance, so tests can run several apps. */
export class MetricsService {
  readonly registry = new Registry();

  readonly framesReceived = new Counter({
    name: 'auditorium_frames_received_total',
    help: 'Frames received, by source (http, kafka).',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  readonly framesStored = new Counter({
    name: 'auditorium_frames_stored_total',
    help: 'Frames newly stored.',
    registers: [this.registry],
  });
  readonly framesDuplicate = new Counter({
    name: 'auditorium_frames_duplicate_total',
    help: 'Re-delivered frames already stored (idempotent, not stored again).',
    registers: [this.registry],
  });
  readonly framesRejected = new Counter({
    name: 'auditorium_frames_rejected_total',
    help: 'Frames refused (HTTP answer or dead-letter topic), by reason code.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly framesDeadLettered = new Counter({
    name: 'auditorium_frames_dead_lettered_total',
    help: 'Frames written to the dead-letter topic, by reason code.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly maskedFindings = new Counter({
    name: 'auditorium_masked_findings_total',
    help: 'Sensitive values masked before storage, by info type.',
    labelNames: ['info_type'] as const,
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'auditorium_ingest_batch_size',
    help: 'Frames per store write.',
    buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000],
    registers: [this.registry],
  });
  readonly storeWriteSeconds = new Histogram({
    name: 'auditorium_store_write_seconds',
    help: 'Latency of a store write (bulk) call.',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly storeWriteRetries = new Counter({
    name: 'auditorium_store_write_retries_total',
    help: 'Store writes retried after an error (backpressure).',
    registers: [this.registry],
  });
  readonly httpRateLimited = new Counter({
    name: 'auditorium_http_rate_limited_total',
    help: 'API requests refused with 429 because the caller spent its token bucket.',
    registers: [this.registry],
  });
  readonly consumerLag = new Gauge({
    name: 'auditorium_kafka_consumer_lag',
    help: 'Messages behind the high watermark, by partition.',
    labelNames: ['topic', 'partition'] as const,
    registers: [this.registry],
  });
  readonly recordingReads = new Counter({
    name: 'auditorium_recording_reads_total',
    help: 'Reads of recordings (audit of the audit), by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'auditorium_' });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
