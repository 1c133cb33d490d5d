import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../common/validators.js';
import { StoredFileResponseDto, toStoredFileResponse } from '../dto/lead-document.dto.js';
import { UserSummaryDto } from '../../leads/dto/lead-response.dto.js';
import { PageQueryDto } from '../../common/page-query.dto.js';
import type { StoredFile } from '../entities/stored-file.entity.js';

/** DESIGN §4 media types. */
export const MEDIA_TYPES = ['photo', 'video'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** The columns survey and installation media share (seed 001 InstallationMedia). */
export interface MediaRecord {
  id: string;
  mediaType: MediaType;
  fileId: string;
  caption: string;
  uploadedById: string;
  uploadedAt: Date;
}

/** The text fields of `POST /surveys/{id}/media` and `POST /installations/{id}/media` (multipart/form-data, next to the `file` part). */
export class UploadMediaDto {
  /** What the photo or video shows, e.g. "Meter board, stilt parking". */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(255)
  caption?: string;
}

/** `GET …/media`: `?limit=&cursor=&withTotal=`. */
export class MediaQueryDto extends PageQueryDto {}

/** A survey or installation photo or video with its file's metadata. */
export class MediaResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** From the sniffed content type. */
  @ApiProperty({ enum: MEDIA_TYPES, enumName: 'MediaType' })
  mediaType!: MediaType;
  /** Empty when none was given. */
  caption!: string;
  file!: StoredFileResponseDto;
  @ApiProperty({ format: 'uuid' })
  uploadedById!: string;
  uploadedBy!: UserSummaryDto;
  uploadedAt!: Date;
}

/** A page of a survey's or installation's media, oldest first. */
export class MediaPageDto {
  data!: MediaResponseDto[];
  /** Opaque cursor of the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
  /** Every match, only with `withTotal=true`. */
  total?: number;
}

/** Maps a media row with `file` and `uploadedBy` loaded. */
export function toMediaResponse(media: MediaRecord & { file: StoredFile; uploadedBy: { id: string; fullName: string } }): MediaResponseDto {
  return {
    id: media.id,
    mediaType: media.mediaType,
    caption: media.caption,
    file: toStoredFileResponse(media.file),
    uploadedById: media.uploadedById,
    uploadedBy: { id: media.uploadedBy.id, fullName: media.uploadedBy.fullName },
    uploadedAt: media.uploadedAt,
  };
}
