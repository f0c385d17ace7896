import { connect, type AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { admittingServerFactory, createAdmission } from './admission.ts';

/** An admission on a hand-moved clock, whose "next turn" runs only when the test says so. */
function manual(budgetMs: number) {
  let t = 0;
  let turn: (() => void)[] = [];
  const admission = createAdmission({
    budgetMs,
    now: () => t,
    nextTurn: (fn) => turn.push(fn),
  });
  return {
    admission,
    advance(ms: number) {
      t += ms;
    },
    /** What the event loop would have reported as uncaught. */
    thrown: [] as unknown[],
    /** Ends this turn: runs what was scheduled for the check phase, then drains microtasks. */
    async endTurn() {
      const due = turn;
      turn = [];
      for (const fn of due)
        try {
          fn();
        } catch (error) {
          this.thrown.push(error);
        }
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

describe('admission', () => {
  it('runs requests at once while the turn is under its budget', () => {
    const m = manual(4);
    const ran: number[] = [];
    for (let i = 0; i < 3; i++) {
      m.admission.admit(() => ran.push(i));
      m.advance(1);
    }
    expect(ran).toEqual([0, 1, 2]);
    expect(m.admission.deferred).toBe(0);
    expect(m.admission.waiting).toBe(0);
  });

  it('queues requests once the turn has spent its budget, and runs each once, oldest first', async () => {
    const m = manual(4);
    const ran: number[] = [];
    // Each request takes 3 ms: the first two fit the turn (started at 0 and 3 ms), the rest wait.
    const admit = (i: number) => m.admission.admit(() => (ran.push(i), m.advance(3)));
    for (let i = 0; i < 6; i++) admit(i);
    expect(ran).toEqual([0, 1]);
    expect(m.admission.waiting).toBe(4);

    // The next turn's slice runs what fits its budget (two requests of 3 ms), no more.
    await m.endTurn();
    expect(ran).toEqual([0, 1, 2, 3]);
    expect(m.admission.waiting).toBe(2);

    // A request arriving while others wait goes behind them, even in a fresh turn.
    admit(6);
    expect(ran).toEqual([0, 1, 2, 3]);
    await m.endTurn();
    await m.endTurn();
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(m.admission.waiting).toBe(0);
    expect(m.admission.deferred).toBe(5);
    expect(m.admission.waitedMs).toBeGreaterThan(0);

    // Drained: the next request runs at once again.
    await m.endTurn();
    admit(7);
    expect(ran.at(-1)).toBe(7);
  });

  it('keeps draining when a waiting request throws', async () => {
    const m = manual(4);
    const ran: number[] = [];
    m.admission.admit(() => m.advance(5));
    m.admission.admit(() => {
      throw new Error('handler bug');
    });
    m.admission.admit(() => ran.push(2));
    await m.endTurn();
    expect(m.thrown).toEqual([new Error('handler bug')]);
    expect(ran).toEqual([2]);
    expect(m.admission.waiting).toBe(0);
  });

  it('skips a waiting request whose connection closed meanwhile', () => {
    const handled: string[] = [];
    const server = admittingServerFactory(createAdmission())((req) => handled.push(String(req.url)), {});
    server.emit('request', { url: '/gone', socket: { destroyed: true } }, {});
    server.emit('request', { url: '/here', socket: { destroyed: false } }, {});
    expect(handled).toEqual(['/here']);
  });

  it('serves every request of a burst over real connections, queued ones included', async () => {
    // A budget far below one request's work: nearly every request of the burst has to wait.
    const admission = createAdmission({ budgetMs: 0.01 });
    const app = Fastify({ serverFactory: admittingServerFactory(admission) });
    app.get('/n/:n', async (req) => {
      const until = performance.now() + 1;
      while (performance.now() < until);
      return { n: Number((req.params as { n: string }).n) };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as AddressInfo;
      const answers = await Promise.all(
        Array.from({ length: 40 }, async (_, n) => {
          const res = await fetch(`http://127.0.0.1:${port}/n/${n}`);
          return { status: res.status, body: (await res.json()) as { n: number } };
        }),
      );
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      expect(answers.map((a) => a.body.n)).toEqual(answers.map((_, n) => n));
      expect(admission.deferred).toBeGreaterThan(0);
      expect(admission.waiting).toBe(0);
      // Fastify's own server settings are kept.
      expect(app.server.keepAliveTimeout).toBe(72_000);
    } finally {
      await app.close();
    }
  });

  it('lets a saturated server accept new connections while its busy ones are served', async () => {
    // 60 keep-alive connections keep the server busy (2 ms of work per request); then 40 readers
    // connect at once. libuv accepts one connection per event-loop turn, and without admission a
    // turn serves every busy connection, so the newcomers wait behind many of them (over 1,000
    // requests in all, measured; about 100 with admission). Counted in requests, not
    // milliseconds: the machine's speed drops out.
    const app = Fastify({ serverFactory: admittingServerFactory(createAdmission()) });
    let served = 0;
    app.get('/', async () => {
      const until = performance.now() + 2;
      while (performance.now() < until);
      served++;
      return 'ok';
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const request = 'GET / HTTP/1.1\r\nHost: x\r\n\r\n';
    /** A connection that sends a request after each answer until `stop`; resolves on its first. */
    const reader = (state: { stop: boolean }) =>
      new Promise<void>((firstAnswer, fail) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(request));
        let text = '';
        socket.on('data', (chunk) => {
          text += chunk.toString();
          let end: number;
          while ((end = text.indexOf('ok')) >= 0) {
            text = text.slice(end + 2);
            firstAnswer();
            if (state.stop) socket.destroy();
            else socket.write(request);
          }
        });
        socket.on('error', fail);
      });
    const busy = { stop: false };
    try {
      await Promise.all(Array.from({ length: 60 }, () => reader(busy)));
      const before = served;
      const newcomers = { stop: true };
      await Promise.all(Array.from({ length: 40 }, () => reader(newcomers)));
      const others = served - before - 40;
      expect(others).toBeLessThan(400);
    } finally {
      busy.stop = true;
      await app.close();
    }
  });
});
