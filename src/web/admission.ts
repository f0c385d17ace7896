import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerOptions,
  type ServerResponse,
} from 'node:http';
import type { FastifyServerFactory } from 'fastify';

/**
 * Why this exists: libuv accepts one new connection per event-loop turn (libuv PR #3696, in
 * Node 20), and a turn handles every socket that has a request waiting. Under a spike, with
 * hundreds of open keep-alive connections, a turn lasts 100 ms or more, so new readers were
 * accepted at five to ten a second and waited up to 20 s for their first byte while everyone
 * already connected was served (bench:load's spike: 191 timeouts).
 *
 * Admission bounds the work each turn does: a request runs at once while this turn has spent
 * less than `budgetMs` on requests; later ones wait in one first-in, first-out queue that the
 * following turns drain, `budgetMs` at a time. Between two slices the loop polls again, so it
 * accepts a waiting connection and reads new requests (which queue behind the older ones). When
 * the server is not saturated nothing waits.
 */
export interface Admission {
  /** Runs `start` now or, when this turn's budget is spent, after the requests already waiting. */
  admit(start: () => void): void;
  /** Requests waiting (for /metrics). */
  readonly waiting: number;
  /** Requests that had to wait since start. */
  readonly deferred: number;
  /** Milliseconds those requests waited, in total. */
  readonly waitedMs: number;
}

export interface AdmissionOptions {
  /** Milliseconds of request work per event-loop turn before requests queue. Default 4. */
  budgetMs?: number;
  now?: () => number;
  /** Runs a callback in the next turn's check phase (after it polls). Default setImmediate. */
  nextTurn?: (fn: () => void) => void;
}

export function createAdmission(options: AdmissionOptions = {}): Admission {
  const budget = options.budgetMs ?? 4;
  const now = options.now ?? (() => performance.now());
  const nextTurn = options.nextTurn ?? ((fn: () => void) => void setImmediate(fn));
  const queue: ({ start: () => void; at: number } | undefined)[] = [];
  let head = 0;
  let deferred = 0;
  let waitedMs = 0;
  /** When this turn's direct admissions began (-1: none yet this turn). */
  let turnStarted = -1;
  let draining = false;
  let sliceStarted = 0;

  const endTurn = () => {
    turnStarted = -1;
  };

  // One slice per turn. Each request starts after the previous one's continuations (its promise
  // microtasks, then the ticks they queued: 'finish', onResponse hooks), so the clock sees the
  // work of the requests already started.
  const step = (): void => {
    if (head === queue.length) {
      queue.length = 0;
      head = 0;
      draining = false;
      return;
    }
    const t = now();
    if (t - sliceStarted >= budget) {
      nextTurn(slice);
      return;
    }
    const waiting = queue[head]!;
    queue[head++] = undefined;
    waitedMs += t - waiting.at;
    // Scheduled first: a request that throws must not stop the queue.
    queueMicrotask(afterStart);
    waiting.start();
  };
  const afterStart = (): void => process.nextTick(step);
  const slice = (): void => {
    sliceStarted = now();
    step();
  };

  return {
    admit(start) {
      const t = now();
      if (!draining) {
        if (turnStarted < 0) {
          turnStarted = t;
          nextTurn(endTurn);
        }
        if (t - turnStarted < budget) {
          start();
          return;
        }
      }
      deferred++;
      queue.push({ start, at: t });
      if (!draining) {
        draining = true;
        nextTurn(slice);
      }
    },
    get waiting() {
      return queue.length - head;
    },
    get deferred() {
      return deferred;
    },
    get waitedMs() {
      return waitedMs;
    },
  };
}

/**
 * Fastify's HTTP/1 server (same timeouts as its own) with every request going through
 * `admission` before Fastify sees it. `app.inject()` does not use the server, so it is unaffected.
 */
export function admittingServerFactory(admission: Admission): FastifyServerFactory {
  return (handler, options) => {
    const opts = options as {
      http?: ServerOptions;
      keepAliveTimeout?: number;
      requestTimeout?: number;
      connectionTimeout?: number;
      maxRequestsPerSocket?: number;
    };
    const server: Server = createServer(opts.http ?? {}, (req: IncomingMessage, res: ServerResponse) =>
      admission.admit(() => {
        // A reader who gave up while the request waited: no one is left to answer.
        if (req.socket.destroyed) return;
        handler(req, res);
      }),
    );
    server.keepAliveTimeout = opts.keepAliveTimeout ?? 72_000;
    server.requestTimeout = opts.requestTimeout ?? 0;
    server.setTimeout(opts.connectionTimeout ?? 0);
    if (opts.maxRequestsPerSocket) server.maxRequestsPerSocket = opts.maxRequestsPerSocket;
    return server;
  };
}
