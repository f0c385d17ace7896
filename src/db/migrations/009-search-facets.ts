/** Search filters and time buckets inside the PostgreSQL GIN index (src/search/postgres/). */
export { upFacets as up } from '../../search/migration.ts';
