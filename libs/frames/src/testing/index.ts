export * from './frame.builders';
