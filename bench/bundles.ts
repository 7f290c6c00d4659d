/**
 * `npm run bench:bundles [-- --runs R] [--cdk-out DIR] [--only Name,Name] [--keep]`
 *
 * Lambda packaging, from the synthesized assets: synthesizes the app into a temporary directory
 * (`cdk synth --quiet -o`, or reads an existing one with --cdk-out) and, for every
 * `AWS::Lambda::Function` of its templates, finds the asset folder, measures the JS entry file,
 * its source map and any other files shipped (the CJK font), and times the module initialisation
 * of the bundle: a fresh `node` imports it R times (default 7, round-robin over the functions),
 * with the environment the deployed function would have (its template variables with references
 * made plausible, AWS_REGION, the function name, dummy credentials) and only `@aws-sdk/*` beside it,
 * as in the Lambda runtime. Network use during the import is blocked and reported. The container-image
 * function (OCR) is listed, not measured.
 *
 * Targets (issue 9, item 2): JS ≤ 300 KB and module init ≤ 100 ms per function, OCR aside.
 * Prints a table; writes bench/out/bundles.json and bench/out/bundles.md. `measureBundles` is the
 * same thing for another script (the umbrella bench), with `bundlesMarkdown` for its report.
 */
import { execFile, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { median } from './stats';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KB = 1024;

/** The issue's targets: per function, the OCR container aside. */
export const BUNDLE_TARGETS = { jsKB: 300, initMs: 100 } as const;

export interface MeasureBundlesOptions {
  /** Imports per function (default 7); the median is the figure. */
  runs?: number;
  /** A synthesized cloud assembly to read instead of synthesizing one. */
  cdkOut?: string;
  /** Only these functions (names as printed, or logical ids). */
  only?: string[];
  /** Keep the temporary assembly and staging folders (their paths are in the report). */
  keep?: boolean;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

export interface ShippedFile {
  path: string;
  bytes: number;
}

export interface FunctionBundle {
  /** From the construct path: `Intake`, `Api/Api-seller`, `StatementJob/Batch`. */
  name: string;
  logicalId: string;
  stack: string;
  constructPath?: string;
  kind: 'zip' | 'image';
  /** kind === 'image': the OCR function, listed, not measured. */
  containerImage: boolean;
  handler?: string;
  runtime?: string;
  memoryMb: number;
  architectures: string[];
  asset?: string;
  /** The handler's module file, e.g. index.mjs. */
  entry?: string;
  jsBytes?: number;
  mapBytes?: number;
  /** Shipped beside the code: neither the entry nor a source map (fonts, say). */
  otherBytes?: number;
  otherFiles?: ShippedFile[];
  /** Each run's `await import()` of the entry, ms. */
  initMs?: number[];
  initMsMedian?: number;
  initMaxMs?: number;
  /** CPU time of the import (user + system, every thread), median, ms: steadier on a busy machine. */
  initCpuMedianMs?: number;
  /** The `@aws-sdk/*` packages the bundle imports statically (external: the runtime provides them). */
  sdkImports?: string[];
  /** Those packages alone, imported the same way in a fresh `node`: median, ms. */
  sdkInitMedianMs?: number;
  /** Process start to the handler resolved (Node's own start-up included), median, ms. */
  readyMedianMs?: number;
  /** Resident memory after the import, median, MB. */
  rssMedianMB?: number;
  handlerResolved?: boolean;
  /** Connections (tcp/udp) attempted during the import: none expected. */
  networkAtImport?: string[];
  error?: string;
  /** Both targets met (measured functions only); `meets` says which. */
  meetsTargets?: boolean;
  meets?: { size: boolean; init: boolean };
  note?: string;
}

export interface BundleReport {
  generatedAt: string;
  machine: { node: string; platform: string; cpu: string; cores: number; loadAverageAtStart: number };
  runs: number;
  cdkOut: string;
  synthSeconds?: number;
  measureSeconds: number;
  targets: typeof BUNDLE_TARGETS;
  functions: FunctionBundle[];
  summary: { functions: number; measured: number; meetingTargets: number; over: string[]; failed: string[] };
  notes: string[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface CfnResource {
  Type: string;
  Properties?: Record<string, Json>;
  Metadata?: Record<string, Json>;
}
interface Template {
  Resources?: Record<string, CfnResource>;
}

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';

/** A plausible value for a template reference (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`). */
function plausible(value: Json, template: Template, stack: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || Array.isArray(value)) return 'bench-placeholder';
  const pseudo: Record<string, string> = {
    'AWS::Region': REGION,
    'AWS::AccountId': ACCOUNT,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': stack,
    'AWS::StackId': `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/${stack}/bench`,
  };
  const ref = (id: string): string => {
    if (pseudo[id]) return pseudo[id];
    const type = template.Resources?.[id]?.Type ?? '';
    const name = `${stack}-${id}`;
    if (type === 'AWS::S3::Bucket') return name.toLowerCase().slice(0, 63);
    if (type === 'AWS::StepFunctions::StateMachine')
      return `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${id}`;
    if (type === 'AWS::SNS::Topic') return `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`;
    if (type === 'AWS::SQS::Queue') return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;
    return name;
  };
  if ('Ref' in value && typeof value.Ref === 'string') return ref(value.Ref);
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt)) {
    const [id, attr] = getAtt.map(String);
    const service = (template.Resources?.[id ?? '']?.Type ?? 'AWS::bench::x').split('::')[1]?.toLowerCase();
    return attr === 'Arn'
      ? `arn:aws:${service}:${REGION}:${ACCOUNT}:${ref(id ?? '')}`
      : `${ref(id ?? '')}-${attr}`;
  }
  const join = value['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1]))
    return join[1].map((p) => plausible(p, template, stack)).join(String(join[0]));
  const sub = value['Fn::Sub'];
  if (sub !== undefined) {
    const [text, vars] = Array.isArray(sub) ? [String(sub[0]), sub[1]] : [String(sub), undefined];
    return text.replace(/\$\{([^}]+)\}/g, (_, k: string) => {
      const v = vars && typeof vars === 'object' && !Array.isArray(vars) ? vars[k] : undefined;
      return v !== undefined ? plausible(v, template, stack) : ref(k.split('.')[0] ?? k);
    });
  }
  return 'bench-placeholder';
}

/** What the Lambda runtime sets, plus the function's own variables; nothing from this shell. */
function lambdaEnvironment(fn: FunctionBundle, vars: Record<string, string>, taskRoot: string) {
  const functionName = `${fn.stack}-${fn.logicalId}`.slice(0, 64);
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime ?? 'nodejs'}`,
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: '2026/01/01/[$LATEST]0123456789abcdef0123456789abcdef',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000',
    _AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129',
    _AWS_XRAY_DAEMON_PORT: '2000',
    _HANDLER: fn.handler ?? 'index.handler',
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    // Dummy credentials: clients are built at import, nothing may be signed or sent then.
    AWS_ACCESS_KEY_ID: 'ASIABENCHBENCHBENCH0',
    AWS_SECRET_ACCESS_KEY: 'bench/secret/bench/secret/bench/secret/00',
    AWS_SESSION_TOKEN: 'bench-session-token',
    ...vars,
  };
}

/**
 * Run in a fresh `node` per measurement: blocks and records connections, then times the import of
 * the bundle's entry and the lookup of its handler export (argv: entry URL, export name).
 */
const PROBE = `
import net from 'node:net';
import dgram from 'node:dgram';
const attempts = [];
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const o = Array.isArray(args[0]) ? args[0][0] : args[0];
  attempts.push('tcp ' + (o && typeof o === 'object' ? (o.path ?? (o.host ?? 'localhost') + ':' + o.port) : String(o) + (typeof args[1] === 'string' ? ':' + args[1] : '')));
  process.nextTick(() => this.destroy(new Error('network blocked while timing the import (bench/bundles.ts)')));
  return this;
};
dgram.Socket.prototype.send = function (...args) {
  attempts.push('udp ' + args.filter((a) => typeof a === 'string' || typeof a === 'number').join(':'));
  const cb = args.find((a) => typeof a === 'function');
  if (cb) process.nextTick(cb, new Error('network blocked'));
};
void connect;
const [url, name] = process.argv.slice(1);
let mod;
let error;
const c0 = process.cpuUsage();
const t0 = performance.now();
try {
  mod = await import(url);
} catch (e) {
  error = String((e && e.stack) || e).split('\\n').slice(0, 4).join(' | ');
}
const h = mod && (mod[name] ?? (mod.default && mod.default[name]));
const t1 = performance.now();
const cpu = process.cpuUsage(c0);
const rss = process.memoryUsage().rss;
// A call started at import (a promise left running) shows up here, after the clock stopped.
await new Promise((r) => setTimeout(r, 15));
process.stdout.write('\\n@@bench@@' + JSON.stringify({ initMs: t1 - t0, cpuMs: (cpu.user + cpu.system) / 1000, readyMs: t1, rss, handler: typeof h, attempts, error }) + '\\n');
process.exit(0);
`;

interface ProbeResult {
  initMs: number;
  cpuMs: number;
  readyMs: number;
  rss: number;
  handler: string;
  attempts: string[];
  error?: string;
}

function probe(entry: string, exportName: string, env: Record<string, string>, cwd: string) {
  return new Promise<ProbeResult>((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', PROBE, '--', pathToFileURL(entry).href, exportName],
      { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', fail);
    child.on('close', (code, signal) => {
      const line = out.split('\n').find((l) => l.startsWith('@@bench@@'));
      if (!line) {
        fail(new Error(`node exited ${code ?? signal} before reporting: ${err.trim().slice(-500)}`));
        return;
      }
      done(JSON.parse(line.slice('@@bench@@'.length)) as ProbeResult);
    });
  });
}

function walk(dir: string): ShippedFile[] {
  const files: ShippedFile[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath, e.name);
    files.push({ path: relative(dir, full), bytes: statSync(full).size });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** `ManagedAdmission/Api/Api-seller/Fn/Resource` → `Api/Api-seller`. */
function readableName(stack: string, logicalId: string, cdkPath: string | undefined): string {
  if (!cdkPath) return logicalId;
  const parts = cdkPath.split('/');
  if (parts[0] === stack) parts.shift();
  if (parts.at(-1) === 'Resource') parts.pop();
  if (parts.length > 1 && parts.at(-1) === 'Fn') parts.pop();
  return parts.join('/') || logicalId;
}

async function synthesize(log: (l: string) => void): Promise<{ dir: string; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-bundles-cdk-'));
  const t = performance.now();
  log(`synthesizing into ${dir} …`);
  try {
    await promisify(execFile)('npx', ['cdk', 'synth', '--quiet', '-o', dir], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
      maxBuffer: 64 * 2 ** 20,
    });
  } catch (e) {
    const x = e as { stderr?: string; message: string };
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`cdk synth failed: ${(x.stderr ?? x.message).trim().slice(-2000)}`);
  }
  return { dir, seconds: (performance.now() - t) / 1000 };
}

/** Every Lambda function of the assembly's templates, with its files measured (not yet timed). */
function listFunctions(cdkOut: string): { fn: FunctionBundle; env: Record<string, string> }[] {
  const found: { fn: FunctionBundle; env: Record<string, string> }[] = [];
  for (const file of readdirSync(cdkOut)
    .filter((f) => f.endsWith('.template.json'))
    .sort()) {
    const stack = file.slice(0, -'.template.json'.length);
    const template = JSON.parse(readFileSync(join(cdkOut, file), 'utf8')) as Template;
    for (const [logicalId, res] of Object.entries(template.Resources ?? {})) {
      if (res.Type !== 'AWS::Lambda::Function') continue;
      const p = res.Properties ?? {};
      const code = (p.Code ?? {}) as Record<string, Json>;
      const cdkPath = res.Metadata?.['aws:cdk:path'];
      const image = code.ImageUri !== undefined || p.PackageType === 'Image';
      const fn: FunctionBundle = {
        name: readableName(stack, logicalId, typeof cdkPath === 'string' ? cdkPath : undefined),
        logicalId,
        stack,
        ...(typeof cdkPath === 'string' ? { constructPath: cdkPath } : {}),
        kind: image ? 'image' : 'zip',
        containerImage: image,
        ...(typeof p.Handler === 'string' ? { handler: p.Handler } : {}),
        ...(typeof p.Runtime === 'string' ? { runtime: p.Runtime } : {}),
        memoryMb: typeof p.MemorySize === 'number' ? p.MemorySize : 128,
        architectures: Array.isArray(p.Architectures) ? p.Architectures.map(String) : ['x86_64'],
      };
      const vars: Record<string, string> = {};
      const variables = (p.Environment as { Variables?: Record<string, Json> } | undefined)?.Variables;
      for (const [k, v] of Object.entries(variables ?? {})) vars[k] = plausible(v, template, stack);
      if (fn.kind === 'image') {
        fn.note = 'container image, OCR aside';
        found.push({ fn, env: vars });
        continue;
      }
      const assetMeta = res.Metadata?.['aws:asset:path'];
      const key = typeof code.S3Key === 'string' ? code.S3Key.replace(/\.zip$/, '') : undefined;
      const asset = typeof assetMeta === 'string' ? assetMeta : key ? `asset.${key}` : undefined;
      const dir = asset ? join(cdkOut, asset) : undefined;
      if (!asset || !dir || !existsSync(dir) || !statSync(dir).isDirectory()) {
        fn.error = `no asset folder for ${logicalId} (${asset ?? 'inline code?'})`;
        found.push({ fn, env: vars });
        continue;
      }
      fn.asset = asset;
      const handler = fn.handler ?? 'index.handler';
      const base = handler.slice(0, handler.lastIndexOf('.'));
      const entry = ['.mjs', '.js', '.cjs'].map((x) => `${base}${x}`).find((f) => existsSync(join(dir, f)));
      const files = walk(dir);
      if (!entry) fn.error = `no ${base}.mjs/.js/.cjs in ${asset}`;
      else fn.entry = entry;
      fn.jsBytes = files.find((f) => f.path === entry)?.bytes ?? 0;
      fn.mapBytes = files.filter((f) => extname(f.path) === '.map').reduce((n, f) => n + f.bytes, 0);
      fn.otherFiles = files.filter((f) => f.path !== entry && extname(f.path) !== '.map');
      fn.otherBytes = fn.otherFiles.reduce((n, f) => n + f.bytes, 0);
      found.push({ fn, env: vars });
    }
  }
  return found;
}

export async function measureBundles(opts: MeasureBundlesOptions = {}): Promise<BundleReport> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const runs = Math.max(1, Math.floor(opts.runs ?? 7));
  const load = loadavg()[0] as number;
  const synth = opts.cdkOut ? undefined : await synthesize(log);
  const cdkOut = opts.cdkOut ? resolve(opts.cdkOut) : (synth?.dir as string);
  const stage = mkdtempSync(join(tmpdir(), 'bench-bundles-run-'));
  const t = performance.now();
  try {
    let listed = listFunctions(cdkOut);
    if (opts.only?.length) {
      const only = new Set(opts.only);
      listed = listed.filter(({ fn }) => only.has(fn.name) || only.has(fn.logicalId));
    }
    // Each bundle is copied into a folder of its own where only @aws-sdk/* resolves (the runtime's
    // SDK there, this project's here): anything else the bundle failed to include fails to import.
    const sdk = join(PROJECT_ROOT, 'node_modules', '@aws-sdk');
    mkdirSync(join(stage, 'node_modules'), { recursive: true });
    if (existsSync(sdk)) symlinkSync(sdk, join(stage, 'node_modules', '@aws-sdk'), 'dir');
    const jobs = listed.flatMap(({ fn, env }) => {
      if (fn.kind !== 'zip' || !fn.entry || !fn.asset) return [];
      const root = join(stage, fn.logicalId);
      cpSync(join(cdkOut, fn.asset), root, { recursive: true });
      const handler = fn.handler ?? 'index.handler';
      return [
        {
          fn,
          entry: join(root, fn.entry),
          exportName: handler.slice(handler.lastIndexOf('.') + 1),
          env: lambdaEnvironment(fn, env, root),
          root,
          results: [] as ProbeResult[],
        },
      ];
    });
    // The SDK packages alone, once per distinct set: how much of each init is the SDK's.
    const sets = new Map<string, { entry: string; env: Record<string, string>; results: ProbeResult[] }>();
    for (const job of jobs) {
      const text = readFileSync(job.entry, 'utf8');
      const sdk = [
        ...new Set(
          // Import statements only (at a statement's start): the bundled SDK's own messages quote
          // `import "@aws-sdk/signature-v4-crt"` for the optional CRT signers.
          [
            ...text.matchAll(
              /(?:^|[;}\n])\s*(?:import\s*(?:[\w$*{][^;"'`]*?\bfrom\s*)?|export\s*[*{][^;"'`]*?\bfrom\s*)["'](@aws-sdk\/[^"']+)["']/g,
            ),
          ].map((m) => m[1] as string),
        ),
      ].sort();
      job.fn.sdkImports = sdk;
      const key = sdk.join(' ');
      if (sdk.length === 0 || sets.has(key)) continue;
      const entry = join(stage, `sdk-${sets.size}.mjs`);
      writeFileSync(
        entry,
        `${sdk.map((m) => `import '${m}';`).join('\n')}\nexport const handler = () => {};\n`,
      );
      // With the environment of the first function importing this set (its NODE_OPTIONS too).
      sets.set(key, { entry, env: job.env, results: [] });
    }
    log(`timing ${jobs.length} bundles and ${sets.size} SDK baselines × ${runs} imports …`);
    for (let r = 0; r < runs; r++) {
      for (const job of jobs) {
        if (job.fn.error) continue;
        try {
          job.results.push(await probe(job.entry, job.exportName, job.env, job.root));
        } catch (e) {
          job.fn.error = (e as Error).message;
        }
      }
      for (const set of sets.values()) {
        try {
          set.results.push(await probe(set.entry, 'handler', set.env, stage));
        } catch (e) {
          log(`  SDK baseline ${set.entry}: ${(e as Error).message}`);
        }
      }
      log(`  run ${r + 1}/${runs}`);
    }
    for (const { fn, results } of jobs) {
      if (results.length === 0) continue;
      const failed = results.find((x) => x.error);
      if (failed?.error) fn.error = `import failed: ${failed.error}`;
      fn.initMs = results.map((x) => Math.round(x.initMs * 10) / 10);
      fn.initMsMedian = Math.round(median(fn.initMs) * 10) / 10;
      fn.initMaxMs = Math.max(...fn.initMs);
      fn.initCpuMedianMs = Math.round(median(results.map((x) => x.cpuMs)) * 10) / 10;
      const set = sets.get((fn.sdkImports ?? []).join(' '));
      if (set?.results.length)
        fn.sdkInitMedianMs = Math.round(median(set.results.map((x) => x.initMs)) * 10) / 10;
      fn.readyMedianMs = Math.round(median(results.map((x) => x.readyMs)) * 10) / 10;
      fn.rssMedianMB = Math.round(median(results.map((x) => x.rss)) / 2 ** 20);
      fn.handlerResolved = results.every((x) => x.handler === 'function');
      if (!fn.handlerResolved && !fn.error) fn.error = `${fn.handler} is not a function export`;
      fn.networkAtImport = [...new Set(results.flatMap((x) => x.attempts))];
    }
    const functions = listed.map(({ fn }) => {
      if (fn.kind === 'zip' && fn.jsBytes !== undefined && fn.initMsMedian !== undefined && !fn.error) {
        const size = fn.jsBytes <= BUNDLE_TARGETS.jsKB * KB;
        const init = fn.initMsMedian <= BUNDLE_TARGETS.initMs;
        fn.meets = { size, init };
        fn.meetsTargets = size && init;
      }
      return fn;
    });
    const measured = functions.filter((f) => f.meets);
    const report: BundleReport = {
      generatedAt: new Date().toISOString(),
      machine: {
        node: process.version,
        platform: `${process.platform}/${process.arch}`,
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: availableParallelism(),
        loadAverageAtStart: load,
      },
      runs,
      cdkOut: opts.cdkOut || opts.keep ? cdkOut : '(temporary, removed)',
      ...(synth ? { synthSeconds: Math.round(synth.seconds * 10) / 10 } : {}),
      measureSeconds: Math.round((performance.now() - t) / 100) / 10,
      targets: BUNDLE_TARGETS,
      functions,
      summary: {
        functions: functions.length,
        measured: measured.length,
        meetingTargets: measured.filter((f) => f.meetsTargets).length,
        over: measured.filter((f) => !f.meetsTargets).map((f) => f.name),
        failed: functions.filter((f) => f.error).map((f) => f.name),
      },
      notes: [],
    };
    report.notes = notesFor(report);
    return report;
  } finally {
    if (opts.keep) log(`kept ${stage}${synth ? ` and ${synth.dir}` : ''}`);
    else {
      rmSync(stage, { recursive: true, force: true });
      if (synth) rmSync(synth.dir, { recursive: true, force: true });
    }
  }
}

