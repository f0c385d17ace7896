import { describe, expect, it } from 'vitest';
import {
  availableActions,
  canEdit,
  canTransition,
  nextStatus,
  ROLES,
  type Role,
  type WorkflowAction,
} from './workflow.ts';

// Role x action table for an article in a status where the action applies. o = own article, a = anyone's.
const TABLE: Record<WorkflowAction, Record<Role, 'own' | 'any' | 'none'>> = {
  submit: { contributor: 'own', author: 'own', editor: 'any', admin: 'any' },
  return: { contributor: 'none', author: 'own', editor: 'any', admin: 'any' },
  schedule: { contributor: 'none', author: 'own', editor: 'any', admin: 'any' },
  publish: { contributor: 'none', author: 'own', editor: 'any', admin: 'any' },
  unschedule: { contributor: 'none', author: 'own', editor: 'any', admin: 'any' },
  unpublish: { contributor: 'none', author: 'own', editor: 'any', admin: 'any' },
  redraft: { contributor: 'none', author: 'own', editor: 'any', admin: 'any' },
};
const FROM: Record<WorkflowAction, 'draft' | 'review' | 'scheduled' | 'published' | 'unpublished'> = {
  submit: 'draft',
  return: 'review',
  schedule: 'review',
  publish: 'review',
  unschedule: 'scheduled',
  unpublish: 'published',
  redraft: 'unpublished',
};

describe('workflow permissions (role x action)', () => {
  for (const [action, row] of Object.entries(TABLE) as [WorkflowAction, Record<Role, string>][]) {
    for (const role of ROLES) {
      it(`${role} ${action}: ${row[role]}`, () => {
        const status = FROM[action];
        expect(canTransition({ role, owns: true }, status, action)).toBe(row[role] !== 'none');
        expect(canTransition({ role, owns: false }, status, action)).toBe(row[role] === 'any');
      });
    }
  }
});

describe('workflow states', () => {
  it('follows draft -> review -> scheduled -> published -> unpublished -> draft', () => {
    expect(nextStatus('draft', 'submit')).toBe('review');
    expect(nextStatus('review', 'schedule')).toBe('scheduled');
    expect(nextStatus('scheduled', 'publish')).toBe('published');
    expect(nextStatus('published', 'unpublish')).toBe('unpublished');
    expect(nextStatus('unpublished', 'redraft')).toBe('draft');
  });
  it('refuses transitions that do not apply', () => {
    expect(nextStatus('published', 'submit')).toBeUndefined();
    expect(nextStatus('draft', 'unpublish')).toBeUndefined();
    expect(canTransition({ role: 'admin', owns: true }, 'draft', 'unpublish')).toBe(false);
  });
  it('offers a contributor only submit on a draft', () => {
    expect(availableActions({ role: 'contributor', owns: true }, 'draft')).toEqual(['submit']);
    expect(availableActions({ role: 'editor', owns: false }, 'review')).toEqual([
      'return',
      'schedule',
      'publish',
    ]);
  });
  it('freezes a contributor out of their article once submitted', () => {
    expect(canEdit({ role: 'contributor', owns: true }, 'draft')).toBe(true);
    expect(canEdit({ role: 'contributor', owns: true }, 'review')).toBe(false);
    expect(canEdit({ role: 'contributor', owns: false }, 'draft')).toBe(false);
    expect(canEdit({ role: 'editor', owns: false }, 'published')).toBe(true);
  });
});
