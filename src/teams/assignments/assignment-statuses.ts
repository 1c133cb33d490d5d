/** DESIGN §4 assignment statuses (surveys and installations alike); `assigned` and `accepted` are the active ones. */
export const ASSIGNMENT_STATUSES = ['assigned', 'accepted', 'declined', 'completed', 'cancelled'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];
export const ACTIVE_ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ['assigned', 'accepted'];
/** Assignments through which a team's members see the job (a declined or cancelled one no longer does). */
export const VISIBLE_ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ['assigned', 'accepted', 'completed'];
