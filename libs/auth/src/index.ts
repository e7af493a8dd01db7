export * from './roles';
export * from './auth.errors';
export * from './token-verifier';
export * from './local-keys';
export * from './token-verifier.factory';
