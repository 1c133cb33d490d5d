/** The stable codes of {@link ClosurePackError}. */
export type ClosurePackErrorCode =
  | 'CLOSURE_PACK_UNSAFE_PATH'
  | 'CLOSURE_PACK_DUPLICATE_PATH'
  | 'CLOSURE_PACK_FILE_MISSING'
  | 'CLOSURE_PACK_FILE_CORRUPT'
  | 'CLOSURE_PACK_FILE_UNREADABLE'
  | 'CLOSURE_PACK_SIGNATURE_TOO_LARGE';

/**
 * Why a pack could not be built; `code` is stable, and `storageKey` names the stored file at fault
 * when one is. None of them is the API client's fault (data or storage went wrong).
 */
export class ClosurePackError extends Error {
  readonly storageKey: string | undefined;

  constructor(
    readonly code: ClosurePackErrorCode,
    message: string,
    options?: ErrorOptions & { storageKey?: string },
  ) {
    super(message, options);
    this.name = 'ClosurePackError';
    this.storageKey = options?.storageKey;
  }
}
