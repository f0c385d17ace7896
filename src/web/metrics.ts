/**
 * A small Prometheus registry (text exposition format 0.0.4): counters and histograms with
 * labels, and gauges read at scrape time. Hand-written because the app needs only these, and
 * the request path must stay cheap: one Map lookup and a short bucket scan per request.
 */

type Labels = Readonly<Record<string, string>>;

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(labels: Labels, extra?: [string, string]): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  if (extra) parts.push(`${extra[0]}="${escapeLabel(extra[1])}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

function num(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

interface Metric {
  render(out: string[]): void;
}

export class Counter implements Metric {
  readonly #series = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1, key = labelText(labels)): void {
    const s = this.#series.get(key);
    if (s) s.value += by;
    else this.#series.set(key, { labels, value: by });
  }

  get(labels: Labels = {}): number {
    return this.#series.get(labelText(labels))?.value ?? 0;
  }

  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`);
    for (const s of this.#series.values()) out.push(`${this.name}${labelText(s.labels)} ${num(s.value)}`);
  }
}

export class Histogram implements Metric {
  readonly #series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
  ) {}

  observe(labels: Labels, value: number, key = labelText(labels)): void {
    let s = this.#series.get(key);
    if (!s)
      this.#series.set(
        key,
        (s = { labels, counts: new Array<number>(this.buckets.length).fill(0), sum: 0, count: 0 }),
      );
    for (let i = 0; i < this.buckets.length; i++) {
      if (value <= this.buckets[i]!) {
        s.counts[i]!++;
        break;
      }
    }
    s.sum += value;
    s.count++;
  }

  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`);
    for (const s of this.#series.values()) {
      let cumulative = 0;
      for (let i = 0; i < this.buckets.length; i++) {
        cumulative += s.counts[i]!;
        out.push(`${this.name}_bucket${labelText(s.labels, ['le', num(this.buckets[i]!)])} ${cumulative}`);
      }
      out.push(`${this.name}_bucket${labelText(s.labels, ['le', '+Inf'])} ${s.count}`);
      out.push(`${this.name}_sum${labelText(s.labels)} ${num(s.sum)}`);
      out.push(`${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
  }
}

/** Values read when scraped (pool sizes, cache bytes, event-loop lag ...). */
export class Gauge implements Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly read: () => Iterable<[Labels, number]> | number,
    readonly type: 'gauge' | 'counter' = 'gauge',
  ) {}

  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`);
    const value = this.read();
    if (typeof value === 'number') out.push(`${this.name} ${num(value)}`);
    else for (const [labels, v] of value) out.push(`${this.name}${labelText(labels)} ${num(v)}`);
  }
}

export class Registry {
  readonly #metrics: Metric[] = [];
  readonly #names = new Set<string>();

  add<T extends Metric & { name: string }>(metric: T): T {
    if (this.#names.has(metric.name)) throw new Error(`Metric ${metric.name} registered twice`);
    this.#names.add(metric.name);
    this.#metrics.push(metric);
    return metric;
  }

  render(): string {
    const out: string[] = [];
    for (const metric of this.#metrics) metric.render(out);
    return `${out.join('\n')}\n`;
  }
}

export const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
] as const;
