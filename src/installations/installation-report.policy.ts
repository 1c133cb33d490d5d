import { CONTENT_TYPES } from '../documents/upload/content-type.js';
import type { UploadPolicy } from '../documents/upload/upload-receiver.service.js';
import { InstallationReportDto } from './dto/installation-report.dto.js';

/** A signature is drawn on a phone and saved as PNG or JPEG; nothing else is accepted (issue #5). */
export const SIGNATURE_CONTENT_TYPES: readonly string[] = [CONTENT_TYPES.png, CONTENT_TYPES.jpeg];

/**
 * `PUT /installations/{id}/report`: the report's text fields and an optional `signature` file part
 * (the customer's sign-off image, sniffed, within the photo limit of DESIGN §6, decoded before it
 * is accepted: the closure pack draws it into summary.pdf), received by the documents module's
 * UploadReceiver and stored under `signatures/`.
 */
export const SIGNATURE_UPLOAD: UploadPolicy<InstallationReportDto> = {
  kind: 'photo',
  prefix: 'signatures',
  fileField: 'signature',
  fields: InstallationReportDto,
  allowedTypes: () => SIGNATURE_CONTENT_TYPES,
  describe: () => 'a customer signature',
  decodeImages: true,
};
