/**
 * What the page and the worker say to each other (`postMessage`), and the Background Sync tag.
 * Both sides import these names from here, so they cannot drift apart.
 */
import type { BackoffOverride, DeliveryStatus } from './order-record.js';

export const SYNC_TAG = 'relais-orders';

/** Page -> worker: deliver what is due now; `ignoreBackoff` passes on an outside signal (load, online, flush). */
export interface ReplayMessage {
  type: 'relais-replay';
  ignoreBackoff?: BackoffOverride;
}

/** Worker -> every window of the origin, controlled or not. */
export interface OrderDeliveryMessage {
  type: 'relais-order-delivered' | 'relais-order-failed';
  orderId: string;
  status: DeliveryStatus;
}

export function isReplayMessage(data: unknown): data is ReplayMessage {
  return data !== null && typeof data === 'object' && (data as { type?: unknown }).type === 'relais-replay';
}

export function isOrderDeliveryMessage(data: unknown): data is OrderDeliveryMessage {
  if (data === null || typeof data !== 'object') return false;
  const { type, orderId } = data as { type?: unknown; orderId?: unknown };
  return (type === 'relais-order-delivered' || type === 'relais-order-failed') && typeof orderId === 'string';
}
