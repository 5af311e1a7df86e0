// @ts-check
// The Python peers: numpy.fft, scipy.fft and finufft in a virtualenv the bench makes
// on first use (apps/bench/.venv, pinned versions), timed by
// python/fft_bench.py in this same run. Any failure becomes a reason shown
// in the report; the rest of the run goes on.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { run, tail } from './spawn.mjs';

export const PINS = { numpy: '2.4.6', scipy: '1.17.1', finufft: '2.5.1' };

/** @typedef {{ unavailable: string }} Unavailable */

/**
 * @param {string} appDir apps/bench
 * @param {(line: string) => void} onLine
 * @returns {Promise<{ python: string } | Unavailable>}
 */
export async function setupPython(appDir, onLine) {
  const venv = join(appDir, '.venv');
  const python = join(venv, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
  if (!existsSync(python)) {
    const base = process.env.PYTHON ?? 'python3';
    onLine(`creating ${venv} with ${base}`);
    const made = await run(base, ['-m', 'venv', venv], { onLine });
    if (made.error || made.code !== 0) {
      return { unavailable: `${base} -m venv failed: ${made.error?.message ?? tail(made.stderr)} (install Python 3 with venv, or set PYTHON)` };
    }
  }
  const probe = await run(python, ['-c', 'import numpy, scipy, scipy.fft, finufft; print(numpy.__version__, scipy.__version__, finufft.__version__)']);
  if (probe.code === 0 && probe.stdout.trim() === `${PINS.numpy} ${PINS.scipy} ${PINS.finufft}`) return { python };
  onLine(`pip install numpy==${PINS.numpy} scipy==${PINS.scipy} finufft==${PINS.finufft}`);
  const pip = await run(
    python,
    ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', `numpy==${PINS.numpy}`, `scipy==${PINS.scipy}`, `finufft==${PINS.finufft}`],
    { onLine },
  );
  if (pip.error || pip.code !== 0) return { unavailable: `pip install numpy scipy finufft failed: ${pip.error?.message ?? tail(pip.stderr)}` };
  return { python };
}

/**
 * @typedef {{ library: string, dtype: string, kind: string, n: number, us: number, minUs: number, samples: number, batch: number, probeStride: number, probe: number[], computedAs?: string }} PythonRow
 * @param {string} python
 * @param {string} script
 * @param {{ sizes: number[], dtypes: string[], kinds: string[], budgetMs: number, probeBins: number }} options
 * @param {(line: string) => void} onLine
 * @returns {Promise<{ python: string, versions: Record<string, string>, results: PythonRow[] } | Unavailable>}
 */
export async function runPythonBench(python, script, { sizes, dtypes, kinds, budgetMs, probeBins }, onLine) {
  const args = [script, '--sizes', sizes.join(','), '--dtypes', dtypes.join(','), '--kinds', kinds.join(','), '--budget-ms', String(budgetMs), '--probe-bins', String(probeBins)];
  const result = await run(python, args, { onLine });
  if (result.error || result.code !== 0) return { unavailable: `fft_bench.py failed: ${result.error?.message ?? tail(result.stderr)}` };
  try {
    return JSON.parse(result.stdout);
  } catch {
    return { unavailable: `fft_bench.py printed no JSON: ${tail(result.stdout)}` };
  }
}
