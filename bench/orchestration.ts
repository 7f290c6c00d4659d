/**
 * `npm run bench:orchestration [-- --apps N] [--levels 1,2,4,8] [--distinct D] [--warmup W]`
 *
 * Throughput of the local pipeline against the raw work it needs, and the cost per application
 * on AWS priced from the same run's counts. Prints tables; writes bench/out/orchestration.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { costPerApplication } from './cost/model';
import { benchOrchestration, DEFAULT_ORCHESTRATION, type OrchestrationOptions } from './orchestration/run';
import { costTable, orchestrationTables } from './report/tables';

export function parseOrchestrationArgs(argv: string[]): OrchestrationOptions {
  const o = { ...DEFAULT_ORCHESTRATION };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1] ?? '';
    switch (argv[i]) {
      case '--apps':
        o.apps = Math.max(1, Number.parseInt(v, 10));
        break;
      case '--levels':
        o.levels = v.split(',').map((x) => Math.max(1, Number.parseInt(x, 10)));
        break;
      case '--distinct':
        o.distinct = Math.max(1, Number.parseInt(v, 10));
        break;
      case '--warmup':
        o.warmup = Math.max(0, Number.parseInt(v, 10));
        break;
      default:
        continue;
    }
    i++;
  }
  return o;
}

async function main(): Promise<void> {
  const options = parseOrchestrationArgs(process.argv.slice(2));
  const report = await benchOrchestration(options, (line) => console.error(line));
  const cost = costPerApplication(report.usage);
  console.log(orchestrationTables(report));
  console.log(costTable(cost));
  const out = join(dirname(fileURLToPath(import.meta.url)), 'out', 'orchestration.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ ...report, cost }, null, 2)}\n`);
  console.log(`written ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
