/**
 * Detection input, as PP-OCR's DetResizeForTest (limit type `max`) and NormalizeImage: the page
 * scaled so its longer side is at most `limit` (detection time follows the pixel count), each side
 * rounded to a multiple of 32 (the network halves the size five times), then every channel scaled
 * to 0..1 and normalised with ImageNet's mean and standard deviation, channels first.
 *
 * PP-OCR reads images with OpenCV, in BGR order, and applies the mean/std lists in that order: the
 * models were trained so, and the tensor is built the same way here.
 */
import type { Raster } from './raster';

export const DET_MEAN = [0.485, 0.456, 0.406] as const;
export const DET_STD = [0.229, 0.224, 0.225] as const;

/** Width and height of the detection input: longer side ≤ limit, both multiples of 32 (at least 32). */
export function detSize(width: number, height: number, limit: number): { width: number; height: number } {
  const long = Math.max(width, height);
  const ratio = long > limit ? limit / long : 1;
  const round = (v: number) => Math.max(32, Math.round((v * ratio) / 32) * 32);
  return { width: round(width), height: round(height) };
}

/** The normalised NCHW (N = 1) tensor data of an RGB raster already at the detection size. */
export function detTensorData(image: Raster): Float32Array {
  const { width, height, data } = image;
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  // Tensor channel k holds BGR channel k (source channel 2 − k).
  const scale = DET_STD.map((s) => 1 / (255 * s));
  const shift = DET_MEAN.map((m, k) => m / (DET_STD[k] as number));
  for (let i = 0; i < plane; i++) {
    const p = i * 3;
    for (let k = 0; k < 3; k++) {
      out[k * plane + i] = (data[p + 2 - k] as number) * (scale[k] as number) - (shift[k] as number);
    }
  }
  return out;
}
