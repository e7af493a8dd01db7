export * from './recording.types';
export * from './recording.store';
