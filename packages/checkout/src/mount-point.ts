/**
 * A light-DOM mount point for provider UI, projected into the element's shadow root by a named
 * slot. Stripe Elements refuse to mount in a shadow root ("Elements cannot be mounted in a
 * ShadowRoot") and PayPal's buttons break there, so their container must live in the document.
 *
 * When `<relais-checkout>` itself sits inside another component's shadow root, its light DOM is
 * still inside that shadow root. The container is then moved up to the outermost host's light
 * DOM and a chain of slots (one per shadow root, placed where the container was) projects it
 * back down: the technique bennypowers/stripe-elements uses, without touching any other node.
 */
export class MountPoint {
  readonly element: HTMLDivElement;
  readonly #slots: HTMLSlotElement[] = [];

  constructor(host: HTMLElement, slotName: string) {
    const doc = host.ownerDocument;
    this.element = doc.createElement('div');
    this.element.slot = slotName;
    this.element.dataset['relaisMount'] = slotName;
    host.append(this.element);

    let root = host.getRootNode();
    for (let level = 1; root instanceof ShadowRoot; level++) {
      const slot = doc.createElement('slot');
      slot.name = `${slotName}-${level}-${Math.random().toString(36).slice(2, 8)}`;
      slot.slot = this.element.slot;
      this.element.replaceWith(slot);
      this.element.slot = slot.name;
      root.host.append(this.element);
      this.#slots.push(slot);
      root = root.host.getRootNode();
    }
  }

  /** Whether the container is in the document tree itself, where provider SDKs accept it. */
  get inLightDom(): boolean {
    return this.element.getRootNode() === this.element.ownerDocument;
  }

  remove(): void {
    this.element.remove();
    for (const slot of this.#slots) slot.remove();
    this.#slots.length = 0;
  }
}
