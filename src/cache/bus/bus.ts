/**
 * Carries invalidated dependency keys from the app server where a change happened to every other
 * app server, so each drops its own copies (and a shared store is re-checked) within a second.
 */
export interface InvalidationBus {
  readonly kind: 'in-process' | 'postgres' | 'redis';
  /** Tells every other subscriber; resolves once the message is handed to the transport. */
  publish(keys: readonly string[]): Promise<void>;
  /** Called with keys published by OTHER bus instances (never this one's own messages). */
  subscribe(handler: (keys: string[]) => void): () => void;
  close(): Promise<void>;
}

export interface BusMessage {
  /** Random id of the publishing instance, so it can ignore its own echo. */
  o: string;
  k: string[];
}

/** Splits keys into messages under `maxBytes` of JSON each (PostgreSQL NOTIFY takes < 8000 bytes). */
export function chunkMessages(origin: string, keys: readonly string[], maxBytes: number): string[] {
  const out: string[] = [];
  let batch: string[] = [];
  let size = 32 + origin.length;
  for (const key of keys) {
    const cost = Buffer.byteLength(JSON.stringify(key)) + 1;
    if (batch.length > 0 && size + cost > maxBytes) {
      out.push(JSON.stringify({ o: origin, k: batch } satisfies BusMessage));
      batch = [];
      size = 32 + origin.length;
    }
    batch.push(key);
    size += cost;
  }
  if (batch.length > 0) out.push(JSON.stringify({ o: origin, k: batch } satisfies BusMessage));
  return out;
}

/** Parses a message; null for anything malformed or sent by `self`. */
export function parseMessage(raw: string, self: string): string[] | null {
  try {
    const message = JSON.parse(raw) as Partial<BusMessage>;
    if (message.o === self || !Array.isArray(message.k)) return null;
    return message.k.filter((k): k is string => typeof k === 'string');
  } catch {
    return null;
  }
}

/** A set of handlers; a throwing handler does not stop the others. */
export class Subscribers {
  readonly #handlers = new Set<(keys: string[]) => void>();
  constructor(private readonly onError: (error: unknown) => void = () => {}) {}

  add(handler: (keys: string[]) => void): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  deliver(keys: string[]): void {
    for (const handler of this.#handlers) {
      try {
        handler(keys);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
