import { ProviderError, ProviderFailure } from '../provider-error.js';

/**
 * PayPal's OAuth2 client-credentials token, fetched once and reused until shortly before it
 * expires. Concurrent callers share one token request; a failed request is not remembered, so
 * the next call tries again.
 */

export interface AccessTokenOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  fetch: typeof fetch;
  /** Milliseconds since the epoch; tests move time. */
  now: () => number;
  timeoutMs: number;
}

export interface AccessTokens {
  get(): Promise<string>;
  /** Drops `token` if it is still the cached one (PayPal answered 401 to it). */
  invalidate(token: string): void;
}

/** Renew this long before PayPal's expiry, so a token never dies between check and use. */
const EARLY_RENEWAL_MS = 60_000;

export function accessTokens(options: AccessTokenOptions): AccessTokens {
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function request(): Promise<string> {
    const { baseUrl, clientId, clientSecret, now, timeoutMs } = options;
    const started = now();
    let response: Response;
    try {
      response = await options.fetch(`${baseUrl}/v1/oauth2/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: 'grant_type=client_credentials',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ProviderError(ProviderFailure.Unavailable, 'paypal', 'PayPal token request failed', { cause: error });
    }
    const answer = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
    if (!response.ok || typeof answer.access_token !== 'string') {
      // Never the answer body in the message: it is PayPal's, but a token could be in it.
      const failure = response.status >= 500 || response.status === 429 ? ProviderFailure.Unavailable : ProviderFailure.Refused;
      throw new ProviderError(failure, 'paypal', `PayPal token request answered ${response.status}`, {
        status: response.status,
        code: response.status === 401 ? 'invalid_client' : undefined,
      });
    }
    const lifetimeMs = (typeof answer.expires_in === 'number' ? answer.expires_in : 0) * 1000;
    cached = { token: answer.access_token, expiresAt: started + lifetimeMs - EARLY_RENEWAL_MS };
    return answer.access_token;
  }

  return {
    get() {
      if (cached && options.now() < cached.expiresAt) return Promise.resolve(cached.token);
      pending ??= request().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
