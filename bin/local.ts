#!/usr/bin/env node
/**
 * npm start: the local platform. DynamoDB Local and s3rver (persistent under .local/store), the
 * synthesized state machine on the local runtime, sample applications, and an HTTP API of what
 * exists so far. Prints where everything is; Ctrl-C stops it all.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startApiServer } from '../local/http.js';
import { startEmulators, startPlatform } from '../local/platform.js';
import { loadSamples } from '../local/samples.js';

const storeDir = resolve(process.env.ADMISSION_STORE ?? '.local/store');
const emulators = await startEmulators({ storeDir });
const platform = await startPlatform({ emulators });
const samplesDir = mkdtempSync(join(tmpdir(), 'admission-samples-'));
const samples = await loadSamples(platform, samplesDir);
const api = await startApiServer(platform, Number(process.env.PORT ?? 0));

process.stdout.write(
  [
    'Local platform is up.',
    `  HTTP API        ${api.url}`,
    '    GET  /applications, /applications/{id}      POST /applications/{id}/review | lab-results | signature',
    '    POST /violations (JSON array), GET /violations/{uscc}      GET /rules, POST /rules (new version)',
    `  DynamoDB Local  ${emulators.dynamo.endpoint}  (table admission-local)`,
    `  S3 (s3rver)     ${emulators.s3.endpoint}  (bucket admission-documents-local)`,
    `  Store           ${storeDir}`,
    `  Samples         ${samples.map((s) => `${s.applicationId} (${s.status})`).join(', ')}`,
    '  Admit folders:  npm run --silent admit -- FOLDER... --store .local/store',
    'Ctrl-C to stop.',
    '',
  ].join('\n'),
);

const stop = async () => {
  await api.close();
  await platform.stop();
  await emulators.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
