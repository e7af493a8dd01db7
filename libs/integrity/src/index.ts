export * from './canonical';
export * from './hash-chain';
export * from './signing-key';
export * from './seal';
export * from './verify';
export * from './seal-key.factory';
