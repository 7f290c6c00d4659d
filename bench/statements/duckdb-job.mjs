// The statements job done by DuckDB, as a process of its own (so it is timed whole, start-up
// included, like the CLI): `node bench/statements/duckdb-job.mjs ORDERS.csv FEES.json PERIOD OUT THREADS`.
// Every line settling in the period with its fees (half to even per line on HUGEINT, never on
// floats), written per statement as CSV (COPY … PARTITION_BY applicationId, currency; DuckDB's
// JSON writer cannot partition, so no JSON and no PDF: less than the CLI writes),
// and the totals per statement printed on stdout as JSON, with the process's resource usage.
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [file, feesFile, period, out, threads] = process.argv.slice(2);
const fees = JSON.parse(readFileSync(feesFile, 'utf8'));
const rate = (text) => {
  const [int, frac = ''] = text.split('.');
  return [BigInt(`${int}${frac}`), 10n ** BigInt(frac.length)];
};
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const c = await instance.connect();
const values = fees
  .map((x) => {
    const [cn, cd] = rate(x.commissionRate);
    const [fn, fd] = rate(x.fulfilmentRate);
    return `('${x.applicationId}', ${cn}, ${cd}, ${fn}, ${fd}, ${x.settlementTermDays})`;
  })
  .join(',');
await c.run(
  `CREATE TABLE fees AS SELECT * FROM (VALUES ${values}) t(applicationId, cnum, cden, fnum, fden, term)`,
);
// Half to even on integers: truncate, then look at twice the remainder.
await c.run(`CREATE MACRO half_even(p, d) AS
  (p // d) + CASE
    WHEN abs(2 * (p % d)) > d THEN sign(p)
    WHEN abs(2 * (p % d)) = d AND (p // d) % 2 <> 0 THEN sign(p)
    ELSE 0 END`);
await c.run(`CREATE TABLE lines AS
  WITH o AS (
    SELECT o.orderId, o.applicationId, o.currency, o.kind, o.transactionDate,
      o.transactionDate + f.term AS settlementDate, o.amountMinor::HUGEINT AS a, f.cnum, f.cden, f.fnum, f.fden
    FROM read_csv('${file}', header = true, columns = {
      'orderId': 'VARCHAR', 'applicationId': 'VARCHAR', 'transactionDate': 'DATE', 'currency': 'VARCHAR',
      'amountMinor': 'BIGINT', 'kind': 'VARCHAR', 'vasCode': 'VARCHAR'}) o
    JOIN fees f ON f.applicationId = o.applicationId
    WHERE o.transactionDate + f.term BETWEEN DATE '${period}-01' AND last_day(DATE '${period}-01')
  ), l AS (
    SELECT orderId, applicationId, currency, transactionDate, settlementDate,
      CASE WHEN kind = 'vas' THEN 0 ELSE a END AS amountMinor,
      CASE WHEN kind = 'vas' THEN 0 ELSE half_even(a * cnum, cden) END AS commissionMinor,
      CASE WHEN kind = 'vas' THEN 0 ELSE half_even(a * fnum, fden) END AS fulfilmentMinor,
      CASE WHEN kind = 'vas' THEN a ELSE 0 END AS vasMinor
    FROM o
  )
  SELECT *, amountMinor - commissionMinor - fulfilmentMinor - vasMinor AS netMinor FROM l`);
const columns =
  'orderId, transactionDate, settlementDate, amountMinor, commissionMinor, fulfilmentMinor, vasMinor, netMinor, applicationId, currency';
await c.run(
  `COPY (SELECT ${columns} FROM lines) TO '${out}/csv' (FORMAT csv, HEADER, PARTITION_BY (applicationId, currency), OVERWRITE_OR_IGNORE)`,
);
const reader = await c.runAndReadAll(`
  SELECT applicationId, currency, count(*) AS lines, sum(amountMinor) AS gross, sum(commissionMinor) AS commission,
    sum(fulfilmentMinor) AS fulfilment, sum(vasMinor) AS vas, sum(netMinor) AS net
  FROM lines GROUP BY applicationId, currency ORDER BY applicationId, currency`);
const statements = reader.getRowObjectsJS().map((r) => ({
  applicationId: String(r.applicationId),
  currency: String(r.currency),
  lines: Number(r.lines),
  grossMinor: String(r.gross),
  commissionMinor: String(r.commission),
  fulfilmentMinor: String(r.fulfilment),
  vasMinor: String(r.vas),
  netMinor: String(r.net),
}));
c.closeSync();
instance.closeSync();
process.stdout.write(`${JSON.stringify({ statements, usage: process.resourceUsage() })}\n`);
