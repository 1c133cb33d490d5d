import { type EntityManager, In } from 'typeorm';
import { TeamMember } from '../../teams/entities/team-member.entity.js';
import { User } from '../../users/entities/user.entity.js';
import type { EventActorFacts, LeadEventFacts } from './oem-audience.js';

/**
 * The actors of `events` as the audience policy names them (`oem-audience.ts`), by event id: two
 * queries whatever the number of events (the users, then the technicians' teams). A user deleted
 * since (the event's actor set to null) reads as a system action.
 */
export async function loadActorFacts(em: EntityManager, events: readonly LeadEventFacts[]): Promise<Map<number, EventActorFacts>> {
  const userIds = [...new Set(events.map((e) => e.actorUserId).filter((id): id is string => id !== null))];
  const users = userIds.length ? await em.getRepository(User).find({ where: { id: In(userIds) }, select: { id: true, role: true, fullName: true } }) : [];
  const technicianIds = users.filter((u) => u.role === 'field_technician').map((u) => u.id);
  const memberships = technicianIds.length
    ? await em.getRepository(TeamMember).find({ where: { userId: In(technicianIds) }, relations: { team: true }, order: { createdAt: 'ASC' } })
    : [];
  const byId = new Map(users.map((u) => [u.id, u]));
  const facts = new Map<number, EventActorFacts>();
  for (const event of events) {
    const user = event.actorUserId ? byId.get(event.actorUserId) : undefined;
    if (event.actorApiKeyId) facts.set(event.id, { kind: 'api_key', apiKeyId: event.actorApiKeyId });
    else if (user) {
      const teams = memberships.filter((m) => m.userId === user.id && m.team.isActive).map((m) => ({ id: m.teamId, name: m.team.name }));
      facts.set(event.id, { kind: 'user', userId: user.id, role: user.role, fullName: user.fullName, teams });
    } else facts.set(event.id, null);
  }
  return facts;
}
