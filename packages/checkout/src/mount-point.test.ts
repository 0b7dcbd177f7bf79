import { expect, fixture } from '@open-wc/testing';
import { html, LitElement } from 'lit';
import { RelaisCheckout } from './relais-checkout.js';
import type { ProviderId } from './config.js';
import type { PaymentOutcome, Provider } from './providers/provider.js';
import { inShadow, waitFor } from '../../../test/dom.js';

/** Stands in for an SDK that, like Stripe Elements, refuses to mount inside a shadow root. */
class LightDomOnlyProvider implements Provider {
  readonly capabilities = { needsMountPoint: true, ownsPayButton: false, needsMerchantApi: false };
  mounted: HTMLElement | undefined;
  constructor(readonly id: ProviderId) {}
  async load(): Promise<void> {}
  async mount(target: HTMLElement | undefined): Promise<void> {
    if (!target || target.getRootNode() !== document) throw new Error('Elements cannot be mounted in a ShadowRoot.');
    const frame = document.createElement('iframe');
    frame.title = 'Card details';
    frame.style.cssText = 'display:block;width:100%;height:120px;border:0';
    target.append(frame);
    this.mounted = target;
  }
  async pay(): Promise<PaymentOutcome> {
    return { status: 'succeeded', reference: 'pi_test' };
  }
  destroy(): void {
    this.mounted?.replaceChildren();
  }
}

class SlotTestCheckout extends RelaisCheckout {
  providersCreated: LightDomOnlyProvider[] = [];
  protected override createProvider(id: ProviderId): Provider {
    const provider = new LightDomOnlyProvider(id);
    this.providersCreated.push(provider);
    return provider;
  }
}
customElements.define('slot-test-checkout', SlotTestCheckout);

class MerchantShell extends LitElement {
  override render() {
    return html`<div class="card"><slot></slot><slot-test-checkout amount="1000" currency="EUR" stripe-key="pk_test_123"
      providers="stripe" lang="en"></slot-test-checkout></div>`;
  }
}
customElements.define('merchant-shell', MerchantShell);

function assertProjected(host: Element, mount: HTMLElement): void {
  expect(mount.getRootNode(), 'the mount point lives in the document').to.equal(document);
  const hostBox = host.getBoundingClientRect();
  const frameBox = mount.querySelector('iframe')!.getBoundingClientRect();
  expect(frameBox.height, 'the provider UI is rendered').to.equal(120);
  expect(frameBox.top).to.be.within(hostBox.top, hostBox.bottom);
  expect(frameBox.left).to.be.within(hostBox.left, hostBox.right);
}

describe('light-DOM mount points', () => {
  it('mounts provider UI in the light DOM and projects it inside the element', async () => {
    const element = await fixture<SlotTestCheckout>(html`<slot-test-checkout amount="1000" currency="EUR"
      stripe-key="pk_test_123" providers="stripe" lang="en"></slot-test-checkout>`);
    await waitFor(() => element.providersCreated[0]?.mounted);
    const mount = element.providersCreated[0]!.mounted!;
    expect(mount.parentElement).to.equal(element);
    expect(mount.assignedSlot!.getRootNode()).to.equal(element.shadowRoot);
    assertProjected(element, mount);
  });

  it('still mounts in the document when the element sits inside another shadow root', async () => {
    const shell = await fixture<MerchantShell>(html`<merchant-shell></merchant-shell>`);
    const element = shell.shadowRoot!.querySelector<SlotTestCheckout>('slot-test-checkout')!;
    await waitFor(() => element.providersCreated[0]?.mounted);
    const mount = element.providersCreated[0]!.mounted!;
    expect(mount.parentElement, 'moved up to the outer host').to.equal(shell);
    assertProjected(element, mount);
    await waitFor(() => inShadow(element, '[part="pay-button"]:not([disabled])'));
  });

  it('removes its mount points and chained slots when the element leaves the page', async () => {
    const shell = await fixture<MerchantShell>(html`<merchant-shell></merchant-shell>`);
    const element = shell.shadowRoot!.querySelector<SlotTestCheckout>('slot-test-checkout')!;
    await waitFor(() => element.providersCreated[0]?.mounted);
    element.remove();
    expect(shell.querySelector('[data-relais-mount]')).to.equal(null);
    expect(element.querySelector('slot')).to.equal(null);
    expect(document.querySelectorAll('iframe[title="Card details"]')).to.have.length(0);
  });

  it('loads again after being moved to another place in the page', async () => {
    const element = await fixture<SlotTestCheckout>(html`<slot-test-checkout amount="1000" currency="EUR"
      stripe-key="pk_test_123" providers="stripe" lang="en"></slot-test-checkout>`);
    await waitFor(() => element.providersCreated[0]?.mounted);
    const elsewhere = document.createElement('section');
    document.body.append(elsewhere);
    elsewhere.append(element);
    await waitFor(() => element.providersCreated[1]?.mounted);
    expect(element.querySelectorAll('[data-relais-mount]')).to.have.length(1);
    assertProjected(element, element.providersCreated[1]!.mounted!);
    elsewhere.remove();
  });
});
