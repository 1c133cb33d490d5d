import type { UploadPolicy } from './upload/upload-receiver.service.js';
import { CONTENT_TYPES } from './upload/content-type.js';
import { UploadLeadDocumentDto } from './dto/lead-document.dto.js';
import { DOCUMENT_TYPES, type DocumentType } from './entities/lead-document.entity.js';

const { pdf, jpeg, png, heic, heif, webp, text, vcard } = CONTENT_TYPES;

/**
 * Sniffed content types allowed per document type (issue #3): a bill is a scan or a photo, a
 * location photo is a photo, an electrician's contact may also be a text note or a vCard.
 * HEIC covers both HEIF brands phones write (`image/heic`, `image/heif`).
 */
export const DOCUMENT_CONTENT_TYPES: Readonly<Record<DocumentType, readonly string[]>> = {
  electricity_bill: [pdf, jpeg, png, heic, heif],
  location_photo: [jpeg, png, heic, heif, webp],
  electrician_contact: [pdf, jpeg, png, text, vcard],
  other: [pdf, jpeg, png, heic, heif, webp],
};

/** Every type some document type allows: all that can be judged before `documentType` is known. */
const ANY_DOCUMENT_TYPE = [...new Set(Object.values(DOCUMENT_CONTENT_TYPES).flat())];

const documentTypeOf = (fields: Readonly<Record<string, string>>): DocumentType | undefined =>
  (DOCUMENT_TYPES as readonly string[]).includes(fields.documentType) ? (fields.documentType as DocumentType) : undefined;

/** `POST /leads/{id}/documents`: one `file` part of at most the document limit, typed by `documentType`. */
export const LEAD_DOCUMENT_UPLOAD: UploadPolicy<UploadLeadDocumentDto> = {
  kind: 'document',
  prefix: 'documents',
  fields: UploadLeadDocumentDto,
  allowedTypes: (fields) => {
    const type = documentTypeOf(fields);
    return type ? DOCUMENT_CONTENT_TYPES[type] : ANY_DOCUMENT_TYPE;
  },
  describe: (fields) => {
    const type = documentTypeOf(fields);
    return type && `documentType ${type}`;
  },
};
