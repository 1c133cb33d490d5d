import type { ProblemCodeList } from '../common/problem-codes.js';

/**
 * The problem codes of lead documents, uploads and downloads, each with its short meaning. `AppException` accepts them
 * through the registry below (see `common/problem-codes.ts`); listing a code here is what lets a
 * throw site use it, and the spec's `ProblemDetailsDto.code` enum lists it (`src/problem-catalogue.ts`).
 */
export const DOCUMENT_ERRORS = {
  DOCUMENT_NOT_FOUND: 'No such document on this lead',
  UPLOAD_MALFORMED: 'The multipart body is malformed or over its part/field limits',
  UPLOAD_ABORTED: 'The upload was interrupted',
  UPLOAD_TOO_LARGE: 'The file is larger than its limit; `limitBytes` says it',
  UPLOAD_TYPE_NOT_ALLOWED: 'The type sniffed from the bytes is not allowed here',
  IMAGE_UNDECODABLE: 'The photo does not decode to its end',
  IMAGE_TOO_LARGE: 'The photo is too large once decoded',
  FILE_PURGED: 'The file was deleted by the retention policy; its row keeps size and SHA-256 only',
  RANGE_NOT_SATISFIABLE: 'The Range starts beyond the end of the file',
} as const satisfies ProblemCodeList;

declare module '../common/problem-codes.js' {
  interface ProblemCodeRegistry {
    documents: typeof DOCUMENT_ERRORS;
  }
}
