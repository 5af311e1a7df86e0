import { describe, expect, it } from 'vitest';

import { binFrequency, fftfreq, fftshift, ifftshift, magnitude, phase, power, rfftfreq } from '../src/index.js';

describe('frequency helpers (numpy semantics)', () => {
  it('fftfreq and rfftfreq', () => {
    // numpy.fft.fftfreq(5, d=0.1) and (4, d=1)
    expect(Array.from(fftfreq(5, 0.1))).toEqual([0, 2, 4, -4, -2].map((v) => v));
    expect(Array.from(fftfreq(4))).toEqual([0, 0.25, -0.5, -0.25]);
    expect(Array.from(rfftfreq(4))).toEqual([0, 0.25, 0.5]);
    expect(Array.from(rfftfreq(5, 0.5))).toEqual([0, 0.4, 0.8]);
  });

  it('binFrequency reads rfft bins in Hz, with negative frequencies above n/2', () => {
    expect(binFrequency(0, 1024, 48000)).toBe(0);
    expect(binFrequency(1, 1024, 48000)).toBe(46.875);
    expect(binFrequency(512, 1024, 48000)).toBe(24000);
    expect(binFrequency(1023, 1024, 48000)).toBe(-46.875);
  });

  it('fftshift and ifftshift, 1-D, complex, and N-D over chosen axes', () => {
    const even = Float64Array.from([0, 1, 2, 3, 4, 5]);
    const odd = Float64Array.from([0, 1, 2, 3, 4]);
    expect(Array.from(fftshift(even))).toEqual([3, 4, 5, 0, 1, 2]);
    expect(Array.from(fftshift(odd))).toEqual([3, 4, 0, 1, 2]);
    expect(Array.from(ifftshift(odd))).toEqual([2, 3, 4, 0, 1]);
    expect(Array.from(ifftshift(fftshift(odd)))).toEqual([0, 1, 2, 3, 4]);
    // complex pairs move together
    expect(Array.from(fftshift(Float32Array.from([0, 10, 1, 11, 2, 12]), { complex: true }))).toEqual([2, 12, 0, 10, 1, 11]);
    // numpy.fft.fftshift(np.arange(6).reshape(2, 3)) == [[5, 3, 4], [2, 0, 1]]
    expect(Array.from(fftshift(Float64Array.from([0, 1, 2, 3, 4, 5]), { shape: [2, 3] }))).toEqual([5, 3, 4, 2, 0, 1]);
    expect(Array.from(fftshift(Float64Array.from([0, 1, 2, 3, 4, 5]), { shape: [2, 3], axes: [1] }))).toEqual([2, 0, 1, 5, 3, 4]);
  });

  it('magnitude, power and phase per complex bin', () => {
    const X = Float64Array.from([3, 4, -1, 0, 0, -2]);
    expect(Array.from(magnitude(X))).toEqual([5, 1, 2]);
    expect(Array.from(power(X))).toEqual([25, 1, 4]);
    expect(Array.from(phase(X))).toEqual([Math.atan2(4, 3), Math.PI, -Math.PI / 2]);
    const out = new Float32Array(1);
    expect(magnitude(Float32Array.from([6, 8]), { out })).toBe(out);
    expect(out[0]).toBe(10);
  });
});
