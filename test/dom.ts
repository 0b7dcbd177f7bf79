type Falsy = null | undefined | false | 0 | '';

/** Polls until `probe` (sync or async) gives something truthy: for state that settles later. */
export async function waitFor<T>(probe: () => T | Falsy | Promise<T | Falsy>, timeoutMs = 10_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`Timed out waiting for ${probe}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `querySelector` inside an element's shadow root. */
export function inShadow<T extends Element = HTMLElement>(host: Element, selector: string): T | null {
  return host.shadowRoot!.querySelector<T>(selector);
}
