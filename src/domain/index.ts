export * from './result.js';
export * from './money.js';
export * from './dates.js';
export * from './agreement.js';
export * from './fx.js';
export * from './cap.js';
export * from './ledger.js';
export * from './pricing/index.js';
