import { createHmac, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { problem } from './http.js';

/**
 * An order id is not a key: order ids travel in incident beacons, logs and support emails. Every
 * payment route also needs the order's secret, which `POST /orders` answers and only the page that
 * recorded the order holds. It is derived (HMAC-SHA256 of the order id under a key the database
 * keeps), so nothing per order is stored: a replay of `POST /orders` answers it again, and every
 * process on the database derives the same one.
 */

/** The header the page sends it in: never a URL (history, logs, Referer), never a body field. */
export const ORDER_SECRET_HEADER = 'relais-order-secret';

export const KEY_NAME = 'order-secret';

export interface OrderSecrets {
  of(orderId: string): string;
  /** Undefined when `request` carries the secret of `orderId`; else the 401/403 to answer. */
  refuse(request: Request, orderId: string): Response | undefined;
}

/** The key, created once per database (the first process to open it wins; the others read it). */
export function sqliteSecretKey(db: Database): Buffer {
  db.prepare('INSERT OR IGNORE INTO server_keys (name, value) VALUES (?, ?)').run(KEY_NAME, randomBytes(32).toString('base64'));
  const row = db.prepare<[string], { value: string }>('SELECT value FROM server_keys WHERE name = ?').get(KEY_NAME)!;
  return Buffer.from(row.value, 'base64');
}

export function orderSecrets(key: Buffer): OrderSecrets {
  // Imported once: given a Buffer, every HMAC would import the key again.
  const secretKey = createSecretKey(key);
  // Encoded by the digest itself: no Buffer in between (one per order answered).
  const digest = (orderId: string) => createHmac('sha256', secretKey).update(`relais-order:${orderId}`).digest('base64url');
  return {
    of: digest,
    refuse(request, orderId) {
      const given = request.headers.get(ORDER_SECRET_HEADER);
      if (!given) return problem(401, 'order-secret-required', { header: ORDER_SECRET_HEADER });
      const expected = Buffer.from(digest(orderId));
      const sent = Buffer.from(given);
      // Same length first: timingSafeEqual throws on a mismatch, and the length is no secret.
      if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) return problem(403, 'order-secret-invalid');
      return undefined;
    },
  };
}
