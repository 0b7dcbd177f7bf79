import { expect } from '@open-wc/testing';
import { resetProviderRoutes, routeProvider } from '@relais/sandbox/testing/routes.js';
import { FailureKind, RelaisError } from '../errors.js';
import { loadSdk } from './sdk-errors.js';
import { sdkScript } from '../trusted-types.js';

const STRIPE_JS = 'https://js.stripe.com/endive/stripe.js';

/** An official loader's way (where Relais's Trusted Types path does not insert it first): once, and once more after an error. */
function insertWithRetry(retry = true): Promise<never> {
  return new Promise((_, reject) => {
    const script = sdkScript(STRIPE_JS);
    script.onerror = () => {
      script.remove();
      if (retry) insertWithRetry(false).catch(reject);
      else reject(new Error(`Failed to load ${STRIPE_JS}`));
    };
    document.head.append(script);
  });
}

describe('loadSdk', () => {
  before(() => resetProviderRoutes());
  after(() => resetProviderRoutes());

  it('says the SDK is struggling at its script’s first error, before the retry is sent, then rejects as sdk-load-failed', async () => {
    await routeProvider('stripe', 'abort');
    // How many times the script was inserted so far (the retry is a second insertion).
    let inserted = 0;
    const count = (records: MutationRecord[]) => {
      for (const record of records) inserted += [...record.addedNodes].filter((node) => node instanceof HTMLScriptElement && node.src === STRIPE_JS).length;
    };
    const scripts = new MutationObserver(count);
    scripts.observe(document.head, { childList: true });
    const insertedWhenTold: number[] = [];
    const error = await loadSdk('stripe', STRIPE_JS, () => false, /not available/, () => insertWithRetry(), undefined, () => {
      count(scripts.takeRecords());
      insertedWhenTold.push(inserted);
    }).then(() => undefined, (reason: unknown) => reason);
    scripts.disconnect();
    expect(error).to.be.instanceOf(RelaisError);
    expect((error as RelaisError).code).to.equal(FailureKind.SdkLoadFailed);
    expect(insertedWhenTold.length, 'told at the first error').to.be.at.least(1);
    expect(insertedWhenTold[0], 'when the script had been inserted once: before the retry').to.equal(1);
    expect(inserted, 'and the retry was still made').to.equal(2);
  });
});