const kb = (bytes: number | undefined) => (bytes === undefined ? '' : (bytes / KB).toFixed(0));

function notesFor(r: BundleReport): string[] {
  const zips = r.functions.filter((f) => f.kind === 'zip');
  const memory = [...new Set(zips.map((f) => f.memoryMb))].sort((a, b) => a - b);
  const sourceMaps = zips.some((f) => f.mapBytes);
  const notes = [
    `KB = 1,024 bytes. "JS" is the handler's entry file, the size target is on it; "map" is its source map${sourceMaps ? ' (shipped; with NODE_OPTIONS=--enable-source-maps, as the functions set it, Node reads it at import)' : ''}; "other" is every other file shipped beside them.`,
    `"init" is \`await import()\` of the entry plus the handler lookup in a fresh \`node\` (${r.machine.node} on ${r.machine.platform} here; the functions run ${[...new Set(zips.map((f) => f.runtime))].join(', ')} on ${[...new Set(zips.flatMap((f) => f.architectures))].join(', ')} with ${memory[0]}–${memory.at(-1)} MB, so figures on Lambda differ: compare runs on one machine). "max" is the slowest of the ${r.runs} runs, "cpu" the import's CPU time (median; steadier than wall time on a shared machine), "ready" the process's start to the handler resolved (Node's own start-up included).`,
  ];
  if (zips.some((f) => f.sdkImports?.length))
    notes.push(
      `"SDK" is the import of the same @aws-sdk/* packages alone in a fresh \`node\` (median): they are external to the bundles (the runtime provides them) and load file by file, as they would from the runtime's node_modules.`,
    );
  else
    notes.push(
      'No bundle imports @aws-sdk/* at run time: the SDK clients each function uses are bundled into its JS (the "SDK" column is empty), so its size and init include them.',
    );
  const shares = zips
    .filter((f) => f.sdkInitMedianMs !== undefined && f.initMsMedian)
    .map((f) => (f.sdkInitMedianMs as number) / (f.initMsMedian as number));
  if (shares.length > 0)
    notes.push(
      `The SDK packages alone take ${Math.round(median(shares) * 100)}% of the median function's init (${Math.round(Math.min(...shares) * 100)}–${Math.round(Math.max(...shares) * 100)}%).`,
    );
  const bySet = new Map<string, string[]>();
  for (const f of zips) {
    const key = (f.sdkImports ?? []).join(', ') || 'none';
    bySet.set(key, [...(bySet.get(key) ?? []), f.name]);
  }
  for (const [set, names] of bySet)
    notes.push(
      `${names.length === zips.length ? 'Every function' : names.join(', ')} imports at module scope: ${set}.`,
    );
  for (const f of r.functions) {
    if (f.kind === 'image')
      notes.push(`${f.name}: ${f.note}; its size and start-up are the OCR benchmark's business.`);
    if (f.networkAtImport?.length)
      notes.push(`${f.name}: attempted network at import (blocked): ${f.networkAtImport.join(', ')}`);
    if (f.error) notes.push(`${f.name}: ${f.error}`);
    for (const o of f.otherFiles ?? []) {
      if (/\.(otf|ttf|ttc)$/i.test(o.path))
        notes.push(
          `${f.name}: ${o.path} (${kb(o.bytes)} KB) is font data the function reads at run time to set Chinese text, not code. Subsetting it at build time is not possible: seller names, addresses and representatives are arbitrary Chinese text, so any of the ~30,000 ideographs may be needed (each document embeds only the subset it uses). Keeping it out of the zip would mean fetching it (S3) or mounting it (a layer, EFS) at cold start: the bytes move, they do not go away.`,
        );
    }
  }
  return notes;
}

