export * from './frame-masker';
export * from './ingest.types';
export * from './ingest.pipeline';
export * from './session-context.cache';
export * from './ndjson-ingest.service';
export * from './tracker.chainer';
export * from './store.sealer';
export * from './masking-engine.masker';
