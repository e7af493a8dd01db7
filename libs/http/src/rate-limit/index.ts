export * from './token-buckets';
export * from './rate-limit.guard';
