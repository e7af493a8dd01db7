export * from './asciicast';
export * from './exchange-text';
export * from './terminal-sanitizer';
export * from './command-index';
export * from './sql-statement';
