import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { Trim } from '../../common/validators.js';
import type { Actor } from '../../common/auth/actor.js';
import { oemActorName } from '../../leads/audience/oem-audience.js';
import { DOCUMENT_TYPES, type DocumentType, type LeadDocument } from '../entities/lead-document.entity.js';
import type { StoredFile } from '../entities/stored-file.entity.js';

/** The text fields of `POST /leads/{id}/documents` (multipart/form-data, next to the `file` part). */
export class UploadLeadDocumentDto {
  /** What the file is; decides which content types are allowed. */
  @ApiProperty({ enum: DOCUMENT_TYPES, enumName: 'DocumentType' })
  @IsIn(DOCUMENT_TYPES, { message: `documentType must be one of ${DOCUMENT_TYPES.join(', ')}` })
  documentType!: DocumentType;

  /** Optional notes about the document. */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

/** `?documentType=&limit=&cursor=&withTotal=` for a lead's documents. */
export class DocumentQueryDto extends PageQueryDto {
  /** Only documents of this type. */
  @ApiPropertyOptional({ enum: DOCUMENT_TYPES, enumName: 'DocumentType' })
  @IsOptional()
  @IsIn(DOCUMENT_TYPES)
  documentType?: DocumentType;
}

/** A stored file's metadata (DESIGN §4 StoredFile); the bytes are at the owning resource's `/content`. */
export class StoredFileResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** The client's file name, sanitised. */
  originalName!: string;
  /** Sniffed from the bytes, e.g. `application/pdf`. */
  contentType!: string;
  @ApiProperty({ type: 'integer', description: 'Size in bytes.' })
  sizeBytes!: number;
  /** Hex SHA-256 of the content; the download's ETag is `"<sha256>"`. */
  sha256!: string;
}

/** Who uploaded a document, as the reader may see them. */
export class DocumentUploaderDto {
  /** The uploader's user id; null when an OEM reads a document ChargeOps staff uploaded. */
  @ApiProperty({ format: 'uuid', type: String, nullable: true })
  id!: string | null;
  /** The person's name; for an OEM reading a document staff uploaded, their role or team ("Central Ops"). */
  fullName!: string;
}

/** A lead document (seed 000 LeadDocument) with its file's metadata. */
export class LeadDocumentResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  leadId!: string;
  @ApiProperty({ enum: DOCUMENT_TYPES, enumName: 'DocumentType' })
  documentType!: DocumentType;
  /** Empty when none were given. */
  notes!: string;
  file!: StoredFileResponseDto;
  /** Null when an OEM reads a document ChargeOps staff uploaded (README "What an OEM sees"). */
  @ApiProperty({ format: 'uuid', type: String, nullable: true })
  uploadedById!: string | null;
  uploadedBy!: DocumentUploaderDto;
  uploadedAt!: Date;
}

/** A page of a lead's documents (DESIGN §6 keyset pagination). */
export class LeadDocumentPageDto {
  data!: LeadDocumentResponseDto[];
  /** Opaque cursor of the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
  /** Every match, only with `withTotal=true`. */
  total?: number;
}

/** Maps a stored file to its metadata. */
export function toStoredFileResponse(file: StoredFile): StoredFileResponseDto {
  return { id: file.id, originalName: file.originalName, contentType: file.contentType, sizeBytes: file.sizeBytes, sha256: file.sha256 };
}

/**
 * Maps a lead document (with `file` and `uploadedBy` loaded, the uploader's role included) to its
 * response for `reader`. An OEM sees staff by role, never by person, and no staff user ids (the
 * audience policy, src/leads/audience/oem-audience.ts); its own uploads keep its id and name.
 */
export function toLeadDocumentResponse(document: LeadDocument, reader: Actor): LeadDocumentResponseDto {
  const uploader = document.uploadedBy;
  const hidden = reader.role === 'oem' && document.uploadedById !== reader.userId;
  return {
    id: document.id,
    leadId: document.leadId,
    documentType: document.documentType,
    notes: document.notes,
    file: toStoredFileResponse(document.file),
    uploadedById: hidden ? null : document.uploadedById,
    uploadedBy: hidden
      ? { id: null, fullName: oemActorName({ kind: 'user', userId: uploader.id, role: uploader.role, fullName: uploader.fullName, teams: [] }, '') }
      : { id: uploader.id, fullName: uploader.fullName },
    uploadedAt: document.uploadedAt,
  };
}
