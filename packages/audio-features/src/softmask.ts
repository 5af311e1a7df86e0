import { checkOptions, checkSameDtype, checkThreads, DspError, describeValue, getBackend, kernelCall, allocate, type FloatArray } from '@dsp/backend';

import { checkFiniteSignal } from './validate.js';

export interface SoftmaskOptions {
  /** Exponent, > 0; Infinity gives the hard mask X > Xref (default 1). */
  power?: number;
  /** Where both inputs are (near) zero the mask is 0.5 instead of 0 (default false). */
  splitZeros?: boolean;
  backend?: string;
  threads?: number;
}

/**
 * A soft mask X^p / (X^p + Xref^p) (computed relative to max(X, Xref)),
 * equal to `librosa.util.softmask`. X and Xref are non-negative arrays of one
 * length and dtype (any layout, e.g. a magnitude spectrogram's data).
 */
export function softmask<T extends FloatArray>(X: T, Xref: T, opts?: SoftmaskOptions): T;
export function softmask(X: FloatArray, Xref: FloatArray, opts?: SoftmaskOptions): FloatArray {
  const fn = 'softmask';
  const o = checkOptions<SoftmaskOptions>(opts, ['power', 'splitZeros', 'backend', 'threads'], fn);
  const dtype = checkFiniteSignal(X, 'X', fn);
  checkFiniteSignal(Xref, 'Xref', fn);
  checkSameDtype(X, Xref, 'X', 'Xref', fn);
  if (X.length !== Xref.length) throw new DspError('E_SHAPE', `${fn}: X and Xref must have one length, got ${X.length} and ${Xref.length}`);
  for (const [a, name] of [[X, 'X'], [Xref, 'Xref']] as const) {
    const i = a.findIndex((v) => v < 0);
    if (i >= 0) throw new DspError('E_INVALID_ARGUMENT', `${fn}: ${name} must be non-negative, got ${a[i]} at index ${i}`);
  }
  const power = o.power ?? 1;
  if (typeof power !== 'number' || !(power > 0)) throw new DspError('E_INVALID_ARGUMENT', `${fn}: power must be a number > 0 (Infinity for a hard mask), got ${describeValue(power)}`);
  if (o.splitZeros !== undefined && typeof o.splitZeros !== 'boolean') throw new DspError('E_INVALID_ARGUMENT', `${fn}: splitZeros must be a boolean, got ${describeValue(o.splitZeros)}`);
  const backend = getBackend(o.backend);
  const threads = checkThreads(o.threads, fn);
  const out = allocate(dtype, X.length, fn);
  kernelCall(fn, 'X', () => backend.softmask(X, Xref, out, power, o.splitZeros ?? false, threads));
  return out;
}
