/**
 * Plays a device under load on one of the checkout's IndexedDB stores: a read-write transaction
 * of the test, kept alive until released, so that the checkout's reads and writes on that store
 * queue behind it.
 */

/** Opens one of the checkout's databases as it already exists (the checkout created it). */
export function openDatabase(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Holds `store` of `db` until the returned function is called. */
export function holdStore(db: IDBDatabase, store: string): () => void {
  const objectStore = db.transaction(store, 'readwrite').objectStore(store);
  let held = true;
  // A transaction commits once no request is pending: one always is, until released.
  const spin = () => {
    if (held) objectStore.get('held-by-test').onsuccess = spin;
  };
  spin();
  return () => (held = false);
}

/** Resolves when the frame's page issues a write to IndexedDB. */
export function writeIssued(frame: HTMLIFrameElement): Promise<void> {
  const prototype = (frame.contentWindow as typeof window).IDBObjectStore.prototype;
  const put = prototype.put;
  return new Promise((resolve) => {
    prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      resolve();
      return put.apply(this, args);
    };
  });
}
