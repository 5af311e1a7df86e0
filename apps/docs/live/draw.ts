// Canvas drawing for the examples: a spectrum line plot and spectrogram images
// through a perceptual colour map (anchors of viridis, interpolated).

const ANCHORS: readonly [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** 256 RGB triples, dark (low) to bright (high). */
const COLOR_TABLE: Uint8Array = (() => {
  const table = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const pos = (i / 255) * (ANCHORS.length - 1);
    const k = Math.min(ANCHORS.length - 2, Math.floor(pos));
    const f = pos - k;
    for (let c = 0; c < 3; c++) table[3 * i + c] = Math.round(ANCHORS[k]![c]! * (1 - f) + ANCHORS[k + 1]![c]! * f);
  }
  return table;
})();

function colorIndex(db: number, floorDb: number, ceilDb: number): number {
  const t = (db - floorDb) / (ceilDb - floorDb);
  return t <= 0 ? 0 : t >= 1 ? 255 : Math.round(t * 255);
}

function themeColor(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

/** A line plot of 20·log10(amplitude) against frequency, one column per pixel (the column's maximum). */
export function drawSpectrum(canvas: HTMLCanvasElement, amplitude: Float32Array, binHz: number, peakBin: number): void {
  const ctx = canvas.getContext('2d')!;
  const { width, height } = canvas;
  const floorDb = -120;
  const ceilDb = 10;
  ctx.fillStyle = themeColor('--vp-c-bg-soft', '#f6f6f7');
  ctx.fillRect(0, 0, width, height);
  const y = (db: number) => height - ((Math.max(floorDb, Math.min(ceilDb, db)) - floorDb) / (ceilDb - floorDb)) * height;
  ctx.strokeStyle = themeColor('--vp-c-divider', '#ccc');
  ctx.fillStyle = themeColor('--vp-c-text-2', '#666');
  ctx.font = '11px sans-serif';
  for (let db = floorDb + 20; db <= 0; db += 20) {
    ctx.beginPath();
    ctx.moveTo(0, y(db));
    ctx.lineTo(width, y(db));
    ctx.stroke();
    ctx.fillText(`${db} dB`, 4, y(db) - 2);
  }
  ctx.strokeStyle = themeColor('--vp-c-brand-1', '#3451b2');
  ctx.beginPath();
  const bins = amplitude.length;
  for (let px = 0; px < width; px++) {
    const from = Math.floor((px * bins) / width);
    const to = Math.max(from + 1, Math.floor(((px + 1) * bins) / width));
    let max = 0;
    for (let k = from; k < to && k < bins; k++) max = Math.max(max, amplitude[k]!);
    const py = y(20 * Math.log10(Math.max(max, 1e-12)));
    if (px === 0) ctx.moveTo(px, py);
    else ctx.lineTo(px, py);
  }
  ctx.stroke();
  const peakX = ((peakBin + 0.5) / bins) * width;
  ctx.fillStyle = '#d62728';
  ctx.beginPath();
  ctx.arc(peakX, y(20 * Math.log10(Math.max(amplitude[peakBin]!, 1e-12))), 4, 0, 2 * Math.PI);
  ctx.fill();
  ctx.fillStyle = themeColor('--vp-c-text-2', '#666');
  ctx.fillText(`0 Hz`, 4, height - 4);
  const nyquist = `${((bins - 1) * binHz).toFixed(0)} Hz`;
  ctx.fillText(nyquist, width - ctx.measureText(nyquist).width - 4, height - 4);
}

/**
 * A frame-major dB spectrogram as an image: time left to right, frequency
 * bottom to top, each pixel the maximum of the cells it covers.
 */
export interface AxisLabels {
  /** Frequency of the bottom row, of the top row, and the time at the right edge, as text. */
  low: string;
  high: string;
  end: string;
}

export function drawSpectrogram(canvas: HTMLCanvasElement, db: Float32Array, nFrames: number, nBins: number, ceilDb: number, labels: AxisLabels, rangeDb = 80): void {
  const ctx = canvas.getContext('2d')!;
  const { width, height } = canvas;
  const image = ctx.createImageData(width, height);
  const floorDb = ceilDb - rangeDb;
  for (let px = 0; px < width; px++) {
    const f0 = Math.floor((px * nFrames) / width);
    const f1 = Math.max(f0 + 1, Math.floor(((px + 1) * nFrames) / width));
    for (let py = 0; py < height; py++) {
      const b0 = Math.floor(((height - 1 - py) * nBins) / height);
      const b1 = Math.max(b0 + 1, Math.floor(((height - py) * nBins) / height));
      let max = -Infinity;
      for (let f = f0; f < f1 && f < nFrames; f++) for (let b = b0; b < b1 && b < nBins; b++) max = Math.max(max, db[f * nBins + b]!);
      const c = 3 * colorIndex(max, floorDb, ceilDb);
      const o = 4 * (py * width + px);
      image.data[o] = COLOR_TABLE[c]!;
      image.data[o + 1] = COLOR_TABLE[c + 1]!;
      image.data[o + 2] = COLOR_TABLE[c + 2]!;
      image.data[o + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
  ctx.font = '11px sans-serif';
  ctx.fillStyle = '#fff';
  ctx.fillText(labels.high, 4, 12);
  ctx.fillText(labels.low, 4, height - 4);
  ctx.fillText(labels.end, width - ctx.measureText(labels.end).width - 4, height - 4);
}

/** A spectrogram that scrolls: each new frame becomes the rightmost column. */
export class ScrollingSpectrogram {
  readonly #ctx: CanvasRenderingContext2D;
  readonly #column: ImageData;
  readonly #rangeDb: number;

  constructor(canvas: HTMLCanvasElement, rangeDb = 90) {
    this.#ctx = canvas.getContext('2d')!;
    this.#column = this.#ctx.createImageData(1, canvas.height);
    this.#rangeDb = rangeDb;
    this.#ctx.fillStyle = `rgb(${COLOR_TABLE[0]}, ${COLOR_TABLE[1]}, ${COLOR_TABLE[2]})`;
    this.#ctx.fillRect(0, 0, canvas.width, canvas.height);
  }

  /** Draws one frame of dB values, its colours relative to `ceilDb`. */
  push(frame: Float32Array, ceilDb: number): void {
    const ctx = this.#ctx;
    const { width, height } = ctx.canvas;
    ctx.drawImage(ctx.canvas, 1, 0, width - 1, height, 0, 0, width - 1, height);
    const data = this.#column.data;
    const nBins = frame.length;
    for (let py = 0; py < height; py++) {
      const b0 = Math.floor(((height - 1 - py) * nBins) / height);
      const b1 = Math.max(b0 + 1, Math.floor(((height - py) * nBins) / height));
      let max = -Infinity;
      for (let b = b0; b < b1 && b < nBins; b++) max = Math.max(max, frame[b]!);
      const c = 3 * colorIndex(max, ceilDb - this.#rangeDb, ceilDb);
      data[4 * py] = COLOR_TABLE[c]!;
      data[4 * py + 1] = COLOR_TABLE[c + 1]!;
      data[4 * py + 2] = COLOR_TABLE[c + 2]!;
      data[4 * py + 3] = 255;
    }
    ctx.putImageData(this.#column, width - 1, 0);
  }
}

/** Greyscale images (values in [0, 1], clipped) side by side, each with its caption. */
export function drawGreyImages(canvas: HTMLCanvasElement, images: readonly { data: Float32Array; caption: string }[], width: number, height: number): void {
  const ctx = canvas.getContext('2d')!;
  canvas.width = images.length * width;
  canvas.height = height;
  const pixels = ctx.createImageData(width, height);
  images.forEach(({ data, caption }, panel) => {
    for (let i = 0; i < width * height; i++) {
      const v = Math.round(Math.min(1, Math.max(0, data[i]!)) * 255);
      pixels.data.set([v, v, v, 255], 4 * i);
    }
    ctx.putImageData(pixels, panel * width, 0);
    ctx.font = '12px sans-serif';
    ctx.fillStyle = 'rgba(0, 0, 0, 0.6)';
    ctx.fillRect(panel * width, height - 20, ctx.measureText(caption).width + 12, 20);
    ctx.fillStyle = '#fff';
    ctx.fillText(caption, panel * width + 6, height - 6);
  });
}
