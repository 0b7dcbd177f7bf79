/**
 * The providers' own status pages, polled on a timer, as one more source of the health feed. A
 * status page that fails (unreachable, slow, HTML, 500, too big, not a summary) changes nothing:
 * its last good reading is kept, and the failure is reported once, in `feeds()` (so `GET /health`
 * shows it) and in one `onError` line. A provider is never marked down because its page is.
 */
import { readStream } from './http.js';
import { INCIDENT_PROVIDERS } from './incident.js';
import { readSummary, type PageMaintenance, type PageReading, type PageStatus, type StatusPageSource } from './status-page.js';

export type { StatusPageSource } from './status-page.js';
export type StatusPages = Partial<Record<'stripe' | 'paypal' | 'bank-transfer', StatusPageSource[]>>;

export interface StatusFeedOptions {
  /** How often each page is read, in ms. Default 60 000 (Statuspage caches about as long). */
  intervalMs?: number;
  /** One read's limit, headers and body together. Default 5000. */
  timeoutMs?: number;
  /** A larger body is cut off and counts as a failure. Default 1 MiB. */
  maxBytes?: number;
  /**
   * How long a last good `degraded`/`down` still counts once its page stops answering. Default
   * 15 minutes: a page that died during an outage must not keep the method skipped forever.
   * Maintenance windows keep their own end.
   */
  staleAfterMs?: number;
  fetch?: typeof fetch;
}

/** One page as `GET /health` shows it. */
export interface FeedReport {
  provider: string;
  /** Origin and path of the page: no query, no credentials. */
  page: string;
  /** `pending` until the first answer; `error`: the last read failed (the last good one is used). */
  status: 'pending' | 'ok' | 'error';
  checkedAt?: string;
  lastGoodAt?: string;
  error?: string;
  /** Parts of an otherwise good answer that were dropped (unknown status, date without a zone…). */
  problems?: string[];
}

export interface ProviderReading {
  status: PageStatus;
  because: string[];
  maintenance: PageMaintenance[];
}

export interface StatusFeed {
  /** Per provider with at least one page, what its pages say now (worst status, every window). */
  readings(now: number): Map<string, ProviderReading>;
  feeds(): FeedReport[];
  /** Reads every page once (a read already under way is joined, not doubled). */
  refresh(): Promise<void>;
}

export const DEFAULT_STATUS_INTERVAL_MS = 60_000;
export const DEFAULT_STATUS_TIMEOUT_MS = 5000;
export const DEFAULT_STATUS_MAX_BYTES = 1024 * 1024;
export const DEFAULT_STATUS_STALE_MS = 15 * 60_000;

/** What is wrong with the `statusPages` option, naming the entry, or undefined. */
export function statusPagesProblem(pages: unknown): string | undefined {
  if (pages === null || typeof pages !== 'object' || Array.isArray(pages)) return 'statusPages must be an object of providers';
  for (const [provider, list] of Object.entries(pages)) {
    if (!INCIDENT_PROVIDERS.includes(provider)) return `statusPages.${provider} is not a provider (${INCIDENT_PROVIDERS.join(', ')})`;
    if (!Array.isArray(list)) return `statusPages.${provider} must be a list of { url, components }`;
    for (const [index, source] of (list as unknown[]).entries()) {
      const at = `statusPages.${provider}[${index}]`;
      const url = (source as StatusPageSource | undefined)?.url;
      if (typeof url !== 'string' || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) return `${at}.url must be an http(s) URL`;
      const components = (source as StatusPageSource).components;
      if (components !== undefined && (!Array.isArray(components) || !components.every((name) => typeof name === 'string' && name.trim() !== ''))) {
        return `${at}.components must list component names`;
      }
    }
  }
  return undefined;
}

class ReadFailure extends Error {}

