/**
 * Reads every record of every IndexedDB database the page's origin holds and reports anything
 * that looks like a card number (a Luhn-valid run of 13–19 digits) or a client secret
 * (`_secret_`). Written apart from the queue's own check on purpose: a test must not trust the
 * code it tests.
 *
 * Web Test Runner gives each test FILE a fresh browser context, so a scan at the end of a file
 * sees exactly the storage that file's flows (and its service worker) left behind.
 */

export interface Finding {
  database: string;
  store: string;
  key: string;
  kind: 'card-number' | 'client-secret';
  value: string;
}

export interface ScanReport {
  databases: string[];
  records: number;
  findings: Finding[];
}

// Epoch-millisecond timestamps are 13 digits and pass Luhn one time in ten: they are not card
// numbers. Only these keys, and only numbers under them, are spared.
const TIME_KEYS = new Set(['createdAt', 'updatedAt', 'nextAttemptAt', 'at', 'retryAt']);
// Random UUIDs can hold a 13+ digit run across their dashes.
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function cardNumberIn(text: string): boolean {
  for (const [run] of text.replace(UUID, '#').matchAll(/\d(?:[ -]?\d)*/g)) {
    const digits = run.replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhn(digits)) return true;
  }
  return false;
}

function inspect(value: unknown, key: string | undefined, report: (kind: Finding['kind'], value: string) => void): void {
  if (typeof value === 'string') {
    if (value.includes('_secret_')) report('client-secret', value);
    if (cardNumberIn(value)) report('card-number', value);
  } else if (typeof value === 'number') {
    if (!(key !== undefined && TIME_KEYS.has(key)) && cardNumberIn(String(value))) report('card-number', String(value));
  } else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    inspect(new TextDecoder().decode(value), key, report);
  } else if (Array.isArray(value)) {
    for (const item of value) inspect(item, key, report);
  } else if (value !== null && typeof value === 'object') {
    for (const [name, inner] of Object.entries(value)) {
      inspect(name, undefined, report);
      inspect(inner, name, report);
    }
  }
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

export async function scanIndexedDb(): Promise<ScanReport> {
  const scan: ScanReport = { databases: [], records: 0, findings: [] };
  for (const { name } of await indexedDB.databases()) {
    if (!name) continue;
    scan.databases.push(name);
    const db = await request(indexedDB.open(name));
    try {
      for (const store of Array.from(db.objectStoreNames)) {
        const objectStore = db.transaction(store, 'readonly').objectStore(store);
        const [keys, values] = await Promise.all([request(objectStore.getAllKeys()), request(objectStore.getAll())]);
        keys.forEach((key, index) => {
          scan.records += 1;
          const report = (kind: Finding['kind'], value: string) =>
            scan.findings.push({ database: name, store, key: String(key), kind, value });
          inspect(key, undefined, report);
          inspect(values[index], undefined, report);
        });
      }
    } finally {
      db.close();
    }
  }
  return scan;
}
