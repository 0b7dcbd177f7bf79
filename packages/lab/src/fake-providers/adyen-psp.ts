import { randomInt, timingSafeEqual } from 'node:crypto';
import { type Database, requestHash } from '@relais/server/provider-kit';

/**
 * The sandbox's fake Adyen Checkout API (v71, Sessions flow): sessions and their payments in
 * SQLite, with Adyen's shapes (`resultCode`, `refusalReason`, session `status`), idempotency keys
 * and error bodies (`status`, `errorCode`, `message`, `errorType`). The merchant side reaches it
 * in-process (adyen-gateway.ts), the AdyenWeb stand-in over HTTP (adyen-routes.ts).
 *
 * Cards never reach it: the stand-in turns the typed number into a test token in the page
 * (`sbx_enc_…`, standing for Adyen's client-side encrypted fields).
 */

export type ResultCode = 'Authorised' | 'Refused' | 'RedirectShopper' | 'Cancelled' | 'Error' | 'Received' | 'Pending';
export type SessionStatus = 'active' | 'canceled' | 'completed' | 'expired' | 'paymentPending' | 'refused';

export interface SandboxSession {
  id: string;
  sessionData: string;
  reference: string;
  amount: number;
  currency: string;
  returnUrl: string;
  status: SessionStatus;
  /** Refused attempts so far: three end the session, as Adyen's do. */
  refusals: number;
  expiresAt: string;
}

export interface SandboxPayment {
  pspReference: string;
  sessionId: string;
  resultCode: ResultCode;
  refusalReason: string | null;
  amount: number;
  currency: string;
}

/** Adyen's ServiceError. */
export interface AdyenErrorBody {
  status: number;
  errorCode: string;
  message: string;
  errorType: 'validation' | 'security' | 'configuration' | 'internal';
}

export type Answer<T> = { ok: true; value: T } | { ok: false; error: AdyenErrorBody };

/** The test tokens of the stand-in, with Adyen's outcomes for its test cards. */
export const TEST_TOKENS: Readonly<Record<string, { resultCode: ResultCode; refusalReason?: string }>> = {
  sbx_enc_authorised: { resultCode: 'Authorised' },
  sbx_enc_refused: { resultCode: 'Refused', refusalReason: 'Refused' },
  sbx_enc_insufficient: { resultCode: 'Refused', refusalReason: 'Not enough balance' },
  sbx_enc_3ds: { resultCode: 'RedirectShopper' },
};

const MAX_REFUSALS = 3;
const SESSION_LIFETIME_MS = 60 * 60_000;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const random = (length: number) => Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
/** `CSSBX…` like Adyen's `CS451F2AB1ED897A94`; psp references are 16 characters. */
const newSessionId = () => `CSSBX${random(13)}`;
const newPspReference = () => `SBX${random(13)}`;

const error = (status: number, errorCode: string, message: string, errorType: AdyenErrorBody['errorType'] = 'validation'): { ok: false; error: AdyenErrorBody } => ({
  ok: false,
  error: { status, errorCode, message, errorType },
});

