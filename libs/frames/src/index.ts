export * from './frame.types';
export * from './frame.dto';
export * from './frame-parts.dto';
export * from './frame-id';
export * from './frame-parser';
export * from './frame-schema';
export * from './frame-timestamp';
