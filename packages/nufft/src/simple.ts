// One-call transforms (FINUFFT's simple interface): make a plan, set the
// points, execute, dispose. Inputs and outputs are interleaved complex;
// multi-dimensional modes are row-major (the last axis fastest).
import { DspError, checkOptions, dtypeOf, type FloatArray, type NufftType } from '@dsp/backend';
import { NufftPlan, type NufftTuning } from './plan.js';

export interface NufftCallOptions extends NufftTuning {
  /** Write the result here (the input's dtype, exactly the output's length). */
  out?: FloatArray;
}

const CALL_KEYS = ['eps', 'isign', 'modeOrder', 'kernel', 'sigma', 'm', 'kbBeta', 'batch', 'backend', 'threads', 'out'] as const;

function transform(fn: string, type: NufftType, modes: unknown, coords: FloatArray[], data: FloatArray, opts: NufftCallOptions | undefined): FloatArray {
  const { out, ...tuning } = checkOptions<NufftCallOptions>(opts, CALL_KEYS, fn);
  const dtype = dtypeOf(data, type === 2 ? 'f' : 'c', fn);
  const plan = new NufftPlan({ ...tuning, type, modes: modes as number[], dtype }, fn);
  try {
    plan.setPoints(...coords);
    return plan.execute(data, out);
  } finally {
    plan.dispose();
  }
}

/** Mode count of a 1-D type 2 input: f holds batch vectors of N complex values. */
function modesOf(f: FloatArray, opts: NufftCallOptions | undefined, fn: string): number {
  dtypeOf(f, 'f', fn);
  const batch = opts?.batch ?? 1;
  const per = typeof batch === 'number' && batch >= 1 ? f.length / (2 * batch) : NaN;
  if (!Number.isInteger(per) || per < 1) {
    throw new DspError('E_SHAPE', `${fn}: f must hold batch (${String(batch)}) vectors of N ≥ 1 interleaved complex modes, got ${f.length} numbers`);
  }
  return per;
}

/** Type 1, 1-D: f_k = Σ_j c_j e^{±i k x_j} for nModes modes k. */
export function nufft1d1<T extends FloatArray>(x: T, c: T, nModes: number, opts?: NufftCallOptions): T {
  return transform('nufft1d1', 1, nModes, [x], c, opts) as T;
}

/** Type 2, 1-D: c_j = Σ_k f_k e^{±i k x_j}; the mode count is f.length / 2 (per batch vector). */
export function nufft1d2<T extends FloatArray>(x: T, f: T, opts?: NufftCallOptions): T {
  return transform('nufft1d2', 2, modesOf(f, opts, 'nufft1d2'), [x], f, opts) as T;
}

/** Type 3, 1-D: f_k = Σ_j c_j e^{±i s_k x_j} at arbitrary frequencies s. */
export function nufft1d3<T extends FloatArray>(x: T, c: T, s: T, opts?: NufftCallOptions): T {
  return transform('nufft1d3', 3, 1, [x, s], c, opts) as T;
}

/** Type 1, 2-D; the result is row-major [N1][N2]. */
export function nufft2d1<T extends FloatArray>(x: T, y: T, c: T, nModes: readonly [number, number], opts?: NufftCallOptions): T {
  return transform('nufft2d1', 1, nModes, [x, y], c, opts) as T;
}

/** Type 2, 2-D; f is row-major [N1][N2]. */
export function nufft2d2<T extends FloatArray>(x: T, y: T, f: T, nModes: readonly [number, number], opts?: NufftCallOptions): T {
  return transform('nufft2d2', 2, nModes, [x, y], f, opts) as T;
}

/** Type 3, 2-D: f_k = Σ_j c_j e^{±i (s_k x_j + t_k y_j)}. */
export function nufft2d3<T extends FloatArray>(x: T, y: T, c: T, s: T, t: T, opts?: NufftCallOptions): T {
  return transform('nufft2d3', 3, 2, [x, y, s, t], c, opts) as T;
}

/** Type 1, 3-D; the result is row-major [N1][N2][N3]. */
export function nufft3d1<T extends FloatArray>(x: T, y: T, z: T, c: T, nModes: readonly [number, number, number], opts?: NufftCallOptions): T {
  return transform('nufft3d1', 1, nModes, [x, y, z], c, opts) as T;
}

/** Type 2, 3-D; f is row-major [N1][N2][N3]. */
export function nufft3d2<T extends FloatArray>(x: T, y: T, z: T, f: T, nModes: readonly [number, number, number], opts?: NufftCallOptions): T {
  return transform('nufft3d2', 2, nModes, [x, y, z], f, opts) as T;
}

/** Type 3, 3-D: f_k = Σ_j c_j e^{±i (s_k x_j + t_k y_j + u_k z_j)}. */
export function nufft3d3<T extends FloatArray>(x: T, y: T, z: T, c: T, s: T, t: T, u: T, opts?: NufftCallOptions): T {
  return transform('nufft3d3', 3, 3, [x, y, z, s, t, u], c, opts) as T;
}
