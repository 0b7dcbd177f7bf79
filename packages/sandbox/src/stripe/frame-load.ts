/**
 * How the stand-ins fill their card frame (an empty same-origin iframe) without one long task.
 *
 * Chromium creates the frame's document, and fires its first `load`, during the insertion itself:
 * that is already the longest task of a page showing the form (a new document and script context).
 * Filling the form in that task too, and reading its height there (a forced layout of the frame
 * and of the page around it), would make it longer still. The real SDKs' frames load from the
 * network, so their forms never appear in the inserting task either.
 */

/**
 * Calls `fill` with the frame's document in a task after each `load` (moving an iframe in the DOM
 * reloads it, empty again), once per document: a load superseded before its task runs is skipped.
 */
export function fillOnLoad(iframe: HTMLIFrameElement, fill: (doc: Document) => void): void {
  const filled = new WeakSet<Document>();
  iframe.addEventListener('load', () => {
    setTimeout(() => {
      const doc = iframe.contentDocument;
      if (!doc || filled.has(doc)) return;
      filled.add(doc);
      fill(doc);
    });
  });
}

/**
 * Makes the frame as tall as its filled document, once per document. The frame's own
 * ResizeObserver reports after its first layout, which the page's next rendering does anyway (and
 * before it paints): nothing forces a layout now. Once, not on every resize: the empty frame's
 * document is in quirks mode, where the root is as tall as the frame, so each new height would be
 * observed and grown again.
 */
export function fitHeight(iframe: HTMLIFrameElement, doc: Document): void {
  const fit = () => {
    iframe.style.height = `${doc.documentElement.scrollHeight + 4}px`;
  };
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  if (!view?.ResizeObserver) return fit();
  const observer = new view.ResizeObserver(() => {
    observer.disconnect();
    fit();
  });
  observer.observe(doc.documentElement);
}
