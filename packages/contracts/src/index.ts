export * from './order.js';
export * from './failure-kinds.js';
export * from './order-lock-name.js';
export * from './retry-after.js';
export * from './date-time.js';
export * from './sleep.js';
export * from './idempotency-key.js';
export * from './time-limit.js';
