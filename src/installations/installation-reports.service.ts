import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { IncomingMessage } from 'node:http';
import type { EntityManager, Repository } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { AppException, NotFoundProblem, ValidationProblem } from '../common/problem.js';
import { parseIfMatch, staleVersion } from '../common/optimistic-locking.js';
import { TransactionRunner } from '../common/persistence/transaction-runner.service.js';
import { recordStoredFile, StoredFile } from '../documents/entities/stored-file.entity.js';
import { FileStorage } from '../documents/storage/file-storage.js';
import { discardUnlessRecorded } from '../documents/storage/discard-unless-recorded.js';
import { type DownloadConditions, type FileDownload, openDownload } from '../documents/upload/file-download.js';
import { type ReceivedFile, UploadReceiver } from '../documents/upload/upload-receiver.service.js';
import { LeadTimeline } from '../leads/lead-timeline.service.js';
import { TeamMember } from '../teams/entities/team-member.entity.js';
import { checkStoredSignature, ClosurePackError } from './closure-pack/closure-pack-builder.js';
import type { InstallationReportDto } from './dto/installation-report.dto.js';
import type { InstallationResponseDto } from './dto/installation-response.dto.js';
import { InstallationAssignment } from './entities/installation-assignment.entity.js';
import { InstallationReport } from './entities/installation-report.entity.js';
import { SIGNATURE_UPLOAD } from './installation-report.policy.js';
import { invalidAction, InstallationsService, type InstallationWork } from './installations.service.js';

/**
 * The installation report with the customer's signature (seed 001 InstallationReport), apart from
 * {@link InstallationsService} so that neither file grows past what one reads at once (issue #12).
 * Runs through that service's skeleton (perform, compare-and-set, timeline events, assignments).
 */
@Injectable()
export class InstallationReportsService {
  private readonly logger = new Logger(InstallationReportsService.name);

  constructor(
    @InjectRepository(InstallationReport) private readonly reports: Repository<InstallationReport>,
    private readonly installations: InstallationsService,
    private readonly tx: TransactionRunner,
    private readonly timeline: LeadTimeline,
    private readonly receiver: UploadReceiver,
    private readonly storage: FileStorage,
  ) {}

