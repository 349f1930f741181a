/**
 * Roles of API tokens and users. `admin` configures (users, pipelines, tokens); `manager` works
 * with the CRM data (contacts, items, tasks, documents, payments); `viewer` only reads.
 */
export const ROLES = ['admin', 'manager', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, manager: 1, admin: 2 };

export const roleAllows = (held: Role, needed: Role): boolean => RANK[held] >= RANK[needed];
