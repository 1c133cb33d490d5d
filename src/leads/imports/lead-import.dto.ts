import { ApiProperty } from '@nestjs/swagger';
import { LEAD_IMPORT_STATUSES, type LeadImport, type LeadImportStatus } from './lead-import.entity.js';

/** `POST /lead-imports` body (multipart/form-data), documented for the spec; read by {@link LeadImportsService.receive}. */
export class LeadImportUploadDto {
  /** The CSV: a header row naming `POST /leads` fields in camelCase (other columns are ignored), one lead a row. */
  @ApiProperty({ type: 'string', format: 'binary' })
  file!: unknown;
  /** The lead source of every row without a `sourceId` column value: one the import's OEM may use (its own or a shared one), else 400. */
  @ApiProperty({ required: false, type: 'integer', minimum: 1 })
  sourceId?: number;
  /** Central Ops: the OEM every row belongs to, an active OEM (else 400); without it, an `oemId` column must name each row's. OEMs leave it out. */
  @ApiProperty({ required: false, format: 'uuid' })
  oemId?: string;
}

export class LeadImportErrorDto {
  /** 1-based data row (the header is row 0). */
  row!: number;
  @ApiProperty({ type: String, nullable: true })
  field!: string | null;
  code!: string;
  message!: string;
}

/** An import and its progress. */
export class LeadImportResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: LEAD_IMPORT_STATUSES })
  status!: LeadImportStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  oemId!: string | null;
  fileName!: string;
  rowsTotal!: number;
  rowsProcessed!: number;
  rowsCreated!: number;
  /** Rows whose `externalRef` was already received with the same data (idempotent re-import). */
  rowsReplayed!: number;
  /** Rows refused as duplicates of an open lead (`LEAD_DUPLICATE_CHECK=reject`). */
  rowsDuplicate!: number;
  rowsRejected!: number;
  /** The first row errors: at most 1,000, and fewer when they would take more than 64 KiB as JSON; the rest are only counted. */
  errors!: LeadImportErrorDto[];
  /** Why a failed import stopped, e.g. its server process died, or its account, API key or OEM was deactivated or revoked meanwhile. */
  @ApiProperty({ type: String, nullable: true })
  failure!: string | null;
  createdAt!: Date;
  @ApiProperty({ type: Date, nullable: true })
  finishedAt!: Date | null;
}

/** The 202 answer of `POST /lead-imports`. */
export class LeadImportAcceptedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: LEAD_IMPORT_STATUSES })
  status!: LeadImportStatus;
}

export class LeadImportPageDto {
  data!: LeadImportResponseDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
  total?: number;
}

export function toLeadImportResponse(i: LeadImport): LeadImportResponseDto {
  return {
    id: i.id,
    status: i.status,
    oemId: i.oemId,
    fileName: i.fileName,
    rowsTotal: i.rowsTotal,
    rowsProcessed: i.rowsProcessed,
    rowsCreated: i.rowsCreated,
    rowsReplayed: i.rowsReplayed,
    rowsDuplicate: i.rowsDuplicate,
    rowsRejected: i.rowsRejected,
    errors: i.errors,
    failure: i.failure,
    createdAt: i.createdAt,
    finishedAt: i.finishedAt,
  };
}
