import { checkOneOf, checkOptions, checkThreads, getBackend, type Backend, type FftNorm, type FloatArray } from '@dsp/backend';

/** Options every transform accepts. */
export interface TransformOptions {
  /** numpy normalisation: 'backward' (default: 1/n on the inverse), 'ortho' (1/√n both ways), 'forward' (1/n on the forward). */
  norm?: FftNorm;
  /** Write the result here instead of a new array (same dtype, exact length). */
  out?: FloatArray;
  /** Run on this backend instead of the active one ('native' | 'wasm'). */
  backend?: string;
  /** 0 automatic (default), 1 serial, k at most k threads (native only). */
  threads?: number;
}

export const TRANSFORM_OPTIONS = ['norm', 'out', 'backend', 'threads'] as const;
const NORMS: readonly FftNorm[] = ['backward', 'ortho', 'forward'];

export interface ParsedOptions {
  norm: FftNorm;
  out: unknown;
  backend: Backend;
  threads: number;
}

/** Validates the shared options (plus `extra` keys the caller reads itself). */
export function parseOptions<O extends TransformOptions>(opts: unknown, fn: string, extra: readonly string[] = []): ParsedOptions & { raw: O } {
  const o = checkOptions<O>(opts, extra.length ? [...TRANSFORM_OPTIONS, ...extra] : TRANSFORM_OPTIONS, fn);
  return {
    norm: o.norm === undefined ? 'backward' : checkOneOf(o.norm, NORMS, 'norm', fn),
    out: o.out,
    backend: getBackend(o.backend),
    threads: checkThreads(o.threads, fn),
    raw: o,
  };
}

/** The factor numpy applies for `norm` to a transform over `count` points. */
export function normScale(norm: FftNorm, count: number, inverse: boolean): number {
  switch (norm) {
    case 'ortho':
      return 1 / Math.sqrt(count);
    case 'forward':
      return inverse ? 1 : 1 / count;
    default:
      return inverse ? 1 / count : 1;
  }
}
