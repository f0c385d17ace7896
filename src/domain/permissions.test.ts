import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  ROLES,
  allowedActions,
  can,
  isRole,
  roleAtLeast,
  type Action,
  type Role,
} from './permissions.ts';

// The policy written out in full: Y = on anything, O = only own, - = never.
// Columns: contributor, author, editor, admin.
const TABLE: Record<Action, [string, string, string, string]> = {
  'article.create': ['Y', 'Y', 'Y', 'Y'],
  'article.editOwn': ['O', 'O', 'Y', 'Y'],
  'article.editAny': ['-', '-', 'Y', 'Y'],
  'article.submitForReview': ['O', 'O', 'Y', 'Y'],
  'article.publishOwn': ['-', 'O', 'Y', 'Y'],
  'article.publishAny': ['-', '-', 'Y', 'Y'],
  'article.unpublish': ['-', 'O', 'Y', 'Y'],
  'article.correct': ['-', '-', 'Y', 'Y'],
  'curation.manage': ['-', '-', 'Y', 'Y'],
  'taxonomy.manage': ['-', '-', 'Y', 'Y'],
  'media.upload': ['Y', 'Y', 'Y', 'Y'],
  'media.manage': ['-', '-', 'Y', 'Y'],
  'users.manage': ['-', '-', '-', 'Y'],
  'settings.manage': ['-', '-', '-', 'Y'],
  'audit.read': ['-', '-', '-', 'Y'],
  'apiKeys.manage': ['-', '-', '-', 'Y'],
  'webhooks.manage': ['-', '-', '-', 'Y'],
};

const ME = 7;
const SOMEONE_ELSE = 8;

describe('permissions: role x action', () => {
  it('covers every action', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...ACTIONS].sort());
  });

  for (const action of ACTIONS) {
    ROLES.forEach((role, column) => {
      const expected = TABLE[action][column];
      it(`${role} ${expected === '-' ? 'may not' : 'may'} ${action}${expected === 'O' ? ' (own only)' : ''}`, () => {
        const user = { id: ME, role };
        const own = { ownerIds: [ME], status: 'draft' };
        const others = { ownerIds: [SOMEONE_ELSE], status: 'draft' };
        expect(can(user, action)).toBe(expected !== '-');
        expect(can(user, action, own)).toBe(expected !== '-');
        expect(can(user, action, others)).toBe(expected === 'Y');
      });
    });
  }
});

describe('permissions: details', () => {
  it('refuses everything to a disabled account or nobody', () => {
    for (const action of ACTIONS) {
      expect(can({ id: 1, role: 'admin', disabled: true }, action)).toBe(false);
      expect(can({ id: 1, role: 'admin', disabled: 1 }, action)).toBe(false);
      expect(can(null, action)).toBe(false);
      expect(can(undefined, action)).toBe(false);
    }
  });

  it('lets a contributor change own articles only while in draft or review', () => {
    const contributor = { id: ME, role: 'contributor' as Role };
    for (const [status, allowed] of [
      ['draft', true],
      ['review', true],
      ['scheduled', false],
      ['published', false],
      ['unpublished', false],
    ] as const) {
      expect(can(contributor, 'article.editOwn', { ownerIds: [ME], status })).toBe(allowed);
    }
    // An author keeps editing own work after it is published.
    expect(can({ id: ME, role: 'author' }, 'article.editOwn', { ownerIds: [ME], status: 'published' })).toBe(
      true,
    );
  });

  it('counts any of several owners (co-bylines) and ignores null owners', () => {
    const author = { id: ME, role: 'author' as Role };
    expect(can(author, 'article.publishOwn', { ownerIds: [null, SOMEONE_ELSE, ME] })).toBe(true);
    expect(can(author, 'article.publishOwn', { ownerIds: [null] })).toBe(false);
    expect(can(author, 'article.publishOwn', { ownerIds: [] })).toBe(false);
  });

  it('orders roles and lists allowed actions', () => {
    expect(roleAtLeast('admin', 'editor')).toBe(true);
    expect(roleAtLeast('author', 'editor')).toBe(false);
    expect(isRole('editor')).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(allowedActions({ id: 1, role: 'contributor' })).toEqual([
      'article.create',
      'article.editOwn',
      'article.submitForReview',
      'media.upload',
    ]);
    expect(allowedActions({ id: 1, role: 'admin' })).toEqual([...ACTIONS]);
  });
});
