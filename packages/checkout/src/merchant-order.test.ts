import { expect } from '@open-wc/testing';
import { MerchantOrder } from './merchant-order.js';
import type { Order } from './order.js';
import { newOrderId } from './order.js';
import { scriptFaults, serverOrders, testEndpoint } from '../../../test/api.js';

async function slowShop(delayMs: number): Promise<{ endpoint: string; order: Order; merchant: MerchantOrder }> {
  const endpoint = testEndpoint();
  await scriptFaults(endpoint, { method: 'POST', path: '/orders', responses: [{ pass: true, delayMs }] });
  const order: Order = { orderId: newOrderId(), amount: 4990, currency: 'EUR', method: 'paypal' };
  return { endpoint, order, merchant: new MerchantOrder(endpoint, order) };
}

describe('the order’s recording, shared by every payment of the order', () => {
  it('goes on for the payment still waiting when another one that asked for it first gives up', async () => {
    const { endpoint, order, merchant } = await slowShop(600);
    const first = new AbortController();
    const abandoned = merchant.record(order, first.signal);
    const waiting = merchant.record(order, new AbortController().signal);
    first.abort();

    const reason = await abandoned.then(() => undefined, (error: unknown) => error);
    expect(reason, 'the one that gave up ends with its own abort').to.be.instanceOf(DOMException).and.have.property('name', 'AbortError');
    const secret = await waiting;
    expect(secret).to.be.a('string').and.not.equal('');
    expect(merchant.secret).to.equal(secret);
    expect((await serverOrders(endpoint)).map((recorded) => recorded.orderId)).to.deep.equal([order.orderId]);
  });

  it('ends for every payment that gave up, and a later payment is recorded, once', async () => {
    const { endpoint, order, merchant } = await slowShop(600);
    const a = new AbortController();
    const b = new AbortController();
    const both = [merchant.record(order, a.signal), merchant.record(order, b.signal)].map((wait) => wait.catch((error: unknown) => error));
    a.abort();
    b.abort();
    expect((await Promise.all(both)).map((error) => (error as DOMException).name)).to.deep.equal(['AbortError', 'AbortError']);

    const secret = await merchant.record(order, new AbortController().signal);
    expect(secret).to.be.a('string').and.not.equal('');
    expect((await serverOrders(endpoint)).map((recorded) => recorded.orderId), 'one order, whatever was abandoned').to.deep.equal([order.orderId]);
  });
});
