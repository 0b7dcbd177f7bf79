/**
 * The sandbox's stand-in for PayPal's popup: an in-page modal `<dialog>` asking the shopper to
 * approve or cancel. A native modal dialog gives focus trapping, Escape-to-cancel and an inert
 * page for free, so the drill is keyboard and screen-reader usable.
 */

export type ApprovalAnswer = 'approve' | 'cancel';

const STYLE =
  'max-width:22rem;padding:1.25rem;border:0;border-radius:12px;font:16px/1.4 system-ui,sans-serif;' +
  'color:#001435;background:#fff;box-shadow:0 8px 32px rgb(0 0 0/.3)';
const BUTTON = 'font:inherit;padding:.5rem 1.25rem;border-radius:999px;cursor:pointer;';

/** Shows the dialog; resolves with the shopper's answer, or 'cancel' when `signal` aborts. */
export function askApproval(question: string, signal: AbortSignal): Promise<ApprovalAnswer> {
  const dialog = document.createElement('dialog');
  dialog.className = 'relais-sandbox-paypal';
  dialog.style.cssText = STYLE;
  const titleId = `relais-sandbox-paypal-${Math.random().toString(36).slice(2)}`;
  dialog.setAttribute('aria-labelledby', titleId);

  const title = document.createElement('h2');
  title.id = titleId;
  title.style.cssText = 'font-size:1.1rem;margin:0 0 1rem';
  title.textContent = question;
  const approve = document.createElement('button');
  approve.type = 'button';
  approve.textContent = 'Approve';
  approve.autofocus = true;
  approve.style.cssText = `${BUTTON}border:0;background:#ffc439;color:#001435;font-weight:600`;
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.textContent = 'Cancel';
  cancel.style.cssText = `${BUTTON}border:1px solid #001435;background:transparent;color:inherit`;
  const actions = document.createElement('div');
  actions.style.cssText = 'display:flex;gap:.75rem;justify-content:flex-end';
  actions.append(cancel, approve);
  dialog.append(title, actions);

  return new Promise<ApprovalAnswer>((resolve) => {
    const finish = (answer: ApprovalAnswer): void => {
      signal.removeEventListener('abort', onAbort);
      if (dialog.open) dialog.close();
      dialog.remove();
      resolve(answer);
    };
    const onAbort = (): void => finish('cancel');
    approve.addEventListener('click', () => finish('approve'));
    cancel.addEventListener('click', () => finish('cancel'));
    // Escape closes a modal dialog through `cancel`: the shopper backing out.
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish('cancel');
    });
    if (signal.aborted) return finish('cancel');
    signal.addEventListener('abort', onAbort);
    document.body.append(dialog);
    dialog.showModal();
  });
}
