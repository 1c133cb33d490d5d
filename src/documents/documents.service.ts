import type { IncomingMessage } from 'node:http';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { type Page, pageByUploadedAt } from '../common/pagination.js';
import { AppException, NotFoundProblem } from '../common/problem.js';
import { TransactionRunner } from '../common/persistence/transaction-runner.service.js';
import { FINAL_LEAD_STATUSES, Lead } from '../leads/entities/lead.entity.js';
import { LeadTimeline } from '../leads/lead-timeline.service.js';
import { LeadsRepository } from '../leads/leads.repository.js';
import { type DocumentQueryDto, type LeadDocumentResponseDto, toLeadDocumentResponse, type UploadLeadDocumentDto } from './dto/lead-document.dto.js';
import { type DocumentType, LeadDocument } from './entities/lead-document.entity.js';
import { earliestWithSameFile, recordStoredFile, StoredFile } from './entities/stored-file.entity.js';
import { LEAD_DOCUMENT_UPLOAD } from './lead-document.policy.js';
import { discardUnlessRecorded } from './storage/discard-unless-recorded.js';
import { FileStorage } from './storage/file-storage.js';
import { type DownloadConditions, type FileDownload, openDownload } from './upload/file-download.js';
import { type ReceivedFile, UploadReceiver } from './upload/upload-receiver.service.js';
import { isUuid } from '../common/uuid.js';

/** DESIGN §5: a lead in documents_pending moves to documents_received once these are all on file. */
export const REQUIRED_DOCUMENT_TYPES: readonly DocumentType[] = ['electricity_bill', 'location_photo'];


