/**
 * Copy buttons: writes a value to the clipboard and remembers which field was copied for a few
 * seconds, so its button can say so. A ReactiveController: the host re-renders on each change.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class CopyController implements ReactiveController {
  /** The field whose value was just copied. */
  copied: string | undefined;
  readonly #host: ReactiveControllerHost;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, private readonly confirmMs = 4000) {
    host.addController(this);
    this.#host = host;
  }

  /** Resolves `true` once copied; `false` when the browser refuses (permissions, insecure page). */
  async copy(field: string, value: string): Promise<boolean> {
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      return false; // the value stays on screen, selectable by hand
    }
    this.copied = field;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.copied = undefined;
      this.#host.requestUpdate();
    }, this.confirmMs);
    this.#host.requestUpdate();
    return true;
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
  }
}
