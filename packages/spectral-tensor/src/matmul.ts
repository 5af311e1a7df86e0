// A sparse spectral matrix times dense columns without materialising it.
// With W = T_mᴴ Ŵ T_nᴴ for the orthonormal transform T of each axis
// (F(AB) = F(A)(J/n)F(B) in unnormalised form), y = W x = T_mᴴ (Ŵ (T_nᴴ x)):
// for the DCT, Tᴴ = Tᵀ is the inverse DCT on the output and the forward DCT
// on x; for the DFT both are inverse DFTs.
import { allocate, type FloatArray } from '@dsp/backend';
import { ifftn } from '@dsp/fft';

import type { Layout } from './layout.js';
import type { Coefficients } from './sparse.js';
import { orthoDct, type RunOptions } from './transform.js';

export function matmulSpectral(layout: Layout, c: Coefficients, x: FloatArray, p: number, run: RunOptions): FloatArray {
  const [m, n] = layout.shape as [number, number];
  const o = { norm: 'ortho' as const, axes: [0], ...run };
  if (layout.basis === 'dct') {
    const xt = orthoDct(x, [n, p], [0], false, run);
    const z = allocate(layout.dtype, m * p, 'matmul');
    for (let k = 0; k < c.indices.length; k++) {
      const pos = c.indices[k]!;
      const i = Math.floor(pos / n);
      const j = pos - i * n;
      const w = c.values[k]!;
      for (let q = 0; q < p; q++) z[i * p + q] = z[i * p + q]! + w * xt[j * p + q]!;
    }
    return orthoDct(z, [m, p], [0], true, run, z);
  }
  const xc = allocate(layout.dtype, 2 * n * p, 'matmul');
  for (let i = 0; i < n * p; i++) xc[2 * i] = x[i]!;
  ifftn(xc, [n, p], { ...o, out: xc });
  const z = allocate(layout.dtype, 2 * m * p, 'matmul');
  for (let k = 0; k < c.indices.length; k++) {
    const pos = c.indices[k]!;
    const i = Math.floor(pos / n);
    const j = pos - i * n;
    const wr = c.values[2 * k]!;
    const wi = c.values[2 * k + 1]!;
    for (let q = 0; q < p; q++) {
      const xr = xc[2 * (j * p + q)]!;
      const xi = xc[2 * (j * p + q) + 1]!;
      z[2 * (i * p + q)] = z[2 * (i * p + q)]! + wr * xr - wi * xi;
      z[2 * (i * p + q) + 1] = z[2 * (i * p + q) + 1]! + wr * xi + wi * xr;
    }
  }
  ifftn(z, [m, p], { ...o, out: z });
  const y = allocate(layout.dtype, m * p, 'matmul');
  for (let i = 0; i < m * p; i++) y[i] = z[2 * i]!;
  return y;
}
