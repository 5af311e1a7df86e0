// The spectral-compression example's computation: a greyscale photograph kept
// as its largest DCT/FFT coefficients by @dsp/spectral-tensor, reconstructed,
// with the package's exact figures beside an independent dense check. The
// page runs it on the wasm backend; the e2e runs the same function in Node on
// the native backend and compares what the page shows.
import { DspError } from '@dsp/backend';
import { sst, type Basis } from '@dsp/spectral-tensor';

/** scikit-image's "camera", 256×256 8-bit grey (made by scripts/make-test-image.mjs). */
export const IMAGE_FILE = 'samples/camera-256.pgm';

export interface GreyImage {
  /** Row-major grey levels in [0, 1]. */
  data: Float32Array;
  shape: [height: number, width: number];
}

/** Reads a binary 8-bit PGM (P5): the header's three numbers, then one byte per pixel. */
export function parsePgm(bytes: Uint8Array, name: string): GreyImage {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(new TextDecoder('latin1').decode(bytes.subarray(0, 64)));
  if (!header) throw new DspError('E_INVALID_ARGUMENT', `image "${name}" is not a binary PGM (P5) file`);
  const [width, height, maxValue] = header.slice(1).map(Number) as [number, number, number];
  const start = header[0].length;
  if (maxValue < 1 || maxValue > 255 || width < 1 || height < 1 || bytes.length < start + width * height) {
    throw new DspError('E_INVALID_ARGUMENT', `image "${name}": ${width}×${height} with maximum ${maxValue} needs ${start + width * height} bytes of 8-bit PGM, got ${bytes.length}`);
  }
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = bytes[start + i]! / maxValue;
  return { data, shape: [height, width] };
}

/** How many coefficients to keep: a fraction of them, or the fewest meeting a relative error. */
export type Budget = 'keep' | 'maxError';

export interface CompressionInput {
  image: GreyImage;
  basis: Basis;
  budget: Budget;
  /** The fraction (keep) or the relative Frobenius error (maxError). */
  value: number;
}

export interface CompressionResult {
  reconstruction: Float32Array;
  /** Coefficients stored. */
  nnz: number;
  /** The image as float32 (4 bytes per pixel). */
  denseBytes: number;
  /** Values and int32 positions of the kept coefficients. */
  storedBytes: number;
  /** denseBytes / storedBytes: the true ratio. */
  compressRatio: number;
  /** toBytes({ fp16: true, deltaIndices: true }): header, LEB128 gaps, fp16 values, checksum. */
  serializedBytes: number;
  /** ‖x − x̂‖/‖x‖ as the package reports it (Parseval, computed while compressing). */
  relativeError: number;
  /** The same error measured on the reconstruction, in float64 over the pixels. */
  measuredError: number;
}

export function compressImage({ image, basis, budget, value }: CompressionInput): CompressionResult {
  const tensor = sst(image.data, image.shape, { basis, [budget]: value });
  try {
    const reconstruction = tensor.toSpatial() as Float32Array;
    let difference = 0;
    let energy = 0;
    for (let i = 0; i < reconstruction.length; i++) {
      const x = image.data[i]!;
      difference += (x - reconstruction[i]!) ** 2;
      energy += x * x;
    }
    return {
      reconstruction,
      nnz: tensor.nnz,
      denseBytes: tensor.denseBytes(),
      storedBytes: tensor.storedBytes(),
      compressRatio: tensor.compressRatio(),
      serializedBytes: tensor.toBytes({ fp16: true, deltaIndices: true }).length,
      relativeError: tensor.relativeError,
      measuredError: Math.sqrt(difference / energy),
    };
  } finally {
    // Its buffers count against MemoryManager until released; the page recomputes on every slider step.
    tensor.dispose();
  }
}
