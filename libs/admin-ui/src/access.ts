/**
 * Which role opens which page of the console, mirroring the roles of the API routes each page
 * calls (DESIGN §1, the `Allowed roles` of each operation in the spec). The navigation shows only
 * these pages; a page opened by URL by another role shows "not available".
 */
import type { Role } from './session';

/** Roles allowed on each page. */
export const PAGE_ROLES = {
  leads: ['admin', 'central_ops', 'oem'],
  jobs: ['field_technician'],
  // The dashboard, admin and OEM pages (src/pages/roles/).
  dashboard: ['admin', 'central_ops', 'oem'],
  users: ['admin'],
  teams: ['admin', 'central_ops'],
  leadSources: ['admin'],
  // Staff manage any OEM's subscriptions, naming the OEM of a new one from `GET /oems`.
  webhooks: ['admin', 'central_ops', 'oem'],
  closurePacks: ['admin', 'central_ops', 'oem'],
  newLead: ['admin', 'central_ops'],
  calendar: ['admin', 'central_ops'],
} as const satisfies Record<string, readonly Role[]>;

/** Whether `role` may open `page`. */
export function mayOpen(role: Role | undefined, page: keyof typeof PAGE_ROLES): boolean {
  return role !== undefined && (PAGE_ROLES[page] as readonly Role[]).includes(role);
}

/** Whether `role` may change leads: edit and transitions (`PATCH /leads/{id}`, `POST /leads/{id}/transitions`). */
export function mayChangeLeads(role: Role | undefined): boolean {
  return role === 'admin' || role === 'central_ops';
}

/** The first page of a role after sign-in. */
export function homeOf(role: Role): '/leads' | '/jobs' {
  return role === 'field_technician' ? '/jobs' : '/leads';
}
