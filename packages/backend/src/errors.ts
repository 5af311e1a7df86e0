/** Stable error codes: match on `err.code`, never on the message. */
export type DspErrorCode =
  | 'E_INVALID_ARGUMENT'
  | 'E_DTYPE'
  | 'E_SHAPE'
  | 'E_BACKEND_UNAVAILABLE'
  | 'E_NOT_READY'
  | 'E_MEMORY_LIMIT'
  | 'E_DISPOSED'
  | 'E_INTERNAL';

/** The one error type every @dsp package throws. */
export class DspError extends Error {
  readonly code: DspErrorCode;

  constructor(code: DspErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DspError';
    this.code = code;
  }
}

export function isDspError(e: unknown, code?: DspErrorCode): e is DspError {
  return e instanceof DspError && (code === undefined || e.code === code);
}

/** Status codes of the core's C ABI (native/dsp-capi/include/dsp_core.h). */
export const Status = {
  OK: 0,
  INVALID_ARGUMENT: 1,
  OUT_OF_MEMORY: 2,
  INVALID_HANDLE: 3,
  INTERNAL: 4,
  NON_FINITE: 5,
} as const;

/**
 * Turns a failed core call into a DspError. `what` names the operation and
 * `inputName` the user-facing parameter a non-finite input came from.
 */
export function statusError(status: number, detail: string, what: string, inputName = 'input'): DspError {
  switch (status) {
    case Status.NON_FINITE:
      return new DspError('E_INVALID_ARGUMENT', `${what}: ${inputName} contains NaN or Infinity; only finite values are accepted`);
    case Status.INVALID_ARGUMENT:
      return new DspError('E_INVALID_ARGUMENT', `${what}: ${detail}`);
    case Status.OUT_OF_MEMORY:
      return new DspError('E_MEMORY_LIMIT', `${what}: the core could not allocate its working memory (${detail})`);
    case Status.INVALID_HANDLE:
      return new DspError('E_DISPOSED', `${what}: the plan handle is no longer valid (${detail})`);
    default:
      return new DspError('E_INTERNAL', `${what}: internal error in the core (status ${status}): ${detail}`);
  }
}
