/**
 * A paid order is recorded with the merchant, carrying the provider's payment reference so the
 * merchant can reconcile. It is never charged again: a failure here is an incident, not a retry
 * of the payment. Loaded on demand, after a payment succeeded.
 */
import { postJson } from './api.js';
import type { CheckoutConfig, ProviderId } from './config.js';
import { FailureKind, RelaisError, toRelaisError } from './errors.js';
import type { IncidentReporter } from './failover/incident-reporter.js';
import type { Order } from './order.js';
import type { QueueController } from './queue/queue-controller.js';

export async function recordPaid(
  config: CheckoutConfig,
  provider: ProviderId,
  order: Order,
  { incidents, queue }: { incidents: IncidentReporter; queue: QueueController },
): Promise<void> {
  const started = performance.now();
  try {
    // Sent before the success event, which a shop may answer by leaving the page: kept alive so
    // that a navigation does not cancel it on its way (an order is far below the 64 KiB limit).
    const answer = await postJson(`${config.endpoint}/orders`, order, { idempotencyKey: order.orderId, keepalive: true });
    if (answer.ok) return;
    throw new RelaisError(FailureKind.OrderRejected, `The shop refused the paid order (${answer.status})`, { status: answer.status });
  } catch (error) {
    const failure = toRelaisError(error, FailureKind.MerchantUnavailable, provider);
    incidents.report(config, order.orderId, provider, failure, performance.now() - started);
    // Paid but not recorded: the order (with its payment reference) is kept and delivered later.
    if (failure.code !== FailureKind.OrderRejected) await queue.enqueue(config, order);
  }
}
