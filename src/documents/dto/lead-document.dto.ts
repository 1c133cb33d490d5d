import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { Trim } from '../../common/validators.js';
import { UserSummaryDto } from '../../leads/dto/lead-response.dto.js';
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
  @ApiProperty({ format: 'uuid' })
  uploadedById!: string;
  uploadedBy!: UserSummaryDto;
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

/** Maps a lead document (with `file` and `uploadedBy` loaded) to its response. */
export function toLeadDocumentResponse(document: LeadDocument): LeadDocumentResponseDto {
  return {
    id: document.id,
    leadId: document.leadId,
    documentType: document.documentType,
    notes: document.notes,
    file: toStoredFileResponse(document.file),
    uploadedById: document.uploadedById,
    uploadedBy: { id: document.uploadedBy.id, fullName: document.uploadedBy.fullName },
    uploadedAt: document.uploadedAt,
  };
}