  /**
   * `PUT /installations/{id}/report` (seed 001 InstallationReport): a member of the primary team
   * reports a `completed` installation, with the customer's signature as the `signature` part (PNG
   * or JPEG, sniffed; required when successful). Successful: the installation moves to
   * `report_submitted`, demoCompleted follows demoGiven, the assignments complete and the lead moves
   * to `installation_completed`. Unsuccessful: the installation stays `completed`, the lead stays in
   * `installation_scheduled`, the issues go on the timeline, and Central Ops may reschedule; the
   * next attempt's report replaces this one (and its signature). A successful report is final
   * (409), except when its stored signature cannot be drawn into the closure pack (a file stored
   * before signatures were decoded at upload, or lost from storage: the pack answers 422 or 500):
   * then a member of the team that did the installation may replace it with a successful report
   * carrying a readable signature; the installation stays `report_submitted`, the lead
   * `installation_completed`, and the pack can be generated. The signature is decoded and stored
   * before the transaction and removed again when the transaction fails.
   * @throws 404; 400 naming the field (signature missing on success, issuesEncountered missing on failure);
   *         403 INSTALLATION_NOT_PRIMARY_TEAM; 409 INSTALLATION_INVALID_TRANSITION, INSTALLATION_CHANGED (another report
   *         or change of the installation won the race: DESIGN §5, one wins), INSTALLATION_LEAD_NOT_READY,
   *         INSTALLATION_ALREADY_SUCCESSFUL (an unsuccessful report to replace an unreadable signature);
   *         413 (signature over the photo limit); 415 (not PNG/JPEG); 422 IMAGE_UNDECODABLE, IMAGE_TOO_LARGE
   *         naming `signature`; 412
   */
  async submitReport(actor: Actor, id: string, req: IncomingMessage, ifMatch?: string): Promise<InstallationResponseDto> {
    const expected = parseIfMatch(ifMatch, 'installation');
    const reporter = await this.requireReporter(actor, id);
    const { fields: dto, file: signature } = await this.receiver.receiveOptionalFile(req, SIGNATURE_UPLOAD);
    let replacedSignatureKey: string | undefined;
    try {
      if ('final' in reporter) {
        // A phone that lost the answer sends the same successful report again: the report it asked
        // for is there (whatever its If-Match, which the first one moved on), so it gets the
        // installation, not a 409 or 412. Any other report after a successful one is refused.
        if (!isSameReport(reporter.final, dto, signature)) throw invalidAction('report_submitted', 'report');
        if (signature) await this.storage.delete(signature.key).catch(() => undefined); // else the sweep removes it
        return await this.installations.get(actor, id);
      }
      const unreadableSignatureId = 'replacing' in reporter ? reporter.replacing : null;
      if (dto.installationSuccessful && !signature) {
        throw new ValidationProblem([{ field: 'signature', message: 'a successful installation needs the customer signature (PNG or JPEG) in a file part named "signature"' }]);
      }
      const work: InstallationWork<void> = async (em, installation, to) => {
        // The successful report whose signature the closure pack cannot draw, replaced.
        const correcting = installation.status === 'report_submitted';
        if (correcting && !dto.installationSuccessful) {
          throw new AppException(409, 'INSTALLATION_ALREADY_SUCCESSFUL', 'The installation was reported successful; its report may be replaced only by a successful one with a readable signature');
        }
        const leadReady = correcting ? 'installation_completed' : 'installation_scheduled';
        if (dto.installationSuccessful && installation.lead.status !== leadReady) {
          throw new AppException(409, 'INSTALLATION_LEAD_NOT_READY', `The lead is ${installation.lead.status}; a successful report needs it in ${leadReady}`, {
            leadStatus: installation.lead.status,
          });
        }
        // The compare-and-set comes before the assignments and the report are read (as for the survey
        // report): of concurrent reports the first holds the row until it commits, the others get 409
        // INSTALLATION_CHANGED here, neither a duplicate report row (a 500) nor "no primary team"
        // read from assignments the winner has just ended.
        const demoCompleted = dto.demoGiven ?? false;
        await this.installations.advance(em, installation, correcting ? { demoCompleted } : dto.installationSuccessful ? { status: to, demoCompleted } : {});
        if (correcting) await this.requireReportingTeam(em, actor, installation.id);
        else await this.installations.assignments.requirePrimaryMember(em, actor, installation.id);
        const now = new Date();
        let signatureFileId: string | null = null;
        if (signature) {
          const stored = await recordStoredFile(em, signature, actor.userId, now);
          signatureFileId = stored.id;
        }
        const fields = {
          submittedById: actor.userId,
          chargerSerialNumber: dto.chargerSerialNumber,
          chargerModel: dto.chargerModel,
          installationSuccessful: dto.installationSuccessful,
          demoGiven: dto.demoGiven ?? false,
          customerSignatureFileId: signatureFileId,
          issuesEncountered: dto.issuesEncountered ?? '',
          generalNotes: dto.generalNotes ?? '',
          submittedAt: now,
        };
        const reports = em.getRepository(InstallationReport);
        const previous = await reports.findOne({ where: { installationId: installation.id }, relations: { customerSignature: true } });
        const replaced = previous !== null;
        if (previous) {
          await reports.update({ installationId: installation.id }, fields);
          // The failed attempt's signature goes with its report (its file once this commits).
          if (previous.customerSignature) {
            await em.getRepository(StoredFile).delete({ id: previous.customerSignature.id });
            replacedSignatureKey = previous.customerSignature.storageKey;
          }
        } else {
          await reports.insert({ installationId: installation.id, ...fields });
        }
        const summary = { chargerSerialNumber: dto.chargerSerialNumber, chargerModel: dto.chargerModel, demoGiven: fields.demoGiven, signature: signature !== null, replaced };
        if (correcting) {
          await this.installations.event(em, actor, installation, 'installation_report_submitted', { ...summary, installationSuccessful: true });
        } else if (dto.installationSuccessful) {
          await this.installations.assignments.end(em, installation.id, { primary: 'completed', backup: 'cancelled' });
          await this.installations.event(em, actor, installation, 'installation_report_submitted', { ...summary, installationSuccessful: true });
          await this.timeline.applyTransition(em, actor, installation.lead, 'installation_completed', { data: { installationId: installation.installationId } });
        } else {
          await this.installations.event(em, actor, installation, 'installation_report_unsuccessful', { ...summary, installationSuccessful: false, issuesEncountered: fields.issuesEncountered });
        }
      };
      if (unreadableSignatureId === null) await this.installations.perform(actor, id, 'report', expected, work);
      else {
        // Outside the state table: the table has no `report` after report_submitted, and allowedActions never lists this repair.
        await this.tx.run(async (em) => {
          const installation = await this.installations.findVisible(actor, id, em);
          if (expected !== undefined && installation.version !== expected) throw staleVersion('installation', installation.version);
          const current = await em.getRepository(InstallationReport).findOneBy({ installationId: id });
          // Replaced meanwhile (by a concurrent repair): the report is final again.
          if (installation.status !== 'report_submitted' || current?.customerSignatureFileId !== unreadableSignatureId) throw invalidAction(installation.status, 'report');
          await work(em, installation, installation.status);
        });
      }
    } catch (error) {
      // Unless a COMMIT whose answer was lost recorded it after all.
      if (signature) await discardUnlessRecorded(this.reports.manager, this.storage, signature.key, this.logger);
      throw error;
    }
    if (replacedSignatureKey) await this.storage.delete(replacedSignatureKey).catch(() => undefined); // else the sweep removes it
    return this.installations.get(actor, id);
  }

