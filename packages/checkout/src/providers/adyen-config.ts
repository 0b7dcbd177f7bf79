/**
 * The Adyen attributes in depth, loaded with validateConfig only when a page sets them. Client
 * keys say their platform (`test_…`, `live_…`); a key of the other platform than
 * `adyen-environment` would be refused by Adyen at the shopper's first keystroke: named here.
 */
import type { ConfigIssue } from '../config.js';

export function adyenIssues(keyText: string | null | undefined, environmentText: string | null | undefined): ConfigIssue[] {
  const key = keyText?.trim() || undefined;
  const environment = environmentText?.trim() || undefined;
  const issues: ConfigIssue[] = [];
  const keyPlatform = key?.startsWith('live_') ? 'live' : key?.startsWith('test_') ? 'test' : undefined;
  if (key !== undefined && (!keyPlatform || !/^(test|live)_[A-Za-z0-9]{8,}$/.test(key))) {
    issues.push({
      code: 'adyen-client-key-invalid', attribute: 'adyen-client-key', value: key,
      fix: 'Use the Adyen client key (Customer Area, API credentials), starting with test_ or live_; never the API key.',
    });
  }
  if (environment !== undefined && environment !== 'test' && environment !== 'live') {
    issues.push({ code: 'adyen-environment-invalid', attribute: 'adyen-environment', value: environment, fix: 'Set adyen-environment to "test" or "live".' });
  } else if (environment !== undefined && keyPlatform !== undefined && environment !== keyPlatform) {
    issues.push({
      code: 'adyen-environment-mismatch', attribute: 'adyen-environment', value: environment,
      fix: `adyen-client-key is a ${keyPlatform} key but adyen-environment is "${environment}": use a ${environment}_ key, or set adyen-environment="${keyPlatform}".`,
    });
  }
  return issues;
}
