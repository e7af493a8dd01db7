export * from './access-log';
export * from './sqlite-access-log';