function sameText(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

interface SessionRow {
  id: string;
  session_data: string;
  idempotency_key: string | null;
  request_hash: string;
  reference: string;
  amount: number;
  currency: string;
  return_url: string;
  status: string;
  refusals: number;
  expires_at: string;
}

const sessionOf = (row: SessionRow): SandboxSession => ({
  id: row.id,
  sessionData: row.session_data,
  reference: row.reference,
  amount: row.amount,
  currency: row.currency,
  returnUrl: row.return_url,
  status: row.status as SessionStatus,
  refusals: row.refusals,
  expiresAt: row.expires_at,
});

export interface CreateSessionRequest {
  reference: string;
  amount: { value: number; currency: string };
  returnUrl: string;
  idempotencyKey?: string | undefined;
}

export type SandboxAdyen = ReturnType<typeof sandboxAdyen>;

export function sandboxAdyen(db: Database) {
  db.exec(`
    CREATE TABLE IF NOT EXISTS sandbox_adyen_sessions (
      id TEXT PRIMARY KEY, session_data TEXT NOT NULL, idempotency_key TEXT UNIQUE, request_hash TEXT NOT NULL,
      reference TEXT NOT NULL, amount INTEGER NOT NULL, currency TEXT NOT NULL, return_url TEXT NOT NULL,
      status TEXT NOT NULL, refusals INTEGER NOT NULL DEFAULT 0, expires_at TEXT NOT NULL, created INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS sandbox_adyen_payments (
      psp_reference TEXT PRIMARY KEY, session_id TEXT NOT NULL, result_code TEXT NOT NULL, refusal_reason TEXT,
      amount INTEGER NOT NULL, currency TEXT NOT NULL, created INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS sandbox_adyen_sessions_reference ON sandbox_adyen_sessions (reference);
    CREATE INDEX IF NOT EXISTS sandbox_adyen_payments_session ON sandbox_adyen_payments (session_id);`);
  const byId = db.prepare<[string], SessionRow>('SELECT * FROM sandbox_adyen_sessions WHERE id = ?');
  const byKey = db.prepare<[string], SessionRow>('SELECT * FROM sandbox_adyen_sessions WHERE idempotency_key = ?');
  const insert = db.prepare(
    `INSERT INTO sandbox_adyen_sessions (id, session_data, idempotency_key, request_hash, reference, amount, currency, return_url, status, refusals, expires_at, created)
     VALUES (@id, @session_data, @idempotency_key, @request_hash, @reference, @amount, @currency, @return_url, @status, @refusals, @expires_at, @created)`,
  );
  const setStatus = db.prepare('UPDATE sandbox_adyen_sessions SET status = ?, refusals = ? WHERE id = ?');
  const insertPayment = db.prepare(
    `INSERT INTO sandbox_adyen_payments (psp_reference, session_id, result_code, refusal_reason, amount, currency, created)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const setPayment = db.prepare('UPDATE sandbox_adyen_payments SET result_code = ?, refusal_reason = ? WHERE psp_reference = ?');
  const paymentsOf = db.prepare<[string], { pspReference: string; sessionId: string; resultCode: string; refusalReason: string | null; amount: number; currency: string }>(
    `SELECT psp_reference AS pspReference, session_id AS sessionId, result_code AS resultCode, refusal_reason AS refusalReason, amount, currency
     FROM sandbox_adyen_payments WHERE session_id = ? ORDER BY created, rowid`,
  );
  const byPsp = db.prepare<[string], { session_id: string; result_code: string }>('SELECT session_id, result_code FROM sandbox_adyen_payments WHERE psp_reference = ?');

  const unknownSession = (id: string) => error(404, '000', `Session ${id} not found`);

  function createSession(request: CreateSessionRequest): Answer<SandboxSession> {
    const fields = { reference: request.reference, amount: request.amount.value, currency: request.amount.currency.toUpperCase(), returnUrl: request.returnUrl };
    if (!Number.isSafeInteger(fields.amount) || fields.amount < 0) return error(422, '137', 'Invalid amount specified');
    const hash = requestHash(fields);
    return db.transaction((): Answer<SandboxSession> => {
      const existing = request.idempotencyKey ? byKey.get(request.idempotencyKey) : undefined;
      if (existing) {
        if (existing.request_hash === hash) return { ok: true, value: sessionOf(existing) };
        return error(422, '704', 'request already processed or in progress');
      }
      const row: SessionRow = {
        id: newSessionId(),
        session_data: `Ab02b4c0!SBX${random(40)}`,
        idempotency_key: request.idempotencyKey ?? null,
        request_hash: hash,
        reference: fields.reference,
        amount: fields.amount,
        currency: fields.currency,
        return_url: fields.returnUrl,
        status: 'active',
        refusals: 0,
        expires_at: new Date(Date.now() + SESSION_LIFETIME_MS).toISOString(),
      };
      insert.run({ ...row, created: Date.now() });
      return { ok: true, value: sessionOf(row) };
    }).immediate();
  }

  /** What the page's SDK may touch: the session data proves it holds the session. */
  function withSession(id: string, sessionData: unknown, change: (session: SandboxSession) => Answer<unknown>): Answer<unknown> {
    return db.transaction(() => {
      const row = byId.get(id);
      if (!row || !sameText(sessionData, row.session_data)) return unknownSession(id);
      const session = sessionOf(row);
      if (session.status === 'active' && Date.parse(session.expiresAt) < Date.now()) {
        setStatus.run('expired', session.refusals, id);
        session.status = 'expired';
      }
      return change(session);
    }).immediate();
  }

  function setup(id: string, sessionData: unknown): Answer<unknown> {
    return withSession(id, sessionData, (session) => {
      if (session.status !== 'active') return error(422, '14_0412', `Session ${session.status}`);
      return {
        ok: true,
        value: {
          id: session.id,
          sessionData: session.sessionData,
          amount: { value: session.amount, currency: session.currency },
          expiresAt: session.expiresAt,
          paymentMethods: { paymentMethods: [{ type: 'scheme', name: 'Cards', brands: ['visa', 'mc', 'amex', 'cartebancaire'] }] },
          returnUrl: session.returnUrl,
        },
      };
    });
  }

  function record(session: SandboxSession, resultCode: ResultCode, refusalReason?: string): SandboxPayment {
    const payment: SandboxPayment = {
      pspReference: newPspReference(),
      sessionId: session.id,
      resultCode,
      refusalReason: refusalReason ?? null,
      amount: session.amount,
      currency: session.currency,
    };
    insertPayment.run(payment.pspReference, session.id, resultCode, payment.refusalReason, payment.amount, payment.currency, Date.now());
    return payment;
  }

  /** `/sessions/{id}/payments`: one card payment of the session. */
  function pay(id: string, sessionData: unknown, token: unknown): Answer<SandboxPayment> {
    return withSession(id, sessionData, (session) => {
      if (session.status !== 'active') return error(422, '14_0412', `Session ${session.status}`);
      const outcome = typeof token === 'string' && Object.hasOwn(TEST_TOKENS, token) ? TEST_TOKENS[token]! : undefined;
      if (!outcome) return error(422, '101', 'Invalid card number');
      const payment = record(session, outcome.resultCode, outcome.refusalReason);
      if (outcome.resultCode === 'Authorised') setStatus.run('completed', session.refusals, id);
      if (outcome.resultCode === 'Refused') {
        const refusals = session.refusals + 1;
        setStatus.run(refusals >= MAX_REFUSALS ? 'refused' : 'active', refusals, id);
      }
      return { ok: true, value: payment };
    }) as Answer<SandboxPayment>;
  }

  /** The 3-D Secure page's answer for a payment that redirected. */
  function authenticate(pspReference: string, passed: boolean): Answer<SandboxPayment & { returnUrl: string }> {
    return db.transaction((): Answer<SandboxPayment & { returnUrl: string }> => {
      const found = byPsp.get(pspReference);
      const row = found && byId.get(found.session_id);
      if (!found || !row) return error(404, '000', `Payment ${pspReference} not found`);
      const session = sessionOf(row);
      let resultCode = found.result_code as ResultCode;
      let refusalReason: string | null = null;
      if (resultCode === 'RedirectShopper') {
        resultCode = passed ? 'Authorised' : 'Refused';
        refusalReason = passed ? null : '3D Not Authenticated';
        setPayment.run(resultCode, refusalReason, pspReference);
        if (passed) setStatus.run('completed', session.refusals, session.id);
        else setStatus.run(session.refusals + 1 >= MAX_REFUSALS ? 'refused' : 'active', session.refusals + 1, session.id);
      }
      return { ok: true, value: { pspReference, sessionId: session.id, resultCode, refusalReason, amount: session.amount, currency: session.currency, returnUrl: session.returnUrl } };
    }).immediate();
  }

  /**
   * `/sessions/{id}/paymentDetails` after a redirect: the outcome the 3DS page recorded. Adyen Web
   * comes back with the session id alone (no session data): the redirect result is the proof.
   */
  function details(id: string, redirectResult: unknown): Answer<SandboxPayment> {
    const found = typeof redirectResult === 'string' ? byPsp.get(redirectResult) : undefined;
    if (!found || found.session_id !== id || !byId.get(id)) return error(422, '702', 'Invalid redirectResult');
    const payment = paymentsOf.all(id).find((candidate) => candidate.pspReference === redirectResult)!;
    return { ok: true, value: { ...payment, resultCode: payment.resultCode as ResultCode } };
  }

  /** `GET /sessions/{id}`: the session's status and its authorised payments. */
  function result(id: string): Answer<{ id: string; status: SessionStatus; reference: string; payments: Array<{ pspReference: string; resultCode: ResultCode; amount: { value: number; currency: string } }> }> {
    const row = byId.get(id);
    if (!row) return unknownSession(id);
    const session = sessionOf(row);
    const payments = paymentsOf
      .all(id)
      .filter((payment) => payment.resultCode === 'Authorised')
      .map((payment) => ({ pspReference: payment.pspReference, resultCode: 'Authorised' as const, amount: { value: payment.amount, currency: payment.currency } }));
    return { ok: true, value: { id, status: session.status, reference: session.reference, payments } };
  }

  /** Every payment of every session for an order (the ledger's evidence). */
  const ledger = db.prepare<[string], { pspReference: string; resultCode: string; amount: number; currency: string; sessionId: string }>(
    `SELECT p.psp_reference AS pspReference, p.result_code AS resultCode, p.amount, p.currency, p.session_id AS sessionId
     FROM sandbox_adyen_payments p JOIN sandbox_adyen_sessions s ON s.id = p.session_id WHERE s.reference = ? ORDER BY p.created, p.rowid`,
  );

  /** Where the 3-D Secure page of a payment that redirected sends the shopper back. */
  function returnOf(pspReference: string): string | undefined {
    const found = byPsp.get(pspReference);
    if (!found || found.result_code !== 'RedirectShopper') return undefined;
    return byId.get(found.session_id)?.return_url;
  }

  return { createSession, setup, pay, returnOf, authenticate, details, result, ledger: (orderId: string) => ledger.all(orderId) };
}
