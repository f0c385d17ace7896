/** Sections form a small tree per edition; these walks need only ids and parents. */
export interface SectionNode {
  id: number;
  parent_id: number | null;
}

/** A section and all its descendants' ids. */
export function sectionWithDescendants(sections: readonly SectionNode[], rootId: number): number[] {
  const ids = [rootId];
  for (let i = 0; i < ids.length; i++) {
    for (const s of sections) if (s.parent_id === ids[i] && !ids.includes(s.id)) ids.push(s.id);
  }
  return ids;
}

/**
 * A section's id, then its parent's, up to the top. A parent cycle (which the newsroom refuses
 * but a restore could bring) ends the walk.
 */
export function sectionWithAncestors(sections: readonly SectionNode[], id: number): number[] {
  const parents = new Map(sections.map((s) => [s.id, s.parent_id]));
  const ids: number[] = [];
  for (let at: number | null = id; at !== null && !ids.includes(at); at = parents.get(at) ?? null)
    ids.push(at);
  return ids;
}
