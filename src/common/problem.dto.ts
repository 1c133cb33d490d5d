import { ApiPropertyOptional } from '@nestjs/swagger';

/** A field-level validation failure. */
export class FieldErrorDto {
  /** Dotted path of the offending field. */
  field!: string;
  message!: string;
}

/**
 * RFC 9457 problem details as ChargeOps sends them (DESIGN §6). The spec's enum of `code` (every
 * module's codes) is added by src/openapi.ts: common/ may not import the modules' errors files.
 *
 * Besides the core members, a problem carries the extension members its code names (the extras of
 * each `new AppException(…)`); each is listed here, optional, naming the codes that send it. A new
 * extras member is declared here too: clients type problem bodies from this schema, and
 * test/openapi-contract.spec.ts compares this list with the members the sources throw.
 */
export class ProblemDetailsDto {
  /** A URI identifying the problem type, or `about:blank`. */
  type!: string;
  /** Short, human-readable summary of the status, e.g. `Not Found`. */
  title!: string;
  /** The HTTP status code. */
  status!: number;
  /** What went wrong with this request, in words. */
  detail!: string;
  /** The request path. */
  instance!: string;
  /** Stable machine code, e.g. `LEAD_INVALID_TRANSITION`; one of the listed values. */
  code!: string;
  /** Correlates with the server's logs. */
  requestId!: string;
  /**
   * Each offending field: on `VALIDATION_FAILED` and the other 400s that name a field
   * (`INVALID_CURSOR`, `LEAD_IMPORT_INVALID_FILE`, `WEBHOOK_URL_NOT_ALLOWED`), and on 422
   * `IMAGE_UNDECODABLE` and `IMAGE_TOO_LARGE`.
   */
  errors?: FieldErrorDto[];

  /** `<RESOURCE>_PRECONDITION_FAILED` (412, If-Match names an older version): the current version; `W/"<currentVersion>"` is the ETag to send. */
  @ApiPropertyOptional({ type: 'integer' })
  currentVersion?: number;

  /** `LEAD_EXTERNAL_REF_CONFLICT`: the id of the lead first received with this `externalRef`. */
  @ApiPropertyOptional({ format: 'uuid' })
  leadId?: string;
  /** `LEAD_DUPLICATE`: the id of the open lead with the same phone and pincode. */
  @ApiPropertyOptional({ format: 'uuid' })
  duplicateOf?: string;
  /** `LEAD_INVALID_TRANSITION`: the lead's status; `ASSIGNMENT_INVALID_TRANSITION`: the assignment's status. */
  from?: string;
  /** `LEAD_INVALID_TRANSITION`: the status asked for; `ASSIGNMENT_INVALID_TRANSITION`: the assignment status asked for. */
  to?: string;
  /** `LEAD_INVALID_TRANSITION`: the statuses a manual transition may reach from `from` (may be empty). */
  allowed?: string[];
  /** `SURVEY_LEAD_NOT_READY`, `INSTALLATION_LEAD_NOT_READY`, `CLOSURE_PACK_LEAD_NOT_READY`: the lead's current status. */
  leadStatus?: string;

  /** `SURVEY_INVALID_TRANSITION`, `INSTALLATION_SURVEY_NOT_APPROVED`: the survey's current status. */
  surveyStatus?: string;
  /** `INSTALLATION_INVALID_TRANSITION`: the installation's current status. */
  installationStatus?: string;
  /** `SURVEY_INVALID_TRANSITION`, `INSTALLATION_INVALID_TRANSITION`: the action refused. */
  action?: string;
  /** `SURVEY_INVALID_TRANSITION`, `INSTALLATION_INVALID_TRANSITION`: the actions the current status allows (may be empty). */
  allowedActions?: string[];
  /** `INSTALLATION_INVALID_TRANSITION`: the statuses `POST /installations/{id}/transitions` may reach from the current one. */
  allowedTargets?: string[];
  /** `INSTALLATION_EXISTS`: the survey that already has an installation, human-readable (`SRV-2026-000123`). */
  surveyId?: string;
  /** `INSTALLATION_NOT_RESCHEDULABLE`: whether the completed installation has a report. */
  reportSubmitted?: boolean;
  /** `INSTALLATION_NOT_READY`: what confirming still waits for, of `materialReady`, `customerConfirmed`, `primaryAssignmentAccepted`. */
  missing?: string[];

  /** `SLOT_TAKEN`, `TEAM_INACTIVE`: the team. */
  @ApiPropertyOptional({ format: 'uuid' })
  teamId?: string;
  /** `SLOT_TAKEN`, `SLOT_IN_PAST`: the slot's date, `YYYY-MM-DD` (India). */
  @ApiPropertyOptional({ format: 'date' })
  date?: string;
  /** `SLOT_TAKEN`, `SLOT_IN_PAST`: the slot's time of day, e.g. `09-12`. */
  timeSlot?: string;
  /** `TEAM_HAS_OPEN_JOBS`: how many open surveys and installations the team is assigned to. */
  @ApiPropertyOptional({ type: 'integer' })
  openAssignments?: number;

  /** `UPLOAD_TOO_LARGE`, `LEAD_IMPORT_TOO_LARGE` (a file over the size limit): the limit, in bytes. */
  @ApiPropertyOptional({ type: 'integer' })
  limitBytes?: number;
  /** `LEAD_IMPORT_TOO_LARGE` (a file with too many rows): the most rows an import takes. */
  @ApiPropertyOptional({ type: 'integer' })
  limitRows?: number;
  /** `UPLOAD_TYPE_NOT_ALLOWED`: the media type sniffed from the content (`application/octet-stream` when unrecognised). */
  detectedType?: string;
  /** `UPLOAD_TYPE_NOT_ALLOWED`: the media types accepted here. */
  allowedTypes?: string[];
  /** `IMAGE_TOO_LARGE`: the most pixels (width × height) an image may have. */
  @ApiPropertyOptional({ type: 'integer' })
  maxPixels?: number;
  /** `IMAGE_TOO_LARGE`: the most bytes an image may take once decoded. */
  @ApiPropertyOptional({ type: 'integer' })
  maxDecodedBytes?: number;
  /** `IMAGE_TOO_LARGE`: the image's width in pixels, when it could be read. */
  @ApiPropertyOptional({ type: 'integer' })
  width?: number;
  /** `IMAGE_TOO_LARGE`: the image's height in pixels, when it could be read. */
  @ApiPropertyOptional({ type: 'integer' })
  height?: number;

  /**
   * `FILE_PURGED` (410): the file the retention policy deleted; `CLOSURE_PACK_FILE_UNREADABLE`,
   * `CLOSURE_PACK_FILE_UNAVAILABLE`: the stored file at fault, when one is.
   */
  @ApiPropertyOptional({ format: 'uuid' })
  fileId?: string;
  /** `CLOSURE_PACK_FILE_UNREADABLE`, `CLOSURE_PACK_FILE_UNAVAILABLE`: the file's path in the pack, when one is at fault. */
  file?: string;
  /** `CLOSURE_PACK_FILE_UNREADABLE`, `CLOSURE_PACK_FILE_UNAVAILABLE`: why the pack could not be built, e.g. `CLOSURE_PACK_FILE_MISSING`, `CLOSURE_PACK_FILE_CORRUPT`. */
  reason?: string;
  /** `RANGE_NOT_SATISFIABLE` (416): the file's size in bytes. */
  @ApiPropertyOptional({ type: 'integer' })
  sizeBytes?: number;

  /** `SERVICE_UNAVAILABLE` from the health routes: each indicator's result by name (`database`, `storage`), as `{ status, … }`. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  details?: Record<string, unknown>;
}
