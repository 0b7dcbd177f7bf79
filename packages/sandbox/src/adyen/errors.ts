/** Adyen Web's `AdyenCheckoutError`: a name from Adyen's list, a message, an optional cause. */
export type AdyenErrorName = 'NETWORK_ERROR' | 'CANCEL' | 'IMPLEMENTATION_ERROR' | 'API_ERROR' | 'ERROR' | 'SCRIPT_ERROR' | 'SDK_ERROR';

export class SandboxAdyenError extends Error {
  override readonly name: AdyenErrorName;
  constructor(name: AdyenErrorName, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }
}
