export * from './kafka-client.factory';
export * from './kafka-frame-batch';
export * from './dead-letter.publisher';
export * from './frame-batch.service';
export * from './kafka-batch.transport';
export * from './frames.controller';
export * from './kafka-ingest.runtime';
