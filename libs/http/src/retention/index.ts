export * from './retention.schedule';
export * from './retention.service';
export * from './retention.job';
export * from './retention.controller';
export * from './legal-hold.controller';
