export * from './frame.types';
