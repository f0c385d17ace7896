import type { Article } from '../db/schema.ts';
import type { PublishingDeps } from './deps.ts';
import { transitionArticle, type TransitionProps } from './transition.ts';

export interface MoveToDraftProps extends TransitionProps {
  /** review -> draft (sent back), scheduled -> draft (unscheduled), unpublished -> draft. */
  from: 'review' | 'scheduled' | 'unpublished';
}

const ACTION = { review: 'return', scheduled: 'unschedule', unpublished: 'redraft' } as const;

/** Puts an article back to draft. Unscheduling forgets the planned time and any embargo. */
export async function moveToDraft(deps: PublishingDeps, props: MoveToDraftProps): Promise<Article> {
  return transitionArticle(deps, props, ACTION[props.from], (current, now) =>
    props.from === 'scheduled'
      ? {
          published_at: current.published_at && current.published_at <= now ? current.published_at : null,
          embargo_until: null,
        }
      : {},
  );
}
