import type { FastifyInstance } from 'fastify';

export interface ShutdownOptions {
  /** Closes the composed dependencies (closers: flush buffered views, settle invalidations, close the bus). */
  closeDeps: () => Promise<void>;
  /** Time between failing /readyz and closing the listener, so the proxy stops routing here (SHUTDOWN_DRAIN_MS). */
  drainMs?: number;
  /** Exit anyway after this long (default 15 s). */
  timeoutMs?: number;
  signals?: readonly NodeJS.Signals[];
  exit?: (code: number) => void;
}

/**
 * Graceful shutdown for `broadsheet serve`: on SIGTERM/SIGINT, /readyz turns 503, then after the
 * drain delay the server stops accepting connections and waits for requests in flight
 * (Fastify's close), then the dependencies close (views buffered in memory are written).
 * Returns the shutdown function, also usable directly.
 */
export function installGracefulShutdown(app: FastifyInstance, options: ShutdownOptions): () => Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let started: Promise<void> | null = null;
  const shutdown = () =>
    (started ??= (async () => {
      const timer = setTimeout(() => {
        app.log.error('shutdown timed out');
        exit(1);
      }, options.timeoutMs ?? 15_000);
      timer.unref();
      try {
        if (app.operations) app.operations.draining = true;
        if (options.drainMs) await new Promise((r) => setTimeout(r, options.drainMs));
        await app.close();
        await options.closeDeps();
        clearTimeout(timer);
        exit(0);
      } catch (error) {
        app.log.error({ err: error }, 'shutdown failed');
        exit(1);
      }
    })());
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) process.once(signal, () => void shutdown());
  return shutdown;
}
