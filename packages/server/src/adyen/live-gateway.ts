/**
 * Adyen through the official `@adyen/api-library` (its Checkout API version: v72 in 32.x): the library signs requests
 * with the API key and parses; we map. Loaded in live mode only (providers.ts).
 */
// A CommonJS package: its named exports are read from the default one.
import adyenLibrary from '@adyen/api-library';
import { ProviderError, ProviderFailure } from '../provider-error.js';
import type { AdyenGateway, SessionStatus } from './gateway.js';
import type { NotificationItem } from './webhooks-route.js';

export interface LiveAdyenOptions {
  apiKey: string;
  merchantAccount: string;
  environment: 'test' | 'live';
  /** Required by Adyen for live: the merchant's `[random]-[company]` prefix. */
  liveEndpointUrlPrefix?: string | undefined;
  /**
   * The library's HTTP client (its `ClientInterface`), in place of its own HTTPS one: the tests
   * put a fake Adyen behind it to check each request against Adyen's API document.
   */
  httpClient?: AdyenHttpClient | undefined;
}

/** `@adyen/api-library`'s HTTP client interface, as far as the Checkout calls use it. */
export interface AdyenHttpClient {
  request(
    endpoint: string,
    json: string | Buffer,
    config: { apiKey?: string | undefined },
    isApiKeyRequired: boolean,
    requestOptions?: { method?: string | undefined; headers?: Record<string, unknown> | undefined; idempotencyKey?: string | undefined; params?: unknown },
  ): Promise<string>;
}

const { CheckoutAPI, Client, EnvironmentEnum, hmacValidator } = adyenLibrary;

function providerError(error: unknown): ProviderError {
  const status = (error as { statusCode?: unknown }).statusCode;
  const code = (error as { errorCode?: unknown }).errorCode;
  const known = typeof status === 'number' ? status : undefined;
  const unavailable = known === undefined || known >= 500 || known === 429;
  return new ProviderError(unavailable ? ProviderFailure.Unavailable : ProviderFailure.Refused, 'adyen', `Adyen answered ${known ?? 'nothing'}`, {
    code: typeof code === 'string' ? code : undefined,
    status: known,
    cause: error,
  });
}

export function liveAdyenGateway(options: LiveAdyenOptions): AdyenGateway {
  const client = new Client(
    {
      apiKey: options.apiKey,
      environment: options.environment === 'live' ? EnvironmentEnum.LIVE : EnvironmentEnum.TEST,
      ...(options.liveEndpointUrlPrefix ? { liveEndpointUrlPrefix: options.liveEndpointUrlPrefix } : {}),
    },
    options.httpClient as ConstructorParameters<typeof Client>[1],
  );
  const checkout = new CheckoutAPI(client);
  return {
    async createSession({ orderId, amount, currency, returnUrl, idempotencyKey }) {
      try {
        const session = await checkout.PaymentsApi.sessions(
          { amount: { value: amount, currency }, merchantAccount: options.merchantAccount, reference: orderId, returnUrl },
          { idempotencyKey },
        );
        if (typeof session.id !== 'string' || typeof session.sessionData !== 'string') {
          throw new ProviderError(ProviderFailure.Unavailable, 'adyen', 'Adyen answered something that is not a session');
        }
        return { id: session.id, sessionData: session.sessionData };
      } catch (error) {
        throw error instanceof ProviderError ? error : providerError(error);
      }
    },
    async sessionResult(sessionId, sessionResult) {
      // Adyen answers only with the page's sessionResult; without it, the webhook tells.
      if (!sessionResult) return { status: 'unknown', reference: undefined, payments: [] };
      try {
        const result = await checkout.PaymentsApi.getResultOfPaymentSession(sessionId, sessionResult);
        return {
          status: (result.status ?? 'unknown') as SessionStatus,
          reference: result.reference,
          payments: (result.payments ?? []).map((payment) => ({
            pspReference: payment.pspReference ?? '',
            resultCode: String(payment.resultCode ?? ''),
            amount: payment.amount ? { value: payment.amount.value, currency: payment.amount.currency } : undefined,
          })),
        };
      } catch (error) {
        throw providerError(error);
      }
    },
  };
}

/** Adyen's HMAC check of one notification item with the merchant's HMAC key (hex). */
export function adyenHmacCheck(hmacKey: string): (item: NotificationItem) => Promise<boolean> {
  const validator = new hmacValidator();
  return async (item) => {
    try {
      return validator.validateHMAC(item as never, hmacKey);
    } catch {
      // No signature, a malformed one: not Adyen's.
      return false;
    }
  };
}
