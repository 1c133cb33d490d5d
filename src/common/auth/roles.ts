/** The four roles of DESIGN §1: the vocabulary `@Authenticated({ roles })`, the actor and the users module share. */
export const ROLES = ['admin', 'central_ops', 'oem', 'field_technician'] as const;
export type Role = (typeof ROLES)[number];
