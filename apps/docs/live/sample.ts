// The bundled sample, synthesised at build time instead of shipped as a binary:
// an arpeggio of plucked notes with harmonics (A3 C#4 E4 A4), a rising chirp
// under it and a few clicks — lines, a sweep and broadband events to look at.
export const SAMPLE_RATE = 22050;
export const SAMPLE_FILE = 'samples/arpeggio.wav';

export function synthesizeSample(seconds = 3, sampleRate = SAMPLE_RATE): Float32Array {
  const n = Math.round(seconds * sampleRate);
  const y = new Float32Array(n);
  const notes = [220, 277.18, 329.63, 440];
  const noteLength = seconds / notes.length;
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    const index = Math.min(notes.length - 1, Math.floor(t / noteLength));
    const local = t - index * noteLength;
    let v = 0;
    for (let h = 1; h <= 5; h++) v += (Math.sin(2 * Math.PI * notes[index]! * h * local) / h) * Math.exp(-local * (2 + h));
    // A chirp from 1 kHz to 6 kHz, quiet.
    const f0 = 1000;
    const rate = 5000 / seconds;
    v += 0.08 * Math.sin(2 * Math.PI * (f0 * t + (rate * t * t) / 2));
    // Clicks every 0.5 s: decaying impulses.
    const sinceClick = t % 0.5;
    if (sinceClick < 0.002) v += 0.6 * Math.exp(-sinceClick * 3000) * (i % 2 === 0 ? 1 : -1);
    y[i] = 0.5 * v;
  }
  return y;
}
