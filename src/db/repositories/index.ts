import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';
import { createAccountRepos } from './accounts.ts';
import { createArticlesRepo } from './articles.ts';
import { createAuthorsRepo } from './authors.ts';
import { createMustReadRepo } from './curation.ts';
import { createMediaRepo } from './media.ts';
import { createRedirectsRepo, createSettingsRepo } from './site.ts';
import { createSectionsRepo, createTagsRepo } from './taxonomy.ts';

/** All repositories over one Kysely instance (or one transaction). */
export function createRepos(db: Kysely<DB>) {
  return {
    articles: createArticlesRepo(db),
    sections: createSectionsRepo(db),
    tags: createTagsRepo(db),
    authors: createAuthorsRepo(db),
    media: createMediaRepo(db),
    mustRead: createMustReadRepo(db),
    redirects: createRedirectsRepo(db),
    settings: createSettingsRepo(db),
    ...createAccountRepos(db),
  };
}

export type Repos = ReturnType<typeof createRepos>;
