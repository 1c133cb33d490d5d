import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../common/validators.js';
import { StoredFileResponseDto, toStoredFileResponse } from '../../documents/dto/lead-document.dto.js';
import { UserSummaryDto } from '../../leads/dto/lead-response.dto.js';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { MEDIA_TYPES, type MediaType, type SurveyMedia } from '../entities/survey-media.entity.js';

/** The text fields of `POST /surveys/{id}/media` (multipart/form-data, next to the `file` part). */
export class UploadSurveyMediaDto {
  /** What the photo or video shows, e.g. "Meter board, stilt parking". */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(255)
  caption?: string;
}

/** `GET /surveys/{id}/media`: `?limit=&cursor=&withTotal=`. */
export class SurveyMediaQueryDto extends PageQueryDto {}

/** A survey photo or video with its file's metadata. */
export class SurveyMediaResponseDto {
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

/** A page of a survey's media, oldest first. */
export class SurveyMediaPageDto {
  data!: SurveyMediaResponseDto[];
  /** Opaque cursor of the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
  /** Every match, only with `withTotal=true`. */
  total?: number;
}

/** Maps a media row with `file` and `uploadedBy` loaded. */
export function toSurveyMediaResponse(media: SurveyMedia): SurveyMediaResponseDto {
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
