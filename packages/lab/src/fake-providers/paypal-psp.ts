import { type Database, PayPalStatus } from '@relais/server/provider-kit';
import { newPayPalId } from './ids.js';

/**
 * The sandbox's fake PayPal: Orders v2 in SQLite with PayPal's idempotency (`PayPal-Request-Id`)
 * and its capture refusals. The merchant side reaches it in-process (gateways.ts), the browser
 * stand-in's approval over HTTP (paypal-routes.ts).
 */

export interface SandboxPayPalOrder {
  id: string;
  /** `purchase_units[0].custom_id`: the Relais order id. */
  customId: string | null;
  /** Minor units. */
  amount: number;
  /** Upper-case, as PayPal writes it. */
  currency: string;
  status: string;
  /** Set by an approval with `{fault: 'decline'}`: the next capture is refused, once. */
  declineNextCapture: boolean;
  captureId: string | null;
  /** ISO 8601, PayPal's `create_time`. */
  createdAt: string;
}

/** PayPal's error names: 404 RESOURCE_NOT_FOUND, 422 UNPROCESSABLE_ENTITY, each with one issue. */
export type PayPalAnswer =
  | { ok: true; order: SandboxPayPalOrder }
  | { ok: false; status: 404 | 422; name: string; issue: string; description: string };

interface OrderRow {
  id: string;
  request_id: string | null;
  custom_id: string | null;
  amount: number;
  currency: string;
  status: string;
  decline_next_capture: number;
  capture_id: string | null;
  capture_request_id: string | null;
  created_at: string;
}

function fromRow(row: OrderRow): SandboxPayPalOrder {
  return {
    id: row.id,
    customId: row.custom_id,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    declineNextCapture: row.decline_next_capture === 1,
    captureId: row.capture_id,
    createdAt: row.created_at,
  };
}

// The issue descriptions are PayPal's, verbatim from its Orders v2 document (a double space included).
const notFound = (): PayPalAnswer => ({
  ok: false, status: 404, name: 'RESOURCE_NOT_FOUND', issue: 'INVALID_RESOURCE_ID',
  description: 'Specified resource ID does not exist. Please check the resource ID and try again.',
});

const unprocessable = (issue: string, description: string): PayPalAnswer => ({
  ok: false, status: 422, name: 'UNPROCESSABLE_ENTITY', issue, description,
});

const ALREADY_CAPTURED = "Order already captured.If 'intent=CAPTURE' only one capture per order is allowed.";
const NOT_APPROVED = "Payer has not yet approved the Order for payment. Please redirect the payer to the 'rel':'approve' url returned as part of the HATEOAS links within the Create Order call or provide a valid `payment_source` in the request.";
const DECLINED = "The instrument presented  was either declined by the processor or bank, or it can't be used for this payment.";

export type SandboxPayPal = ReturnType<typeof sandboxPayPal>;

export function sandboxPayPal(db: Database) {
  const byId = db.prepare<[string], OrderRow>('SELECT * FROM sandbox_paypal_orders WHERE id = ?');
  const byRequestId = db.prepare<[string], OrderRow>('SELECT * FROM sandbox_paypal_orders WHERE request_id = ?');
  const insert = db.prepare<[OrderRow]>(
    `INSERT INTO sandbox_paypal_orders (id, request_id, custom_id, amount, currency, status, decline_next_capture,
       capture_id, capture_request_id, created_at)
     VALUES (@id, @request_id, @custom_id, @amount, @currency, @status, @decline_next_capture, @capture_id,
       @capture_request_id, @created_at)`,
  );
  const approve = db.prepare('UPDATE sandbox_paypal_orders SET status = ?, decline_next_capture = ? WHERE id = ?');
  const declined = db.prepare('UPDATE sandbox_paypal_orders SET decline_next_capture = 0 WHERE id = ?');
  const complete = db.prepare(
    `UPDATE sandbox_paypal_orders SET status = '${PayPalStatus.Completed}', capture_id = ?, capture_request_id = ? WHERE id = ?`,
  );

  function withOrder(id: string, change: (row: OrderRow) => PayPalAnswer): PayPalAnswer {
    return db.transaction(() => {
      const row = byId.get(id);
      return row ? change(row) : notFound();
    }).immediate();
  }

  const current = (id: string): PayPalAnswer => ({ ok: true, order: fromRow(byId.get(id)!) });

  return {
    /** A request id seen before answers its order again, whatever the body (PayPal's behaviour). */
    createOrder(request: { orderId: string; amount: number; currency: string; requestId: string }): PayPalAnswer {
      return db.transaction((): PayPalAnswer => {
        const existing = byRequestId.get(request.requestId);
        if (existing) return { ok: true, order: fromRow(existing) };
        const row: OrderRow = {
          id: newPayPalId(),
          request_id: request.requestId,
          custom_id: request.orderId,
          amount: request.amount,
          currency: request.currency,
          status: PayPalStatus.Created,
          decline_next_capture: 0,
          capture_id: null,
          capture_request_id: null,
          created_at: new Date().toISOString(),
        };
        insert.run(row);
        return { ok: true, order: fromRow(row) };
      }).immediate();
    },

    getOrder(id: string): PayPalAnswer {
      const row = byId.get(id);
      return row ? { ok: true, order: fromRow(row) } : notFound();
    },

    /** What the buyer does on PayPal's pages; the stand-in calls it when the shopper approves. */
    approve(id: string, { decline }: { decline: boolean }): PayPalAnswer {
      return withOrder(id, (row) => {
        if (row.status === PayPalStatus.Completed) {
          return unprocessable('ORDER_ALREADY_CAPTURED', ALREADY_CAPTURED);
        }
        approve.run(PayPalStatus.Approved, decline ? 1 : 0, id);
        return current(id);
      });
    },

    capture(id: string, requestId: string): PayPalAnswer {
      return withOrder(id, (row) => {
        if (row.status === PayPalStatus.Completed) {
          // The same PayPal-Request-Id replays the capture; any other is a second capture, refused.
          return row.capture_request_id === requestId
            ? current(id)
            : unprocessable('ORDER_ALREADY_CAPTURED', ALREADY_CAPTURED);
        }
        if (row.status !== PayPalStatus.Approved) {
          return unprocessable('ORDER_NOT_APPROVED', NOT_APPROVED);
        }
        if (row.decline_next_capture === 1) {
          declined.run(id);
          return unprocessable('INSTRUMENT_DECLINED', DECLINED);
        }
        complete.run(newPayPalId(), requestId, id);
        return current(id);
      });
    },
  };
}
