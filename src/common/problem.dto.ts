/** A field-level validation failure. */
export class FieldErrorDto {
  /** Dotted path of the offending field. */
  field!: string;
  message!: string;
}

/**
 * RFC 9457 problem details as ChargeOps sends them (DESIGN §6). The spec's enum of `code` (every
 * module's codes) is added by src/openapi.ts: common/ may not import the modules' errors files.
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
  /** Present on validation failures. */
  errors?: FieldErrorDto[];
}
