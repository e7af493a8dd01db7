export * from './export.fixtures';
export * from './sample-sessions';