const mark = (ok: boolean | undefined) => (ok === undefined ? '' : ok ? '✓' : '✗');

function rows(r: BundleReport): string[][] {
  return r.functions.map((f) =>
    f.kind === 'image'
      ? [f.name, String(f.memoryMb), '', '', '', '', '', '', '', '', f.note ?? '']
      : [
          f.name,
          String(f.memoryMb),
          kb(f.jsBytes),
          kb(f.mapBytes),
          kb(f.otherBytes),
          f.initMsMedian?.toFixed(1) ?? '',
          f.initMaxMs?.toFixed(1) ?? '',
          f.initCpuMedianMs?.toFixed(0) ?? '',
          f.sdkInitMedianMs?.toFixed(0) ?? '',
          f.readyMedianMs?.toFixed(0) ?? '',
          f.error
            ? `✗ ${f.error.slice(0, 60)}`
            : `${mark(f.meetsTargets)}${f.meets && !f.meetsTargets ? ` (${[f.meets.size ? '' : 'size', f.meets.init ? '' : 'init'].filter(Boolean).join(', ')})` : ''}`,
        ],
  );
}

const HEAD = [
  'function',
  'MB',
  'JS KB',
  'map KB',
  'other KB',
  'init ms',
  'max ms',
  'cpu ms',
  'SDK ms',
  'ready ms',
  'targets',
];