  /**
   * `GET /installations/{id}/report/signature`: the stored signature of the installation's report
   * (its sniffed type, ETag = SHA-256, one Range, 304, `Cache-Control: private`), to whoever may
   * see the installation ({@link InstallationsService.findVisible}: staff, and technicians of its teams).
   * @throws 404 INSTALLATION_NOT_FOUND; 404 INSTALLATION_SIGNATURE_NOT_FOUND when there is no report or
   *         it has no signature (an unsuccessful attempt); 410 FILE_PURGED; 416
   */
  async signature(actor: Actor, id: string, conditions: DownloadConditions): Promise<FileDownload> {
    await this.installations.findVisible(actor, id);
    const report = await this.reports.findOne({ where: { installationId: id }, relations: { customerSignature: true } });
    if (!report?.customerSignature) throw new NotFoundProblem('Installation signature', id);
    return openDownload(this.storage, report.customerSignature, conditions);
  }

  /**
   * Checked before the report's body is read. As {@link InstallationsService.requireTeamWork} for `report`; once the
   * installation is `report_submitted`, only a member of the team that did the installation, to
   * replace a signature the closure pack cannot draw or to send the stored report again.
   * @returns `{ ordinary }`; `{ replacing }`, the StoredFile id of the signature the report will
   *          replace; or `{ final }`, the stored report: it is final, and only the same report again
   *          is answered (not a 409)
   * @throws 404; 409 INSTALLATION_INVALID_TRANSITION, INSTALLATION_NO_PRIMARY_TEAM; 403 INSTALLATION_NOT_PRIMARY_TEAM
   */
  private async requireReporter(actor: Actor, id: string): Promise<{ ordinary: true } | { final: InstallationReport } | { replacing: string }> {
    const installation = await this.installations.findVisible(actor, id);
    if (installation.status !== 'report_submitted') {
      try {
        await this.installations.requireTeamWork(actor, id, 'report');
      } catch (error) {
        // A concurrent report may have ended the assignments after the status was read: answer
        // for the status now (409 INSTALLATION_INVALID_TRANSITION), not "no primary team".
        const now = await this.installations.findVisible(actor, id);
        if (now.status !== installation.status) throw invalidAction(now.status, 'report');
        throw error;
      }
      return { ordinary: true };
    }
    const report = await this.reports.manager.getRepository(InstallationReport).findOne({ where: { installationId: id }, relations: { customerSignature: true } });
    if (!report?.customerSignature || (await this.signatureDrawable(report.customerSignature.storageKey))) {
      await this.requireReportingTeam(this.reports.manager, actor, id).catch(() => {
        throw invalidAction(installation.status, 'report');
      });
      if (!report) throw invalidAction(installation.status, 'report');
      return { final: report };
    }
    await this.requireReportingTeam(this.reports.manager, actor, id);
    return { replacing: report.customerSignature.id };
  }


  /** False when the stored signature is missing, too large or does not decode (the closure pack would refuse it). */
  private async signatureDrawable(storageKey: string): Promise<boolean> {
    try {
      await checkStoredSignature(this.storage, storageKey);
      return true;
    } catch (error) {
      if (error instanceof ClosurePackError) return false;
      throw error;
    }
  }

  /**
   * The actor is a member of the team whose primary assignment completed with the successful report.
   * @throws 403 INSTALLATION_NOT_PRIMARY_TEAM
   */
  private async requireReportingTeam(em: EntityManager, actor: Actor, installationId: string): Promise<void> {
    const primary = await em.getRepository(InstallationAssignment).findOne({ where: { installationId, isPrimary: true, status: 'completed' } });
    if (!primary || !(await em.getRepository(TeamMember).exists({ where: { teamId: primary.teamId, userId: actor.userId } }))) {
      throw new AppException(403, 'INSTALLATION_NOT_PRIMARY_TEAM', 'Only a member of the team that did the installation may replace its report');
    }
  }
}

/**
 * True when `stored` is this report: every field the same and the same signature bytes (SHA-256),
 * or no signature on either. Asked only of a final (successful) report: an unsuccessful one may be
 * followed by another attempt that fails the same way.
 */
function isSameReport(stored: InstallationReport, dto: InstallationReportDto, signature: ReceivedFile | null): boolean {
  return (
    stored.chargerSerialNumber === dto.chargerSerialNumber &&
    stored.chargerModel === dto.chargerModel &&
    stored.installationSuccessful === dto.installationSuccessful &&
    stored.demoGiven === (dto.demoGiven ?? false) &&
    stored.issuesEncountered === (dto.issuesEncountered ?? '') &&
    stored.generalNotes === (dto.generalNotes ?? '') &&
    (stored.customerSignature?.sha256 ?? null) === (signature?.sha256 ?? null)
  );
}
