/**
 * Tabs of one shop tell each other when an order is paid: a tab still showing an earlier attempt
 * of the same order ("Payment cancelled. Nothing was charged") would otherwise keep saying so
 * after another tab paid it. The message is only a hint that something changed: the tab that
 * hears it asks the merchant (the paying method's verification by order id) and believes only
 * that answer.
 */
const CHANNEL = 'relais-order-paid';

export interface PaidElsewhere {
  endpoint: string;
  orderId: string;
  provider: string;
}

function isPaid(data: unknown): data is PaidElsewhere {
  const paid = data as Partial<PaidElsewhere> | null;
  return typeof paid?.endpoint === 'string' && typeof paid.orderId === 'string' && typeof paid.provider === 'string';
}

/** Says that this tab's payment of the order succeeded. */
export function announcePaid(paid: PaidElsewhere): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(paid);
  channel.close();
}

/** Hears the other tabs' payments until `signal` aborts (the element leaves the page). */
export function listenPaid(signal: AbortSignal, listener: (paid: PaidElsewhere) => void): void {
  if (typeof BroadcastChannel === 'undefined' || signal.aborted) return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent) => {
    if (isPaid(event.data)) listener(event.data);
  };
  signal.addEventListener('abort', () => channel.close(), { once: true });
}
