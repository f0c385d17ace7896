/** What an API key may do. Admin scopes also need a user: the user's role decides the rest. */
export const SCOPES = ['content:read', 'admin:read', 'admin:write'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Parses a comma list of scopes; returns the unknown ones separately so callers can refuse them. */
export function parseScopes(raw: string): { scopes: Scope[]; unknown: string[] } {
  const parts = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  return { scopes: parts.filter(isScope), unknown: parts.filter((s) => !isScope(s)) };
}
