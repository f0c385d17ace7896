import type { Action } from '../../domain/permissions.ts';

/** One entry of the newsroom navigation. Shown only to users who `can(user, action)` when set. */
export interface NavItem {
  href: string;
  label: string;
  action?: Action;
}

/**
 * The newsroom navigation, in display order. Features add their pages by adding a line here
 * (e.g. `{ href: '/admin/articles', label: 'Articles', action: 'article.create' },`).
 * An item is marked current when the page's path equals its href or starts with `href + '/'`.
 */
export const NAV: NavItem[] = [
  { href: '/admin', label: 'Dashboard' },
  { href: '/admin/articles', label: 'Articles', action: 'article.create' },
  { href: '/admin/curation', label: 'Curation', action: 'curation.manage' },
  { href: '/admin/media', label: 'Media', action: 'media.upload' },
  { href: '/admin/sections', label: 'Sections', action: 'taxonomy.manage' },
  { href: '/admin/tags', label: 'Tags', action: 'taxonomy.manage' },
  { href: '/admin/bylines', label: 'Bylines', action: 'taxonomy.manage' },
  { href: '/admin/users', label: 'Users', action: 'users.manage' },
  { href: '/admin/settings', label: 'Site settings', action: 'settings.manage' },
  { href: '/admin/audit', label: 'Audit log', action: 'audit.read' },
  { href: '/admin/api-keys', label: 'API keys', action: 'apiKeys.manage' },
  { href: '/admin/webhooks', label: 'Webhooks', action: 'webhooks.manage' },
];
