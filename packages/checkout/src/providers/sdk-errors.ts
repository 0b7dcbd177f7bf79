/**
 * Turning a failed SDK load into the failure kinds of docs/design.md. A CSP block reaches the page
 * twice: as a `securitypolicyviolation` event and as a plain script `error`, in no guaranteed
 * order. Only the event tells a policy block from a network one, so violations are recorded
 * while the SDK loads and checked once more, one task later, when the load fails.
 */
import type { ProviderId } from '../config.js';
import { FailureKind, RelaisError, toError } from '../errors.js';
import { runScript } from '../trusted-types.js';

/**
 * Runs an SDK load and rejects with a classified `RelaisError` when it fails. `url` is the SDK's
 * script, run through Relais's Trusted Types policy first where the browser has Trusted Types;
 * `present` tells whether its global is defined; `load` is the official loader; `integrity`, the
 * script's Subresource Integrity when its publisher gives one.
 */
export async function loadSdk<T>(
  provider: ProviderId,
  url: string,
  present: () => boolean,
  missingGlobal: RegExp,
  load: () => Promise<T>,
  integrity?: string,
  struggling?: () => void,
): Promise<T> {
  const { origin } = new URL(url);
  let violation: SecurityPolicyViolationEvent | undefined;
  const record = (event: SecurityPolicyViolationEvent) => {
    if (event.blockedURI.startsWith(origin)) violation ??= event;
  };
  // The script's first error, before the loader's retry (a blocked script fails twice in a row).
  const failed = ({ target }: Event) => {
    if (target instanceof HTMLScriptElement && target.src.startsWith(origin)) struggling?.();
  };
  document.addEventListener('securitypolicyviolation', record);
  document.addEventListener('error', failed, true);
  try {
    if (!present() && (await runScript(url, integrity)) && !present()) {
      throw new RelaisError(FailureKind.SdkMissingGlobal, `${url} loaded without its global`, { provider });
    }
    return await load();
  } catch (reason) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (violation) {
      const message = `Content-Security-Policy ${violation.effectiveDirective} blocked ${violation.blockedURI}`;
      throw new RelaisError(FailureKind.Csp, message, { cause: reason, provider });
    }
    if (reason instanceof RelaisError) throw reason;
    const error = toError(reason);
    const kind = missingGlobal.test(error.message) ? FailureKind.SdkMissingGlobal : FailureKind.SdkLoadFailed;
    throw new RelaisError(kind, error.message, { cause: reason, provider });
  } finally {
    document.removeEventListener('securitypolicyviolation', record);
    document.removeEventListener('error', failed, true);
  }
}
