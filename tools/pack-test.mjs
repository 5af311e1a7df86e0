#!/usr/bin/env node
// Installs the packages the way users get them: `pnpm pack` every publishable
// package, install the tarballs into an empty project outside the workspace,
// and run a call of each domain package there on both backends, from ESM and from CJS.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['backend', 'backend-native', 'backend-wasm', 'fft', 'stft', 'nufft', 'spectral-tensor', 'audio-features'];
const packDir = join(root, '.pack');
rmSync(packDir, { recursive: true, force: true });
mkdirSync(packDir);

const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

for (const p of PACKAGES) sh('pnpm', ['pack', '--pack-destination', packDir], join(root, 'packages', p));
const tarballs = readdirSync(packDir).filter((f) => f.endsWith('.tgz')).map((f) => join(packDir, f));

const project = mkdtempSync(join(tmpdir(), 'dsp-pack-test-'));
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'dsp-pack-test', private: true, version: '1.0.0' }));
sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], project);

// The same check in both module systems: an 8-point FFT of an impulse at
// index 1 is e^{-2πik/8}; compare with that analytic answer.
const check = `
  const out = [];
  const expectBins = (X) => {
    for (let k = 0; k < 8; k++) {
      const re = Math.cos((2 * Math.PI * k) / 8);
      const im = -Math.sin((2 * Math.PI * k) / 8);
      if (Math.abs(X[2 * k] - re) > 1e-6 || Math.abs(X[2 * k + 1] - im) > 1e-6) return false;
    }
    return true;
  };
  const first = await dsp.ready();
  out.push(['ready() picks native', first.name === 'native']);
  for (const backend of ['native', 'wasm']) {
    await dsp.setBackend(backend);
    for (const Arr of [Float32Array, Float64Array]) {
      const x = new Arr(16);
      x[2] = 1;
      out.push([backend + ' fft ' + Arr.name, expectBins(dsp.fft(x))]);
    }
    let code = '';
    try { dsp.fft(new Float64Array(3)); } catch (e) { code = e.code; }
    out.push([backend + ' DspError code', code === 'E_SHAPE']);
    // Two boxcar frames of ones: DC = 8, every other bin 0.
    const S = stftPkg.stft(new Float32Array(16).fill(1), { nFft: 8, hopLength: 8, center: false, window: 'boxcar', backend });
    out.push([backend + ' stft', S.shape[0] === 2 && S.shape[1] === 5 && S.data[0] === 8 && S.data[10] === 8 && Math.abs(S.data[2]) < 1e-6]);
    // One unit strength at x = 0: every mode is exactly e^0 = 1 (to eps).
    const F = nufftPkg.nufft1d1(new Float64Array([0]), new Float64Array([1, 0]), 8, { eps: 1e-9, backend });
    out.push([backend + ' nufft1d1', F.length === 16 && F.every((v, i) => Math.abs(v - (i % 2 === 0 ? 1 : 0)) < 1e-9)]);
    // A constant is one DCT coefficient: kept exactly, stored in 8 bytes; [1, 2] * [1, 1] = [1, 3, 2].
    const T = sstPkg.sst(new Float64Array(64).fill(2), [8, 8], { k: 1, backend });
    out.push([backend + ' sst', T.nnz === 1 && T.relativeError < 1e-12 && T.storedBytes() === 12 && Math.abs(T.toSpatial()[63] - 2) < 1e-12]);
    const C = sstPkg.fftConvolve(Float64Array.of(1, 2), [2], Float64Array.of(1, 1), [2], { backend });
    out.push([backend + ' fftConvolve', [1, 3, 2].every((v, i) => Math.abs(C.data[i] - v) < 1e-12)]);
    // A 440 Hz tone is pitch class A (9) in every frame of its chromagram.
    const tone = Float32Array.from({ length: 22050 }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / 22050));
    const chroma = featuresPkg.chromaCqt(tone, { tuning: 0, backend });
    const t = chroma.shape[0] >> 1;
    out.push([backend + ' chromaCqt', chroma.shape[1] === 12 && chroma.data[t * 12 + 9] === 1]);
    // yin of a 441 Hz tone at 22050 Hz (a 50-sample period): 441 Hz in the middle frames.
    const tone441 = Float64Array.from({ length: 8192 }, (_, i) => Math.sin((2 * Math.PI * 441 * i) / 22050));
    const f0 = featuresPkg.yin(tone441, { fmin: 100, fmax: 1000, backend });
    out.push([backend + ' audio-features yin', f0.length === 17 && Math.abs(f0[8] - 441) < 0.5]);
  }
  for (const [name, ok] of out) console.log((ok ? 'ok ' : 'FAIL ') + name);
`;
// The packages the check reads, by the name it uses for each.
const IMPORTS = [['dsp', '@dsp/fft'], ['stftPkg', '@dsp/stft'], ['nufftPkg', '@dsp/nufft'], ['sstPkg', '@dsp/spectral-tensor'], ['featuresPkg', '@dsp/audio-features']];
const esmImports = IMPORTS.map(([name, pkg]) => `import * as ${name} from '${pkg}';\n`).join('');
const cjsImports = IMPORTS.map(([name, pkg]) => `const ${name} = require('${pkg}');\n`).join('');
writeFileSync(join(project, 'esm.mjs'), `${esmImports}${check}`);
writeFileSync(join(project, 'cjs.cjs'), `${cjsImports}(async () => {\n${check}\n})().catch((e) => { console.log('FAIL ' + e.message); });`);

let passed = 0;
let failed = 0;
for (const [kind, file] of [['esm', 'esm.mjs'], ['cjs', 'cjs.cjs']]) {
  let output;
  try {
    output = sh('node', [file], project);
  } catch (e) {
    output = `FAIL ${kind} crashed: ${e.stderr || e.message}`;
  }
  for (const line of output.trim().split('\n')) {
    console.log(`[${kind}] ${line}`);
    if (line.startsWith('ok ')) passed++;
    else if (line.startsWith('FAIL')) failed++;
  }
}
rmSync(project, { recursive: true, force: true });
console.log(`pack-test: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
