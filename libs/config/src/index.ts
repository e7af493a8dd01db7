export * from './config';
export * from './config.errors';
export * from './config.spec-table';
