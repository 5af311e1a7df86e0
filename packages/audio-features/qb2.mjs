import { readWavFloat32, readNpy } from '@dsp/backend/testing';
import { initBackend } from '@dsp/backend';
import '@dsp/backend-native';
import '@dsp/backend-wasm';
import { stft, istft } from '@dsp/stft';
import { hpss, yin, pyin } from './dist/index.js';
const y = readWavFloat32('/work/shared/fixtures/librosa/piano_blues_midi/audio.wav').data;
for (const backend of (process.argv[2] ?? 'native,wasm').split(',')) {
  await initBackend(backend);
  const S = stft(y, { backend });
  const time = (name, f) => {
    f();
    const ts = [];
    for (let i = 0; i < 5; i++) { const c0 = process.cpuUsage(); f(); const c = process.cpuUsage(c0); ts.push((c.user + c.system) / 1000); }
    ts.sort((a, b) => a - b);
    console.log(backend, name, 'cpu', ts[2].toFixed(2), 'ms');
  };
  const threads = 1;
  time('stft', () => stft(y, { backend, threads }));
  time('hpss', () => hpss(S, { backend, threads }));
  time('istft', () => istft(S, { backend, threads, length: y.length }));
  time('yin', () => yin(y, { fmin: 50, fmax: 2000, backend, threads }));
  time('pyin', () => pyin(y, { fmin: 65.40639132514966, fmax: 2093.004522404789, backend, threads }));
}
