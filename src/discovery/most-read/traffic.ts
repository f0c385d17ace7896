/**
 * Which requests are readers. Robots and prefetches are not counted (views, co-visitation,
 * reading history): they would let any crawler or browser speculation steer "Most read".
 */
const ROBOT =
  /bot\b|bot\/|crawl|spider|slurp|archiver|facebookexternalhit|meta-externalagent|embedly|preview|pingdom|uptime|monitor|headless|lighthouse|pagespeed|curl\/|wget\/|httpie|python-|aiohttp|scrapy|go-http-client|java\/|okhttp|axios\/|node-fetch|undici|libwww|feedfetcher|rss|mediapartners|whatsapp|telegram|discord|skype|validator|checker/i;

export type Headers = Readonly<Record<string, string | string[] | undefined>>;

function header(headers: Headers, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).toLowerCase();
}

/** A missing User-Agent counts as a robot too: browsers always send one. */
export function isRobot(headers: Headers): boolean {
  const ua = header(headers, 'user-agent');
  return ua.trim() === '' || ROBOT.test(ua);
}

/** Speculative loads: Chrome's `Sec-Purpose: prefetch`, the older `Purpose`, Firefox's `X-Moz`. */
export function isPrefetch(headers: Headers): boolean {
  return (
    header(headers, 'sec-purpose').includes('prefetch') ||
    header(headers, 'purpose').includes('prefetch') ||
    header(headers, 'x-purpose').includes('preview') ||
    header(headers, 'x-moz').includes('prefetch')
  );
}

/** A real reader's page view: the only kind that counts. */
export function isCountable(headers: Headers): boolean {
  return !isRobot(headers) && !isPrefetch(headers);
}
