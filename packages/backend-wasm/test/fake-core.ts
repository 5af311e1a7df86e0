// Hand-assembled WebAssembly modules that look like the core from outside,
// for loader tests that need a wrong ABI version or missing exports.

function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

/**
 * A module exporting `memory` and, for each entry of `functions`, a
 * parameterless function returning that constant (JS ignores extra arguments).
 */
export function fakeCore(functions: Record<string, number>): Uint8Array {
  const names = Object.keys(functions);
  const types = section(1, [1, 0x60, 0, 1, 0x7f]);
  const funcs = section(3, [...uleb(names.length), ...names.map(() => 0)]);
  const memory = section(5, [1, 0, 1]);
  const exports = section(7, [
    ...uleb(names.length + 1),
    ...name('memory'), 2, 0,
    ...names.flatMap((n, i) => [...name(n), 0, ...uleb(i)]),
  ]);
  const bodies = names.map((n) => {
    const body = [0, 0x41, ...sleb(functions[n]!), 0x0b];
    return [...uleb(body.length), ...body];
  });
  const code = section(10, [...uleb(names.length), ...bodies.flat()]);
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...funcs, ...memory, ...exports, ...code]);
}

/** Every function the loader requires, returning harmless values. */
export const CORE_FUNCTIONS: Record<string, number> = {
  dsp_abi_version: 4,
  dsp_last_error: 0,
  dsp_available_threads: 1,
  dsp_alloc: 1024,
  dsp_free: 0,
  dsp_fft_plan_new: 0,
  dsp_fft_plan_free: 0,
  dsp_fft_plan_execute: 0,
  dsp_fftn_c2c: 0,
  dsp_rfftn: 0,
  dsp_irfftn: 0,
  dsp_dctn: 0,
  dsp_window: 0,
  dsp_stft: 0,
  dsp_istft: 0,
  dsp_nufft_plan_new: 0,
  dsp_nufft_plan_free: 0,
  dsp_nufft_set_points: 0,
  dsp_nufft_len: 0,
  dsp_nufft_execute: 0,
  dsp_spectral_top_k: 0,
  dsp_convolve_direct: 0,
  dsp_vqt_frames: 0,
  dsp_vqt: 0,
  dsp_filterbank_apply: 0,
  dsp_hpss: 0,
  dsp_hpss_signal: 0,
  dsp_softmask: 0,
  dsp_yin: 0,
  dsp_pyin: 0,
};
