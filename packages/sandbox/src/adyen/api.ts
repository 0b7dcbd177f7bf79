/**
 * HTTP to the fake Adyen Checkout API (`{apiBase}/adyen/...`, served by @relais/server in sandbox
 * mode). What fails in transport is what Adyen Web reports as `NETWORK_ERROR`; Adyen's own error
 * bodies come back as `API_ERROR` with their `errorCode`.
 */
import { readSandboxConfig } from '../config.js';
import { SandboxAdyenError } from './errors.js';

export async function callAdyen<T>(path: string, body: Record<string, unknown>): Promise<T> {
  const { apiBase } = readSandboxConfig();
  let response: Response;
  try {
    // Looked up per call so a page (or test) that wraps `fetch` sees every request.
    response = await fetch(`${apiBase}/adyen/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch (cause) {
    throw new SandboxAdyenError('NETWORK_ERROR', 'The sandbox Adyen API did not answer', { cause });
  }
  const json = (await response.json().catch(() => undefined)) as (T & { errorCode?: string; message?: string }) | undefined;
  if (response.status >= 500 || !json) throw new SandboxAdyenError('NETWORK_ERROR', `The sandbox Adyen API answered HTTP ${response.status}`);
  if (!response.ok) throw new SandboxAdyenError('API_ERROR', `${json.errorCode ?? response.status}: ${json.message ?? 'refused'}`);
  return json;
}
