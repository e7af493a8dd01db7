export * from './frame.builders';
export * from './random';
