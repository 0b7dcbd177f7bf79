/**
 * `paypal.createInstance()` of the sandbox: eligibility and the one-time payment session, with
 * the shopper's approval given in an in-page dialog (or at once, per `approval`) and recorded on
 * the fake PayPal API so the merchant's server can capture the order as it would with PayPal.
 */
import type {
  BaseInstance,
  Components,
  CreateInstanceOptions,
  EligiblePaymentMethodsOutput,
  FindEligibleMethodsGetDetails,
  FindEligibleMethodsOptions,
  FindEligiblePaymentMethodsResponse,
  FundingSource,
  OneTimePaymentSession,
  PayPalOneTimePaymentSessionOptions,
  PayPalPaymentsInstance,
  SdkInstance,
} from '@paypal/paypal-js/sdk-v6';
import { delay, readSandboxConfig } from '../config.js';
import { askApproval } from './approval-dialog.js';
import { sendTelemetry, TRACKERS } from '../telemetry.js';
import { paypalError } from './errors.js';

/** What the sandbox implements: the base instance and PayPal one-time payments. */
type SandboxInstance = BaseInstance & Pick<PayPalPaymentsInstance, 'createPayPalOneTimePaymentSession'>;

/** The last amount asked about, so the approval dialog can say what the shopper approves. */
interface Basket {
  amount?: string;
  currencyCode?: string;
}

function eligibility(eligible: ReadonlySet<FundingSource>): EligiblePaymentMethodsOutput {
  return {
    isEligible: (method) => eligible.has(method),
    getDetails: <T extends FundingSource>(method: T) => {
      if (!eligible.has(method)) throw paypalError('ERR_NOT_ELIGIBLE', `"${method}" is not eligible in the sandbox.`, false);
      // PayPal one-time payments have no further details; the generic conditional type cannot be
      // narrowed from inside, so this is the one cast of the output.
      return { canBeVaulted: false } as FindEligibleMethodsGetDetails<T>;
    },
  };
}

async function findEligibleMethods(basket: Basket, options: FindEligibleMethodsOptions = {}): Promise<EligiblePaymentMethodsOutput> {
  const { fault, timeoutMs } = readSandboxConfig().paypal;
  // PayPal's eligibility call is the first API call of a PayPal checkout: the outage faults land here.
  if (fault === 'api-5xx') throw paypalError('ERR_ELIGIBILITY', 'Sandbox fault api-5xx: the PayPal eligibility API answered 500.', true);
  if (fault === 'api-timeout') {
    await delay(timeoutMs);
    throw paypalError('ERR_ELIGIBILITY', `Sandbox fault api-timeout: the PayPal eligibility API did not answer in ${timeoutMs} ms.`, true);
  }
  if (options.amount !== undefined) basket.amount = options.amount;
  if (options.currencyCode !== undefined) basket.currencyCode = options.currencyCode;
  return eligibility(new Set<FundingSource>(fault === 'ineligible' ? [] : ['paypal']));
}

function describe(orderId: string, basket: Basket): string {
  const amount = Number(basket.amount);
  if (!basket.amount || !Number.isFinite(amount)) return `PayPal sandbox: approve payment for order ${orderId}?`;
  try {
    const money = new Intl.NumberFormat('en', { style: 'currency', currency: basket.currencyCode ?? 'USD' }).format(amount);
    return `PayPal sandbox: approve payment of ${money}?`;
  } catch {
    return `PayPal sandbox: approve payment of ${basket.amount} ${basket.currencyCode ?? ''}?`.replace(' ?', '?');
  }
}

