import { type Database, json } from '@relais/server/provider-kit';

/**
 * `GET /sandbox/ledger/{orderId}` -> {stripe: [{id, status, amount, currency}], paypal: [{id,
 * status, amount, currency, captureId}], adyen: [{pspReference, resultCode, amount, currency}]}: everything the fake providers hold for one Relais order.
 * The evidence a test or an outage drill reads to show an order was charged once, whatever the
 * page saw (real providers have their dashboards for that). Never a client secret.
 */
export function ledgerRoute(db: Database, adyen: (orderId: string) => unknown[] = () => []) {
  const intents = db.prepare<[string], { id: string; status: string; amount: number; currency: string }>(
    'SELECT id, status, amount, currency FROM sandbox_payment_intents WHERE order_id = ? ORDER BY created, rowid',
  );
  const paypalOrders = db.prepare<[string], { id: string; status: string; amount: number; currency: string; captureId: string | null }>(
    'SELECT id, status, amount, currency, capture_id AS captureId FROM sandbox_paypal_orders WHERE custom_id = ? ORDER BY created_at, rowid',
  );
  return async (_request: Request, params: Record<string, string>): Promise<Response> => {
    const orderId = params['orderId']!;
    return json({ stripe: intents.all(orderId), paypal: paypalOrders.all(orderId), adyen: adyen(orderId) }, 200, { 'cache-control': 'no-store' });
  };
}
