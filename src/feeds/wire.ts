import type { Repos } from '../db/repositories/index.ts';
import type { ContentEvent } from '../publishing/deps.ts';
import type { RouteRegistrar } from '../web/deps.ts';
import { registerCropRoutes } from '../media/crops.ts';
import { createFeedRoutes } from './routes.ts';
import { createWebSubPinger, type WebSubPinger } from './websub.ts';

export interface WireFeedsProps {
  baseUrl: string;
  repos: Repos;
  /** The event bus's listener list (src/compose.ts). */
  listeners: ((event: ContentEvent) => void)[];
  routes: RouteRegistrar[];
  closers: (() => Promise<void>)[];
  /** WebSub hub from WEBSUB_HUB; no hub means no rel="hub" and no pings. */
  hubUrl?: string | undefined;
}

/** Wires feeds, sitemaps, robots.txt, image crops for structured data and WebSub pings into the app (called from src/compose.ts). */
export function wireFeeds(props: WireFeedsProps): { pinger: WebSubPinger | null } {
  const hubUrl = props.hubUrl?.trim() || undefined;
  const feedRoutes = createFeedRoutes({ hubUrl });
  props.routes.push(feedRoutes.register, registerCropRoutes);
  props.listeners.push((event) => {
    if (event.type.startsWith('article.')) feedRoutes.invalidate();
  });
  let pinger: WebSubPinger | null = null;
  if (hubUrl) {
    const p = createWebSubPinger({ hubUrl, baseUrl: props.baseUrl, repos: props.repos });
    props.listeners.push((event) => p.onEvent(event));
    props.closers.push(() => p.idle());
    pinger = p;
  }
  return { pinger };
}
