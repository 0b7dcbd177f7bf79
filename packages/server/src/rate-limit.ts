/**
 * Fixed-window counters in memory, per key. Bounded: expired windows are swept, and when
 * `maxKeys` live windows are already tracked a new key is refused rather than tracked, so a
 * flood of distinct keys costs memory once, not without end.
 */
export interface RateLimit {
  /** Requests allowed per key and window. */
  max: number;
  windowMs: number;
}

export interface RateLimiter {
  /** Counts one hit for `key`: undefined when allowed, else the seconds until its window ends. */
  hit(key: string): number | undefined;
}

export function rateLimiter({ max, windowMs }: RateLimit, now: () => number = Date.now, maxKeys = 50_000): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  let sweptAt = 0;

  function sweep(at: number): void {
    // At most once a second, whatever arrives: a sweep walks every key.
    if (at - sweptAt < Math.min(windowMs, 1000)) return;
    sweptAt = at;
    for (const [key, window] of windows) if (at - window.start >= windowMs) windows.delete(key);
  }

  return {
    hit(key) {
      const at = now();
      sweep(at);
      const window = windows.get(key);
      if (!window || at - window.start >= windowMs) {
        if (!window && windows.size >= maxKeys) return Math.max(1, Math.ceil(windowMs / 1000));
        windows.set(key, { start: at, count: 1 });
        return undefined;
      }
      window.count += 1;
      return window.count > max ? Math.max(1, Math.ceil((window.start + windowMs - at) / 1000)) : undefined;
    },
  };
}

/** Checks rate-limit options at startup, naming the option. */
export function rateLimitProblem(name: string, limit: RateLimit | undefined): string | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isSafeInteger(limit.max) || limit.max < 1) return `${name}.max must be a whole number of at least 1`;
  if (!Number.isFinite(limit.windowMs) || limit.windowMs <= 0) return `${name}.windowMs must be a positive number of milliseconds`;
  return undefined;
}
