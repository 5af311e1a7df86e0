// @ts-check
// librosa 0.11 for the features section, in its own virtualenv
// (apps/bench/.venv-librosa): librosa pins numba, which pins numpy, and the
// FFT section's venv keeps its own numpy and scipy pins.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { run, tail } from '../external/spawn.mjs';

export const LIBROSA_VERSION = '0.11.0';

/**
 * @param {string} appDir apps/bench
 * @param {(line: string) => void} onLine
 * @returns {Promise<{ python: string } | { unavailable: string }>}
 */
export async function setupLibrosa(appDir, onLine) {
  const venv = join(appDir, '.venv-librosa');
  const python = join(venv, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python');
  if (!existsSync(python)) {
    const base = process.env.PYTHON ?? 'python3';
    onLine(`creating ${venv} with ${base}`);
    const made = await run(base, ['-m', 'venv', venv], { onLine });
    if (made.error || made.code !== 0) return { unavailable: `${base} -m venv failed: ${made.error?.message ?? tail(made.stderr)} (install Python 3 with venv, or set PYTHON)` };
  }
  const probe = await run(python, ['-c', 'import librosa; print(librosa.__version__)']);
  if (probe.code === 0 && probe.stdout.trim() === LIBROSA_VERSION) return { python };
  onLine(`pip install librosa==${LIBROSA_VERSION}`);
  const pip = await run(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', `librosa==${LIBROSA_VERSION}`], { onLine });
  if (pip.error || pip.code !== 0) return { unavailable: `pip install librosa failed: ${pip.error?.message ?? tail(pip.stderr)}` };
  return { python };
}