/** The console table. */
export function bundlesTable(r: BundleReport): string {
  const all = [HEAD, ...rows(r)];
  const widths = HEAD.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((c, i) =>
        i === 0 || i === row.length - 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0),
      )
      .join('  ');
  return [line(HEAD), line(widths.map((w) => '-'.repeat(w))), ...rows(r).map(line)].join('\n');
}

function summaryLine(r: BundleReport): string {
  const s = r.summary;
  return `${s.meetingTargets} of ${s.measured} measured functions meet both targets (JS ≤ ${r.targets.jsKB} KB, init median ≤ ${r.targets.initMs} ms; ${r.runs} runs each)${s.over.length ? `; over: ${s.over.length === s.measured ? 'every one' : s.over.join(', ')}` : ''}${s.failed.length ? `; failed: ${s.failed.join(', ')}` : ''}.`;
}

/** The report as Markdown (a section for the umbrella bench's report, too). */
export function bundlesMarkdown(r: BundleReport): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [
    '## Lambda packaging',
    '',
    `${r.generatedAt} · Node ${r.machine.node} · ${r.machine.cpu} × ${r.machine.cores} · load ${r.machine.loadAverageAtStart.toFixed(2)} at start${r.synthSeconds !== undefined ? ` · synth ${r.synthSeconds} s` : ''} · timing ${r.measureSeconds} s`,
    '',
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map((_, i) => (i === 0 || i === HEAD.length - 1 ? ' --- ' : ' ---: ')).join('|')}|`,
    ...rows(r).map((row) => `| ${row.map(esc).join(' | ')} |`),
    '',
    summaryLine(r),
    '',
    ...r.notes.map((n) => `- ${n}`),
    '',
    'Reproduce: `npm run bench:bundles` (or `-- --runs 15`, `-- --cdk-out cdk.out` to reuse a synthesized assembly).',
    '',
  ].join('\n');
}

/** Writes bundles.json and bundles.md; returns their paths. */
export function writeBundleReport(r: BundleReport, dir = join(PROJECT_ROOT, 'bench', 'out')): string[] {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'bundles.json');
  const md = join(dir, 'bundles.md');
  writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(md, bundlesMarkdown(r));
  return [json, md];
}

function parseArgs(argv: string[]): MeasureBundlesOptions {
  const o: MeasureBundlesOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--keep') {
      o.keep = true;
      continue;
    }
    if (a === '--runs' && v) o.runs = Math.max(1, Number.parseInt(v, 10));
    else if (a === '--cdk-out' && v) o.cdkOut = v;
    else if (a === '--only' && v) o.only = v.split(',');
    else continue;
    i++;
  }
  return o;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const report = await measureBundles(parseArgs(process.argv.slice(2)));
  console.log(bundlesTable(report));
  console.log(`\n${summaryLine(report)}`);
  for (const n of report.notes.slice(2)) console.log(`- ${n}`);
  for (const p of writeBundleReport(report)) console.log(`written ${p}`);
  if (report.summary.failed.length > 0) process.exitCode = 1;
}
