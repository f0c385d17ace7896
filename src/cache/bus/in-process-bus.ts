import { randomUUID } from 'node:crypto';
import { Subscribers, type InvalidationBus } from './bus.ts';

/**
 * Buses in one process: a single server needs nobody else (the default), and tests can join
 * several app instances to one hub.
 */
export class InProcessHub {
  readonly #members = new Set<{ id: string; subscribers: Subscribers }>();

  connect(onError?: (error: unknown) => void): InvalidationBus {
    const member = { id: randomUUID(), subscribers: new Subscribers(onError) };
    this.#members.add(member);
    return {
      kind: 'in-process',
      publish: async (keys) => {
        const copy = [...keys];
        // Delivered on a later tick, as a network bus would, so publishers never depend on the order.
        queueMicrotask(() => {
          for (const other of this.#members) if (other !== member) other.subscribers.deliver(copy);
        });
      },
      subscribe: (handler) => member.subscribers.add(handler),
      close: async () => {
        this.#members.delete(member);
      },
    };
  }
}
