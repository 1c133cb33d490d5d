import { type EntityManager, In } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import type { LeadEvent } from '../../leads/entities/lead-event.entity.js';
import type { Lead } from '../../leads/entities/lead.entity.js';
import { TeamMember } from '../../teams/entities/team-member.entity.js';
import { User } from '../../users/entities/user.entity.js';

/** One e-mail to send: the body of an `email` delivery. */
export interface MailMessage {
  /** Kind, e.g. `mail.new_lead`: the delivery's `eventType`. */
  kind: string;
  to: string;
  subject: string;
  text: string;
}

/** Job creation and team assignment entries that name the team(s) whose technicians are told. */
const JOB_TEAM_EVENTS = ['survey_created', 'installation_created', 'survey_team_assigned', 'installation_team_assigned'];

/** The team ids an entry names: `primaryTeamId`/`backupTeamId` on creation, `teamId` on assignment. */
function teamIdsOf(event: LeadEvent): string[] {
  const data = event.data ?? {};
  return [data.primaryTeamId, data.backupTeamId, data.teamId].filter((id): id is string => typeof id === 'string');
}

/** Leads an import's e-mail lists one by one; the rest are counted. */
const MAX_LISTED_LEADS = 20;

const jobLabel = (event: LeadEvent) => (event.type.startsWith('survey') ? `Survey ${String(event.data?.surveyId ?? '')}` : `Installation ${String(event.data?.installationId ?? '')}`).trim();

/**
 * The staff e-mails a batch of timeline entries calls for (issue #15, item 6; seed 002's
 * `lead_notification_email`): a new lead to its Central Ops owner, else `LEAD_NOTIFICATION_EMAIL`;
 * a lead assigned by hand to the new owner; a survey or installation created for, or assigned
 * to, a team to each of its active technicians. The new leads of one bulk import (`importId` on
 * `created`) go to each recipient as one message per batch (a 100,000-row import made as many
 * e-mails). Messages name the lead by id and city only: the customer's contact data stays in the
 * application.
 */
export async function plannedMails(em: EntityManager, config: Pick<AppConfig, 'leadNotificationEmail' | 'publicBaseUrl'>, events: readonly LeadEvent[], leads: ReadonlyMap<string, Lead>): Promise<Map<number, MailMessage[]>> {
  const userIds = new Set<string>();
  const teamIds = new Set<string>();
  for (const event of events) {
    const lead = leads.get(event.leadId);
    if (event.type === 'created' && lead?.assignedToId) userIds.add(lead.assignedToId);
    if (event.type === 'assigned' && typeof event.data?.assignedToId === 'string' && !event.data.auto) userIds.add(event.data.assignedToId);
    if (JOB_TEAM_EVENTS.includes(event.type)) teamIdsOf(event).forEach((id) => teamIds.add(id));
  }
  const members = teamIds.size ? await em.getRepository(TeamMember).find({ where: { teamId: In([...teamIds]) }, select: { teamId: true, userId: true } }) : [];
  members.forEach((m) => userIds.add(m.userId));
  const users = userIds.size ? await em.getRepository(User).find({ where: { id: In([...userIds]), isActive: true }, select: { id: true, email: true, role: true } }) : [];
  const emailOf = new Map(users.map((u) => [u.id, u.email]));
  const link = (leadId: string) => `${config.publicBaseUrl}/admin/leads/${leadId}`;

  const mails = new Map<number, MailMessage[]>();
  // The leads of one bulk import, per recipient: one message for those of this batch, not one each.
  const imported = new Map<string, { mail: MailMessage; leads: Lead[] }>();
  for (const event of events) {
    const lead = leads.get(event.leadId);
    if (!lead) continue;
    const out: MailMessage[] = [];
    if (event.type === 'created') {
      const to = (lead.assignedToId && emailOf.get(lead.assignedToId)) || config.leadNotificationEmail;
      const importId = typeof event.data?.importId === 'string' ? event.data.importId : null;
      if (to && importId) {
        const group = imported.get(`${to}\u0000${importId}`);
        if (group) group.leads.push(lead);
        else {
          const mail: MailMessage = { kind: 'mail.new_lead', to, subject: '', text: '' };
          imported.set(`${to}\u0000${importId}`, { mail, leads: [lead] });
          out.push(mail);
        }
      } else if (to) out.push({ kind: 'mail.new_lead', to, subject: `New lead in ${lead.city}`, text: `A new lead (${lead.id}) arrived for ${lead.city}, ${lead.state} ${lead.pincode}.\n${link(lead.id)}\n` });
    } else if (event.type === 'assigned' && typeof event.data?.assignedToId === 'string' && !event.data.auto) {
      const to = emailOf.get(event.data.assignedToId);
      if (to) out.push({ kind: 'mail.lead_assigned', to, subject: `Lead assigned to you: ${lead.city}`, text: `Lead ${lead.id} (${lead.city}, status ${lead.status}) is now yours.\n${link(lead.id)}\n` });
    } else if (JOB_TEAM_EVENTS.includes(event.type)) {
      const teams = new Set(teamIdsOf(event));
      const recipients = new Set(members.filter((m) => teams.has(m.teamId)).map((m) => emailOf.get(m.userId)).filter((e): e is string => !!e));
      const date = event.data?.scheduledDate ? ` on ${String(event.data.scheduledDate)} (${String(event.data.scheduledTimeSlot ?? '')})` : '';
      for (const to of recipients) {
        out.push({ kind: 'mail.job_assigned', to, subject: `${jobLabel(event)} assigned to your team`, text: `${jobLabel(event)} in ${lead.city}${date} is assigned to your team.\n` });
      }
    }
    if (out.length) mails.set(event.id, out);
  }
  for (const { mail, leads: group } of imported.values()) {
    if (group.length === 1) {
      const [lead] = group;
      Object.assign(mail, { subject: `New lead in ${lead.city}`, text: `A new lead (${lead.id}) arrived for ${lead.city}, ${lead.state} ${lead.pincode} by a lead import.\n${link(lead.id)}\n` });
      continue;
    }
    const cities = [...new Set(group.map((lead) => lead.city))];
    const shown = group.slice(0, MAX_LISTED_LEADS).map((lead) => `${lead.id} (${lead.city}) ${link(lead.id)}`);
    const more = group.length > shown.length ? `\n…and ${group.length - shown.length} more.` : '';
    Object.assign(mail, {
      subject: `${group.length} new leads from an import (${cities.slice(0, 3).join(', ')}${cities.length > 3 ? ', …' : ''})`,
      text: `${group.length} new leads arrived by a lead import:\n${shown.join('\n')}${more}\n${config.publicBaseUrl}/admin/leads\n`,
    });
  }
  return mails;
}

