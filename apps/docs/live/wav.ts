/**
 * Mono WAV bytes: 32-bit float (exact, what the site's bundled sample uses) or
 * 16-bit PCM (what Chromium's fake microphone reads).
 */
export function encodeWav(samples: Float32Array, sampleRate: number, format: 'float32' | 'int16'): Uint8Array {
  const bytesPerSample = format === 'float32' ? 4 : 2;
  const dataBytes = samples.length * bytesPerSample;
  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  const text = (offset: number, s: string) => {
    for (let i = 0; i < s.length; i++) bytes[offset + i] = s.charCodeAt(i);
  };
  text(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, format === 'float32' ? 3 : 1, true); // 3: IEEE float, 1: PCM
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * bytesPerSample, true);
  view.setUint16(32, bytesPerSample, true);
  view.setUint16(34, 8 * bytesPerSample, true);
  text(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    if (format === 'float32') view.setFloat32(44 + 4 * i, samples[i]!, true);
    else view.setInt16(44 + 2 * i, Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32767))), true);
  }
  return bytes;
}
