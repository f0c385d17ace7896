/** Search index tables: each backend owns its DDL (src/search/<backend>/). */
export { up } from '../../search/migration.ts';
