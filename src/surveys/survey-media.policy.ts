import { CONTENT_TYPES } from '../documents/upload/content-type.js';
import type { UploadPolicy } from '../documents/upload/upload-receiver.service.js';
import { UploadSurveyMediaDto } from './dto/survey-media.dto.js';
import type { MediaType } from './entities/survey-media.entity.js';

/** Photo types phones and cameras write (HEIC in both HEIF brands), as the documents module sniffs them. */
export const PHOTO_CONTENT_TYPES: readonly string[] = [CONTENT_TYPES.jpeg, CONTENT_TYPES.png, CONTENT_TYPES.heic, CONTENT_TYPES.heif, CONTENT_TYPES.webp];
/** Video types phones record: MP4, QuickTime (iPhone `.mov`), 3GP (older Android), WebM. */
export const VIDEO_CONTENT_TYPES: readonly string[] = ['video/mp4', 'video/quicktime', 'video/3gpp', 'video/webm'];

/** photo or video, from the sniffed content type. */
export function mediaTypeOf(contentType: string): MediaType {
  return VIDEO_CONTENT_TYPES.includes(contentType) ? 'video' : 'photo';
}

/**
 * `POST /surveys/{id}/media`: one `file` part, a photo or a video, received by the documents
 * module's UploadReceiver (streamed to storage, type sniffed from the bytes). The stream is held
 * to the video limit, since the kind is known only from the bytes; SurveyMediaService refuses a
 * photo over the photo limit afterwards (DESIGN §6: photos 15 MB, videos 200 MB).
 */
export const SURVEY_MEDIA_UPLOAD: UploadPolicy<UploadSurveyMediaDto> = {
  kind: 'video',
  prefix: 'survey-media',
  fields: UploadSurveyMediaDto,
  allowedTypes: () => [...PHOTO_CONTENT_TYPES, ...VIDEO_CONTENT_TYPES],
  describe: () => 'survey media (photos and videos)',
};
