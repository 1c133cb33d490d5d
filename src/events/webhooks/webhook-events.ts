import { oemEventPayload, type EventActorFacts, type LeadEventFacts, type OemLeadView } from '../../leads/audience/oem-audience.js';
import { LEAD_STATUSES, type LeadStatus } from '../../leads/entities/lead.entity.js';

/** The event types a subscription may ask for (issue #15, item 2); `webhook.test` is sent by `POST …/{id}/test` only. */
export const WEBHOOK_EVENT_TYPES = [
  'lead.created',
  'lead.status_changed',
  'survey.scheduled',
  'survey.completed',
  'installation.scheduled',
  'installation.completed',
  'closure_pack.ready',
  'lead.anonymised',
  'webhook.test',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/**
 * The milestones named by the lead status they reach (DESIGN §5): the survey and installation
 * steps an OEM hears of are exactly the lead's status changes, which its timeline already shows;
 * their internal steps (assignments, starts, media) stay internal.
 */
const MILESTONES: Partial<Record<LeadStatus, WebhookEventType>> = {
  survey_scheduled: 'survey.scheduled',
  survey_completed: 'survey.completed',
  installation_scheduled: 'installation.scheduled',
  installation_completed: 'installation.completed',
};

/**
 * The webhook event types one timeline entry raises, in the order they are sent (none for internal
 * entries). A milestone only for a step forward (DESIGN §5's order): a lead that steps back (an
 * installation cancelled: back to survey_completed) or resumes from hold reaches that status again
 * without the survey being approved or the installation completed again.
 */
export function webhookTypesOf(event: Pick<LeadEventFacts, 'type' | 'fromStatus' | 'toStatus'>): WebhookEventType[] {
  switch (event.type) {
    case 'created':
      return ['lead.created'];
    case 'status_changed': {
      const milestone = event.toStatus && isStepForward(event.fromStatus, event.toStatus) ? MILESTONES[event.toStatus] : undefined;
      return milestone ? ['lead.status_changed', milestone] : ['lead.status_changed'];
    }
    case 'closure_pack_generated':
      return ['closure_pack.ready'];
    case 'anonymised':
      return ['lead.anonymised'];
    default:
      return [];
  }
}

/** `from` → `to` moves forward along the lead's stages (LEAD_STATUSES' order); a resume from hold does not. */
function isStepForward(from: LeadStatus | null, to: LeadStatus): boolean {
  return from !== null && from !== 'on_hold' && LEAD_STATUSES.indexOf(from) < LEAD_STATUSES.indexOf(to);
}

/** A webhook's JSON body (Standard Webhooks: `{ type, timestamp, data }`). */
export interface WebhookBody {
  type: WebhookEventType;
  /** ISO 8601: when the event happened. */
  timestamp: string;
  data: Record<string, unknown>;
}

/**
 * The body of `type` for one timeline entry, built on the OEM audience policy (leads/audience):
 * `data` holds the lead's id, the OEM's `externalRef`, its status (the target of a status change,
 * else the status when the message was made), `fromStatus`/`toStatus`/`occurredAt`, and
 * `timelineEntry`: the entry exactly as `GET /leads/{id}/events` shows it to the OEM (staff named
 * by role or team). No customer contact data: the OEM has it, a webhook need not carry it again.
 * @returns null when the OEM may not see the entry (no message is due)
 */
export function webhookBody(type: WebhookEventType, lead: OemLeadView, event: LeadEventFacts, actor: EventActorFacts, oemName: string): WebhookBody | null {
  const payload = oemEventPayload(lead, event, actor, oemName);
  if (!payload) return null;
  const entry = payload.event;
  return {
    type,
    timestamp: entry.at.toISOString(),
    data: {
      leadId: lead.id,
      externalRef: lead.externalRef,
      status: entry.toStatus ?? lead.status,
      fromStatus: entry.fromStatus,
      toStatus: entry.toStatus,
      occurredAt: entry.at.toISOString(),
      // Every member of LeadEventResponseDto, in its order: a receiver may type it as the events list's entry.
      timelineEntry: {
        id: entry.id,
        leadId: lead.id,
        type: entry.type,
        fromStatus: entry.fromStatus,
        toStatus: entry.toStatus,
        actorUserId: entry.actorUserId,
        actorApiKeyId: entry.actorApiKeyId,
        label: entry.label,
        actorName: entry.actorName,
        data: entry.data,
        createdAt: entry.at.toISOString(),
      },
    },
  };
}
