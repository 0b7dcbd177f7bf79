/**
 * The shopper is back from a method's redirect (3-D Secure, bank authentication): the method's
 * adapter finishes the payment (`Provider.resume`), or, when its SDK misses the load budget, its
 * definition's `verify` asks the merchant by order id. Loaded on demand: few visits are a return.
 */
import type { CheckoutOrder } from '../checkout-order.js';
import type { CheckoutConfig } from '../config.js';
import { FailureKind, RelaisError, toRelaisError } from '../errors.js';
import type { Order } from '../order.js';
import type { PaymentOutcome, Provider, ProviderContext, ProviderFactory } from './provider.js';
import { definitionOf } from './registry.js';

export interface Resumed {
  order: Order;
  provider: Provider | undefined;
  outcome: PaymentOutcome;
}

export async function resumeReturn(
  id: string,
  config: CheckoutConfig,
  window: Window,
  inputs: { order: CheckoutOrder; create: ProviderFactory; context(order: Order): ProviderContext },
  signal: AbortSignal,
): Promise<Resumed> {
  const definition = definitionOf(id)!;
  const back = await definition.redirect!.take(window);
  if (back.orderId) inputs.order.adopt(config, back.orderId, back.secret, id);
  const order = inputs.order.build(config, id);
  let provider: Provider | undefined;
  const resumed = (async () => {
    provider = await inputs.create(id);
    await provider.load(inputs.context(order), signal);
    return provider.resume?.(inputs.context(order), back.params, signal);
  })();
  resumed.catch(() => {}); // a late failure after the budget is already answered below
  let timer: ReturnType<typeof setTimeout> | undefined;
  const budget = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), config.loadTimeout)));
  let outcome: PaymentOutcome | undefined;
  try {
    const first = await Promise.race([resumed, budget]);
    // The SDK too slow: the merchant knows the order's payment by its id alone.
    outcome = first !== 'late' ? first : back.orderId && definition.verify
      ? await definition.verify({ endpoint: config.endpoint, orderId: back.orderId, secret: back.secret }, signal)
      : { status: 'outcome-unknown', error: new RelaisError(FailureKind.OutcomeUnknown, `${id} did not load after the redirect`, { provider: id }) };
  } catch (error) {
    outcome = { status: 'outcome-unknown', error: toRelaisError(error, FailureKind.OutcomeUnknown, id) };
  } finally {
    clearTimeout(timer);
  }
  return { order, provider, outcome: outcome ?? { status: 'declined', message: undefined } };
}