/** The body as text, at most `maxBytes`, or a ReadFailure saying why not. */
async function readBounded(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new ReadFailure(`answered ${declared} bytes, more than the ${maxBytes} allowed`);
  }
  if (!response.body) return '';
  const bytes = await readStream(response.body, maxBytes);
  if (!bytes) throw new ReadFailure(`answered more than the ${maxBytes} bytes allowed`);
  return bytes.toString('utf8');
}

interface PageState {
  provider: string;
  source: StatusPageSource;
  report: FeedReport;
  good?: { reading: PageReading; at: number };
}

export function openStatusFeed(
  pages: StatusPages,
  options: StatusFeedOptions & { onError: (error: Error) => void; now?: () => number; signal?: AbortSignal },
): StatusFeed {
  const {
    timeoutMs = DEFAULT_STATUS_TIMEOUT_MS, maxBytes = DEFAULT_STATUS_MAX_BYTES, staleAfterMs = DEFAULT_STATUS_STALE_MS,
    onError, now = Date.now, signal,
  } = options;
  const fetchPage = options.fetch ?? fetch;
  const states: PageState[] = Object.entries(pages).flatMap(([provider, list]) =>
    (list ?? []).map((source) => {
      const url = new URL(source.url);
      return { provider, source, report: { provider, page: `${url.origin}${url.pathname}`, status: 'pending' as const } };
    }),
  );

  async function read(state: PageState): Promise<void> {
    const at = now();
    let reading: PageReading;
    try {
      const stop = signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
      const response = await fetchPage(state.source.url, { headers: { accept: 'application/json' }, redirect: 'follow', signal: stop });
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        throw new ReadFailure(`answered ${response.status}`);
      }
      const text = await readBounded(response, maxBytes);
      let document: unknown;
      try {
        document = JSON.parse(text);
      } catch {
        throw new ReadFailure(`answered ${response.headers.get('content-type') ?? 'a body'} that is not JSON`);
      }
      const read = readSummary(document, state.source.components ?? [], at);
      if ('problem' in read) throw new ReadFailure(read.problem);
      reading = read;
    } catch (error) {
      if (signal?.aborted) return;
      const reason = error instanceof ReadFailure ? error.message
        : (error as Error)?.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'unreachable';
      const was = state.report.error;
      state.report = { ...state.report, status: 'error', checkedAt: new Date(at).toISOString(), error: reason };
      delete state.report.problems;
      // One line when a page starts failing (or fails differently), not one a minute.
      if (was !== reason) onError(new Error(`status page ${state.report.page} (${state.provider}) ${reason}; its last good reading is kept`, { cause: error }));
      return;
    }
    const before = state.report.problems?.join('\n');
    state.good = { reading, at };
    state.report = { provider: state.provider, page: state.report.page, status: 'ok', checkedAt: new Date(at).toISOString(), lastGoodAt: new Date(at).toISOString() };
    if (reading.problems.length) state.report.problems = reading.problems;
    if (reading.problems.length && before !== reading.problems.join('\n')) {
      onError(new Error(`status page ${state.report.page} (${state.provider}): ${reading.problems.join('; ')}`));
    }
  }

  let running: Promise<void> | undefined;
  const refresh = (): Promise<void> => {
    running ??= Promise.allSettled(states.map(read)).then(() => {
      running = undefined;
    });
    return running;
  };

  return {
    refresh,
    feeds: () => states.map((state) => ({ ...state.report })),
    readings(at) {
      const result = new Map<string, ProviderReading>();
      for (const state of states) {
        const entry = result.get(state.provider) ?? { status: 'up' as PageStatus, because: [], maintenance: [] };
        result.set(state.provider, entry);
        if (!state.good) continue;
        const { reading } = state.good;
        if (at - state.good.at <= staleAfterMs && reading.status !== 'up') {
          if (reading.status === 'down' || entry.status === 'up') entry.status = reading.status;
          entry.because.push(...reading.because);
        }
        entry.maintenance.push(...reading.maintenance.filter((window) => Date.parse(window.until) > at));
      }
      for (const entry of result.values()) entry.maintenance.sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
      return result;
    },
  };
}
