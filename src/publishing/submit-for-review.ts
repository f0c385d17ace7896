import type { Article } from '../db/schema.ts';
import type { PublishingDeps } from './deps.ts';
import { transitionArticle, type TransitionProps } from './transition.ts';

export type SubmitForReviewProps = TransitionProps;

/** draft -> review: the writer hands the article to an editor. */
export async function submitForReview(deps: PublishingDeps, props: SubmitForReviewProps): Promise<Article> {
  return transitionArticle(deps, props, 'submit');
}
