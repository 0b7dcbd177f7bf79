/**
 * The Web Lock one order is held under, by the page's payment flow and by the order queue on the
 * page and in the service worker alike (`navigator.locks` is shared by every context of the
 * origin): one name, or the payment and the queue would not see each other.
 */
export const orderLockName = (orderId: string): string => `relais:order:${orderId}`;
