// @ts-check
// Ours: @dsp/fft on the native and the wasm backend, each through the plan
// (createFftPlan(...).forward(x, out): the headline) and through the one-shot
// call (fft / rfft with { out, backend }, which finds its plan in a cache).
// If a backend cannot load, its columns say why instead of stopping the run.
import { spectrumLength } from '../signal.mjs';
import { message } from './contender.mjs';
import { packageVersion } from './versions.mjs';

/** @typedef {import('./contender.mjs').Contender} Contender */
/** @typedef {import('../signal.mjs').FloatArray} FloatArray */

export const BACKENDS = /** @type {const} */ (['native', 'wasm']);

/** @param {'native' | 'wasm'} backend */
const describe = (backend) => [
  { id: `${backend}-plan`, label: `${backend} plan`, library: '@dsp/fft', api: `createFftPlan(n, { kind, dtype, backend: '${backend}' }).forward(x, out)` },
  { id: `${backend}-call`, label: `${backend} fft()`, library: '@dsp/fft', api: `fft(x, { out, backend: '${backend}' }) / rfft(x, { out, backend: '${backend}' })` },
];

/** @param {string} reason @param {'native' | 'wasm'} backend @returns {Contender[]} */
function unavailableBoth(reason, backend) {
  return describe(backend).map((d) => ({
    ...d,
    version: '',
    unavailable: reason,
    supports: () => reason,
    prepare: () => {
      throw new Error(reason);
    },
  }));
}

/** @returns {Promise<Contender[]>} */
export async function load() {
  /** @type {typeof import('@dsp/fft')} */
  let dsp;
  try {
    dsp = await import('@dsp/fft');
  } catch (e) {
    const reason = `@dsp/fft could not be imported (build it: pnpm --filter @dsp/fft... build): ${message(e)}`;
    return BACKENDS.flatMap((b) => unavailableBoth(reason, b));
  }
  /** @type {Record<string, string>} */
  const importErrors = {};
  for (const backend of BACKENDS) {
    try {
      await import(`@dsp/backend-${backend}`);
    } catch (e) {
      importErrors[backend] = `@dsp/backend-${backend} could not be imported: ${message(e)}`;
    }
  }
  const version = packageVersion('@dsp/fft');
  /** @type {Contender[]} */
  const contenders = [];
  for (const backend of BACKENDS) {
    let failure = importErrors[backend];
    if (!failure) {
      try {
        await dsp.initBackend(backend);
      } catch (e) {
        failure = message(e);
      }
    }
    if (failure) {
      contenders.push(...unavailableBoth(failure, backend));
      continue;
    }
    const [planInfo, callInfo] = describe(backend);
    contenders.push({
      .../** @type {NonNullable<typeof planInfo>} */ (planInfo),
      version,
      supports: () => null,
      prepare(dtype, kind, n, input) {
        const plan = dsp.createFftPlan(n, { kind, dtype, backend });
        /** @type {FloatArray} */
        const out = dtype === 'f32' ? new Float32Array(plan.outputLength) : new Float64Array(plan.outputLength);
        return { run: () => plan.forward(input, out), output: () => out, dispose: () => plan.dispose() };
      },
    });
    contenders.push({
      .../** @type {NonNullable<typeof callInfo>} */ (callInfo),
      version,
      supports: () => null,
      prepare(dtype, kind, n, input) {
        const len = spectrumLength(kind, n);
        const out = dtype === 'f32' ? new Float32Array(len) : new Float64Array(len);
        const options = { out, backend };
        const transform = kind === 'c2c' ? dsp.fft : dsp.rfft;
        return { run: () => transform(input, options), output: () => out };
      },
    });
  }
  return contenders;
}
