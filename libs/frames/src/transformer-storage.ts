import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

// class-transformer exposes its @Type registry (which nested class a property
// holds) only through this internal module, with no typings of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const storage = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };

export const transformerMetadataStorage = storage.defaultMetadataStorage;
