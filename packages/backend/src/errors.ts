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

/** The one error type every `@dsp` package throws. */
export class DspError extends Error {
  readonly code: DspErrorCode;
  /** The core's status code, when the error came from a kernel. */
  readonly status?: number;

  constructor(code: DspErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options);
    this.name = 'DspError';
    this.code = code;
    if (options?.status !== undefined) this.status = options.status;
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
  const o = { status };
  switch (status) {
    case Status.NON_FINITE:
      return new DspError('E_INVALID_ARGUMENT', nonFiniteMessage(what, inputName), o);
    case Status.INVALID_ARGUMENT:
      return new DspError('E_INVALID_ARGUMENT', `${what}: ${detail}`, o);
    case Status.OUT_OF_MEMORY:
      return new DspError('E_MEMORY_LIMIT', `${what}: the core could not allocate its working memory (${detail})`, o);
    case Status.INVALID_HANDLE:
      return new DspError('E_DISPOSED', `${what}: the plan handle is no longer valid (${detail})`, o);
    default:
      return new DspError('E_INTERNAL', `${what}: internal error in the core (status ${status}): ${detail}`, o);
  }
}

function nonFiniteMessage(fn: string, inputName: string): string {
  return `${fn}: ${inputName} contains NaN or Infinity; only finite values are accepted`;
}

/**
 * Runs a kernel call for the public function `fn`. Kernels learn of NaN or
 * Infinity only from their result, so the error they raise cannot name the
 * user's parameter; this re-words it with `fn` and `inputName`. Free when
 * nothing is thrown.
 */
export function kernelCall<T>(fn: string, inputName: string, call: () => T): T {
  try {
    return call();
  } catch (e) {
    if (e instanceof DspError && e.status === Status.NON_FINITE) {
      throw new DspError('E_INVALID_ARGUMENT', nonFiniteMessage(fn, inputName), { cause: e, status: e.status });
    }
    throw e;
  }
}