async function recordApproval(orderId: string): Promise<void> {
  const { apiBase, paypal } = readSandboxConfig();
  // Only the decline drill travels to the fake API: it marks the order so capture answers
  // INSTRUMENT_DECLINED, as PayPal does when the buyer's funding source is refused.
  const body = paypal.fault === 'decline' ? { fault: 'decline' } : {};
  const response = await fetch(`${apiBase}/paypal/orders/${encodeURIComponent(orderId)}/approve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (!response.ok) throw new Error(`The sandbox PayPal API answered HTTP ${response.status} to approve ${orderId}.`);
}

function createSession(basket: Basket, options: PayPalOneTimePaymentSessionOptions): OneTimePaymentSession {
  let flow: AbortController | null = null;
  let destroyed = false;
  const fail = (error: Error & { code: string; isRecoverable: boolean }): void => {
    options.onError?.(error);
    options.onComplete?.({ paymentSessionState: 'error' });
  };

  async function run(orderPromise: Promise<{ orderId: string }>, signal: AbortSignal): Promise<void> {
    let orderId: string;
    try {
      ({ orderId } = await orderPromise);
      if (typeof orderId !== 'string' || orderId === '') throw new Error('createOrder resolved without an orderId');
    } catch (cause) {
      return fail(paypalError('ERR_CREATE_ORDER', 'The order promise passed to start() rejected or had no orderId.', true, cause));
    }
    const { approval } = readSandboxConfig().paypal;
    const answer = approval === 'auto' ? 'approve' : approval === 'cancel' ? 'cancel' : await askApproval(describe(orderId, basket), signal);
    if (signal.aborted && destroyed) return;
    if (answer === 'cancel') {
      options.onCancel?.({ orderId });
      options.onComplete?.({ paymentSessionState: 'canceled' });
      return;
    }
    try {
      await recordApproval(orderId);
    } catch (cause) {
      return fail(paypalError('ERR_APPROVE', 'The PayPal sandbox could not record the approval.', true, cause));
    }
    try {
      await options.onApprove?.({ orderId, payerId: 'SBXPAYER', fundingSource: 'paypal' });
    } catch (cause) {
      return fail(paypalError('ERR_ON_APPROVE', 'onApprove threw or rejected.', false, cause));
    }
    options.onComplete?.({ paymentSessionState: 'approved' });
  }

  return {
    // Misuse rejects start() (as PayPal does for presentation problems); the payment's own
    // outcome goes to onApprove / onCancel / onError and start() resolves when the flow ends.
    async start(_presentation, orderPromise) {
      if (destroyed) throw paypalError('ERR_SESSION_DESTROYED', 'This payment session was destroyed.', false);
      if (flow) throw paypalError('ERR_SESSION_ACTIVE', 'A payment session is already in progress.', true);
      const order = orderPromise ?? (options.orderId ? Promise.resolve({ orderId: options.orderId }) : undefined);
      if (!order) throw paypalError('ERR_NO_ORDER', 'start() needs an order promise or an orderId option.', false);
      const controller = new AbortController();
      flow = controller;
      try {
        await run(order, controller.signal);
      } finally {
        if (flow === controller) flow = null;
      }
    },
    cancel() {
      flow?.abort();
    },
    destroy() {
      destroyed = true;
      flow?.abort();
    },
  };
}

async function createInstance<T extends readonly Components[]>(options: CreateInstanceOptions<T>): Promise<SdkInstance<T>> {
  const { fault, slowMs } = readSandboxConfig().paypal;
  if (fault === 'slow') await delay(slowMs);
  if (!options || (!options.clientId && !options.clientToken)) {
    throw paypalError('ERR_INVALID_OPTIONS', 'createInstance() needs a clientId or a clientToken.', false);
  }
  if (!options.components?.includes('paypal-payments')) {
    throw paypalError('ERR_INVALID_OPTIONS', 'The PayPal sandbox implements the "paypal-payments" component only.', false);
  }
  sendTelemetry(TRACKERS.paypalLogger, 'create-instance');
  const basket: Basket = {};
  const instance: SandboxInstance = {
    findEligibleMethods: (findOptions) => findEligibleMethods(basket, findOptions),
    hydrateEligibleMethods: (response: FindEligiblePaymentMethodsResponse) =>
      eligibility(new Set(Object.keys(response.eligible_methods ?? {}).filter((key) => key === 'paypal') as FundingSource[])),
    updateLocale: () => undefined,
    updateClientToken: () => {
      if (options.clientId) throw paypalError('ERR_INVALID_OPTIONS', 'updateClientToken() on an instance created with a clientId.', false);
    },
    createPayPalOneTimePaymentSession: (sessionOptions) => createSession(basket, sessionOptions),
  };
  // SdkInstance<T> is computed from the requested components; the sandbox serves 'paypal-payments'
  // (checked above) and deliberately not its save / Pay Later / Credit sessions.
  return instance as unknown as SdkInstance<T>;
}

export { createInstance };
