# The ExtractDocument Lambda as a container image: the Chinese + English OCR engine (tesseract.js
# with the chi_sim 4.0.0 and eng 4.0.0_best_int data), sharp and @napi-rs/canvas for arm64, and
# pdfjs with its CMaps. Built by `cdk deploy` from the project root; `cdk synth` only stages the
# context.
FROM public.ecr.aws/docker/library/node:22-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --omit=dev \
 && npm install --no-save --ignore-scripts esbuild@0.28.2
COPY lambdas ./lambdas
COPY config ./config
RUN npx esbuild lambdas/steps/extract-document/handler.ts --bundle --platform=node --target=node22 \
      --format=esm --outfile=dist/index.mjs --sourcemap --minify \
      --external:@aws-sdk/* --external:tesseract.js --external:@tesseract.js-data/* \
      --external:sharp --external:@napi-rs/canvas --external:pdfjs-dist \
      --banner:js="import { createRequire } from 'module';const require = createRequire(import.meta.url);"

FROM public.ecr.aws/lambda/nodejs:22
COPY --from=build /src/node_modules ${LAMBDA_TASK_ROOT}/node_modules
COPY --from=build /src/dist/ ${LAMBDA_TASK_ROOT}/
CMD ["index.handler"]
