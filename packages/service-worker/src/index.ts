/**
 * @relais/service-worker, for merchants who already have a service worker:
 *
 *   import { registerRelaisQueue } from '@relais/service-worker';
 *   registerRelaisQueue(self);
 *
 * Everything else here is shared with the page side of the queue (`@relais/checkout`).
 */
export { registerRelaisQueue, type RelaisQueueOptions } from './register-queue.js';
export { OrderQueue, type EnqueueResult, type OrderQueueOptions, type QueueChange, type ReplaySummary } from './queue.js';
export { idbRecordStore, memoryRecordStore, openRecordStore, type RecordStore } from './record-store.js';
export { DeliveryStatus, RETENTION_MS, type OrderRecord, type QueuedOrder, type DeliveryError } from './order-record.js';
export { SYNC_TAG, type OrderDeliveryMessage, type ReplayMessage } from './messages.js';
