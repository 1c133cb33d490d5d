import { RefreshToken } from '../users/entities/refresh-token.entity.js';
import { LoginThrottle } from '../auth/throttling/login-throttle.entity.js';
import { LeadDocument } from '../documents/entities/lead-document.entity.js';
import { StoredFile } from '../documents/entities/stored-file.entity.js';
import { ClosurePack } from '../installations/entities/closure-pack.entity.js';
import { InstallationAssignment } from '../installations/entities/installation-assignment.entity.js';
import { InstallationMedia } from '../installations/entities/installation-media.entity.js';
import { InstallationReport } from '../installations/entities/installation-report.entity.js';
import { Installation } from '../installations/entities/installation.entity.js';
import { LeadEvent } from '../leads/entities/lead-event.entity.js';
import { LeadSource } from '../leads/entities/lead-source.entity.js';
import { Lead } from '../leads/entities/lead.entity.js';
import { ClosingReason } from '../leads/closing-reasons/closing-reason.entity.js';
import { LeadImport } from '../leads/imports/lead-import.entity.js';
import { LeadTag } from '../leads/tags/lead-tag.entity.js';
import { Pincode } from '../reference-data/entities/pincode.entity.js';
import { SurveyMedia } from '../surveys/entities/survey-media.entity.js';
import { SurveyAssignment } from '../surveys/entities/survey-assignment.entity.js';
import { SurveyReport } from '../surveys/entities/survey-report.entity.js';
import { Survey } from '../surveys/entities/survey.entity.js';
import { TeamBooking } from '../teams/entities/team-booking.entity.js';
import { TeamMember } from '../teams/entities/team-member.entity.js';
import { Team } from '../teams/entities/team.entity.js';
import { AuditEvent } from '../users/audit/audit-event.entity.js';
import { ApiKey } from '../users/entities/api-key.entity.js';
import { User } from '../users/entities/user.entity.js';
import { OutboxCursor } from '../events/entities/outbox-cursor.entity.js';
import { OutboxDelivery } from '../events/entities/outbox-delivery.entity.js';
import { WebhookSubscription } from '../events/entities/webhook-subscription.entity.js';
import { IdSequence } from '../common/persistence/id-sequence.entity.js';
import { JobLease } from '../common/persistence/job-lease.entity.js';

/** Every entity of the application; the migration sets for both databases are generated from these. */
export const ENTITIES = [
  User,
  ApiKey,
  RefreshToken,
  LoginThrottle,
  LeadSource,
  Lead,
  LeadEvent,
  Pincode,
  StoredFile,
  LeadDocument,
  Team,
  TeamMember,
  TeamBooking,
  Survey,
  SurveyAssignment,
  SurveyReport,
  SurveyMedia,
  Installation,
  InstallationAssignment,
  InstallationReport,
  InstallationMedia,
  ClosurePack,
  IdSequence,
  JobLease,
  AuditEvent,
  ClosingReason,
  LeadTag,
  LeadImport,
  WebhookSubscription,
  OutboxDelivery,
  OutboxCursor,
];