/**
 * Lead documents (seed 000 LeadDocument, DESIGN §4–6): upload, list, download and delete, always
 * through the lead's visibility (OEMs: their own leads; otherwise 404). Each upload and delete is
 * one transaction with its timeline event and, for an upload, the automatic move
 * documents_pending → documents_received. Files are stored before that transaction and removed
 * after it (or by the sweep), so no row ever points at a missing file: after a failed upload
 * transaction only if no row references the file ({@link discardUnlessRecorded}).
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger('DocumentsService');

  constructor(
    @InjectRepository(LeadDocument) private readonly documents: Repository<LeadDocument>,
    private readonly leads: LeadsRepository,
    private readonly timeline: LeadTimeline,
    private readonly tx: TransactionRunner,
    private readonly receiver: UploadReceiver,
    private readonly storage: FileStorage,
  ) {}

  /**
   * Stores the request's `file` and records it as a document of the lead, with a
   * `document_uploaded` event; moves a documents_pending lead that now has a bill and a location
   * photo to documents_received (one `status_changed` event, however many uploads race).
   * The lead is checked before a byte of the body is read.
   * @throws 404 LEAD_NOT_FOUND; 409 LEAD_FINAL for a closed or cancelled lead; 400, 413, 415 from {@link UploadReceiver.receive}
   */
  async upload(actor: Actor, leadId: string, req: IncomingMessage): Promise<LeadDocumentResponseDto> {
    assertOpen(await this.leads.findVisible(actor, leadId));
    const { fields, file } = await this.receiver.receive(req, LEAD_DOCUMENT_UPLOAD);
    let recorded: { documentId: string; repeated: boolean };
    try {
      recorded = await this.tx.run((em) => this.record(em, actor, leadId, fields, file));
    } catch (error) {
      // Not `discard`: a COMMIT whose answer was lost may have recorded the file.
      await discardUnlessRecorded(this.documents.manager, this.storage, file.key, this.logger);
      throw error;
    }
    if (recorded.repeated) await this.discard(file.key);
    return toLeadDocumentResponse(await this.findDocument(actor, leadId, recorded.documentId), actor);
  }

  /** The lead's documents, oldest first, keyset-paged, optionally of one type. @throws 404 LEAD_NOT_FOUND */
  async list(actor: Actor, leadId: string, query: DocumentQueryDto): Promise<Page<LeadDocumentResponseDto>> {
    await this.leads.findVisible(actor, leadId);
    const qb = this.withFile(this.documents.createQueryBuilder('document')).where('document.leadId = :leadId', { leadId });
    if (query.documentType) qb.andWhere('document.documentType = :documentType', { documentType: query.documentType });
    return pageByUploadedAt(qb, 'document', query, (document) => toLeadDocumentResponse(document, actor));
  }

  /**
   * The document's bytes (see {@link openDownload}: ETag, Range, If-None-Match).
   * @throws 404 LEAD_NOT_FOUND / DOCUMENT_NOT_FOUND; 416 RANGE_NOT_SATISFIABLE
   */
  async content(actor: Actor, leadId: string, documentId: string, conditions: DownloadConditions): Promise<FileDownload> {
    const document = await this.findDocument(actor, leadId, documentId);
    return openDownload(this.storage, document.file, conditions);
  }

  /**
   * Deletes a document and its StoredFile row with a `document_deleted` event (the timeline keeps
   * what it was); the file is removed from storage after the commit, or by the sweep if that fails.
   * A closed lead's documents stay: its closure pack, signed and sent to the OEM, holds them.
   * @throws 404 LEAD_NOT_FOUND / DOCUMENT_NOT_FOUND; 409 LEAD_FINAL for a closed lead
   */
  async remove(actor: Actor, leadId: string, documentId: string): Promise<void> {
    const storageKey = await this.tx.run(async (em) => {
      // The lead's row lock: uploads, deletes and the closure pack's build of one lead run one after another (LeadsRepository.lockVisible).
      const lead = await this.leads.lockVisible(actor, leadId, em);
      const document = await this.findDocument(actor, leadId, documentId, em);
      if (lead.status === 'closed') throw new AppException(409, 'LEAD_FINAL', "A closed lead's documents are in its closure pack and stay with it");
      await em.getRepository(LeadDocument).delete({ id: document.id });
      await em.getRepository(StoredFile).delete({ id: document.fileId });
      await this.timeline.recordEvent(em, actor, leadId, {
        type: 'document_deleted',
        data: { documentId: document.id, documentType: document.documentType, ...fileSummary(document.file) },
      });
      return document.file.storageKey;
    });
    await this.discard(storageKey);
  }

  /** The upload's transaction: rows, event, and the automatic transition (DESIGN §5). */
  private async record(em: EntityManager, actor: Actor, leadId: string, fields: UploadLeadDocumentDto, received: ReceivedFile): Promise<{ documentId: string; repeated: boolean }> {
    // The lead's row lock (LeadsRepository.lockVisible): two concurrent uploads (a bill and a photo)
    // then see each other in the "bill and a photo on file" check, instead of leaving documents_pending.
    const lead = assertOpen(await this.leads.lockVisible(actor, leadId, em));
    // The same file (name and bytes) of the same type and notes again: a retry whose answer was
    // lost (a phone, the console's "send again"). It answers the document already stored.
    const earlier = await earliestWithSameFile(
      em.getRepository(LeadDocument).createQueryBuilder('document').where('document.leadId = :leadId AND document.documentType = :documentType AND document.notes = :notes', {
        leadId,
        documentType: fields.documentType,
        notes: fields.notes ?? '',
      }),
      'document',
      received,
    );
    if (earlier) return { documentId: earlier, repeated: true };
    const now = new Date();
    const file = await recordStoredFile(em, received, actor.userId, now);
    const document = await em.getRepository(LeadDocument).save(
      em.getRepository(LeadDocument).create({
        leadId,
        documentType: fields.documentType,
        fileId: file.id,
        uploadedById: actor.userId,
        uploadedAt: now,
        notes: fields.notes ?? '',
      }),
    );
    await this.timeline.recordEvent(em, actor, leadId, {
      type: 'document_uploaded',
      data: { documentId: document.id, documentType: document.documentType, ...fileSummary(file) },
    });
    const pending = lead.status === 'documents_pending' || (lead.status === 'on_hold' && lead.statusBeforeHold === 'documents_pending');
    if (pending && (await this.hasRequiredDocuments(em, leadId))) {
      // On hold: the lead resumes to documents_received.
      await this.timeline.automaticStep(em, actor, lead, { from: 'documents_pending', to: 'documents_received', conflictCode: 'LEAD_CHANGED' }, { auto: true, documentId: document.id });
    }
    return { documentId: document.id, repeated: false };
  }


  private async hasRequiredDocuments(em: EntityManager, leadId: string): Promise<boolean> {
    const present = await em
      .getRepository(LeadDocument)
      .createQueryBuilder('document')
      .select('document.documentType', 'documentType')
      .where('document.leadId = :leadId AND document.documentType IN (:...types)', { leadId, types: REQUIRED_DOCUMENT_TYPES })
      .groupBy('document.documentType')
      .getRawMany<{ documentType: DocumentType }>();
    return REQUIRED_DOCUMENT_TYPES.every((type) => present.some((row) => row.documentType === type));
  }

  /** A document of a lead the actor may see, with its file and uploader. @throws 404 */
  private async findDocument(actor: Actor, leadId: string, documentId: string, em?: EntityManager): Promise<LeadDocument> {
    await this.leads.findVisible(actor, leadId, em);
    const repo = em ? em.getRepository(LeadDocument) : this.documents;
    const document = isUuid(documentId)
      ? await this.withFile(repo.createQueryBuilder('document')).where('document.id = :documentId AND document.leadId = :leadId', { documentId, leadId }).getOne()
      : null;
    if (!document) throw new NotFoundProblem('Document', documentId);
    return document;
  }

  private withFile(qb: SelectQueryBuilder<LeadDocument>): SelectQueryBuilder<LeadDocument> {
    return qb.innerJoinAndSelect('document.file', 'file').innerJoin('document.uploadedBy', 'uploadedBy').addSelect(['uploadedBy.id', 'uploadedBy.fullName', 'uploadedBy.role']);
  }

  /** Removes a file no row references (any more); a failure is left to the sweep. */
  private async discard(storageKey: string): Promise<void> {
    await this.storage.delete(storageKey).catch((error: unknown) => {
      this.logger.warn({ err: error, storageKey }, 'Could not remove a stored file; the storage sweep will');
    });
  }
}

/** @throws 409 LEAD_FINAL: a closed or cancelled lead takes no more documents (as it takes no edits). */
function assertOpen(lead: Lead): Lead {
  if (FINAL_LEAD_STATUSES.includes(lead.status)) throw new AppException(409, 'LEAD_FINAL', `A ${lead.status} lead takes no more documents`);
  return lead;
}

/** What the timeline keeps of a file: enough to tell which one it was after it is gone. */
function fileSummary(file: StoredFile): Record<string, unknown> {
  return { fileId: file.id, fileName: file.originalName, contentType: file.contentType, sizeBytes: file.sizeBytes, sha256: file.sha256 };
}
