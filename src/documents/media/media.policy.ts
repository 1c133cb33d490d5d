import { CONTENT_TYPES } from '../upload/content-type.js';
import type { UploadPolicy } from '../upload/upload-receiver.service.js';
import { type MediaType, UploadMediaDto } from './media.dto.js';

/** Photo types phones and cameras write (HEIC in both HEIF brands), as the documents module sniffs them. */
export const PHOTO_CONTENT_TYPES: readonly string[] = [CONTENT_TYPES.jpeg, CONTENT_TYPES.png, CONTENT_TYPES.heic, CONTENT_TYPES.heif, CONTENT_TYPES.webp];
/** Video types phones record: MP4, QuickTime (iPhone `.mov`), 3GP (older Android), WebM. */
export const VIDEO_CONTENT_TYPES: readonly string[] = ['video/mp4', 'video/quicktime', 'video/3gpp', 'video/webm'];

/** photo or video, from the sniffed content type. */
export function mediaTypeOf(contentType: string): MediaType {
  return VIDEO_CONTENT_TYPES.includes(contentType) ? 'video' : 'photo';
}

/**
 * `POST /surveys/{id}/media` and `POST /installations/{id}/media`: one `file` part, a photo or a
 * video, received by the documents module's UploadReceiver (streamed to storage, type sniffed from
 * the bytes). The kind, and so the limit, follows the sniffed type (DESIGN §6: photos 15 MB, videos
 * 200 MB; the video limit until the type is known). Photos are decoded before they are accepted
 * (422 naming `file` when one does not decode or is too large); videos are not.
 * @param job `survey` or `installation`: the storage prefix is `<job>-media`
 */
export function mediaUploadPolicy(job: 'survey' | 'installation'): UploadPolicy<UploadMediaDto> {
  return {
    kind: (contentType) => mediaTypeOf(contentType),
    prefix: `${job}-media`,
    fields: UploadMediaDto,
    allowedTypes: () => [...PHOTO_CONTENT_TYPES, ...VIDEO_CONTENT_TYPES],
    describe: () => `${job} media (photos and videos)`,
    decodeImages: true,
  };
}
