/**
 * Relais's one Trusted Types policy, `relais` (never a `default` one). It vouches for the exact
 * provider SDK URLs Relais loads and, for the order queue's worker, a same-origin `sw-url`; it
 * throws for anything else. Created on first use: a page that never loads an SDK or a worker
 * never meets it. Where the browser has no Trusted Types, URLs stay strings and nothing changes.
 */
import { FailureKind, RelaisError } from './errors.js';

/** The SDK scripts Relais runs, exactly as their official loaders write them. */
const SDK_URLS = [
  'https://js.stripe.com/endive/stripe.js',
  // Adyen Web, pinned (providers/adyen.ts: ADYEN_WEB_VERSION), both platforms.
  'https://checkoutshopper-test.cdn.adyen.com/checkoutshopper/sdk/6.45.2/adyen.js',
  'https://checkoutshopper-live.cdn.adyen.com/checkoutshopper/sdk/6.45.2/adyen.js',
  'https://www.paypal.com/web-sdk/v6/core',
  'https://www.sandbox.paypal.com/web-sdk/v6/core',
];

type Rule = (url: string, worker?: boolean) => string;
interface Factory {
  createPolicy(name: string, rules: { createScriptURL: Rule }): { createScriptURL: Rule };
}

const factory = (globalThis as { trustedTypes?: Factory }).trustedTypes;
let policy: { createScriptURL: Rule } | undefined;
let refused = false;

/**
 * `url` as the `relais` policy's TrustedScriptURL (typed as the string the DOM's typings expect).
 * Throws a `csp` RelaisError when the page's `trusted-types` directive does not list `relais`.
 */
export function scriptUrl(url: string, worker = false): string {
  if (!factory) return url;
  if (!policy && !refused) {
    try {
      policy = factory.createPolicy('relais', {
        createScriptURL(candidate, forWorker) {
          if (SDK_URLS.includes(candidate) || (forWorker && new URL(candidate, document.baseURI).origin === location.origin)) return candidate;
          throw new TypeError(`the relais Trusted Types policy does not trust ${candidate}`);
        },
      });
    } catch {
      // Asked once: every later attempt would only report the same violation again.
      refused = true;
    }
  }
  if (!policy) throw new RelaisError(FailureKind.Csp, "Content-Security-Policy trusted-types does not allow the policy 'relais'");
  return policy.createScriptURL(url, worker);
}

const running = new Map<string, Promise<true>>();

/**
 * A classic script for `url`; with `integrity` (the hash its publisher gives for that exact file)
 * the browser refuses other bytes, which then fail like a blocked script: the next method.
 */
export function sdkScript(url: string, integrity?: string): HTMLScriptElement {
  const script = document.createElement('script');
  if (integrity) {
    script.integrity = integrity;
    // An integrity check needs a CORS fetch; no credentials go to the provider's CDN.
    script.crossOrigin = 'anonymous';
  }
  script.src = scriptUrl(url);
  return script;
}

function insert(url: string, integrity?: string): Promise<true> {
  return new Promise((resolve, reject) => {
    const script = sdkScript(url, integrity);
    script.onload = () => resolve(true);
    script.onerror = () => {
      script.remove();
      reject(new Error(`Failed to load ${url}`));
    };
    document.head.append(script);
  });
}

/**
 * Runs an SDK's script through the policy, with one retry after an `error`, and resolves after
 * its `load` (true). The official loaders are called afterwards and find the SDK's global: their
 * own insertion and retries assign strings to `script.src`, which a page enforcing Trusted Types
 * refuses. Without Trusted Types this does nothing (false): the loaders work as they always did.
 */
export function runScript(url: string, integrity?: string): Promise<boolean> {
  if (!factory) return Promise.resolve(false);
  let run = running.get(url);
  if (!run) {
    run = insert(url, integrity)
      .catch((error: unknown) => (error instanceof RelaisError ? Promise.reject(error) : insert(url, integrity)))
      .finally(() => running.delete(url));
    running.set(url, run);
  }
  return run;
}
