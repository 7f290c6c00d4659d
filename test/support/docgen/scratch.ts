import { extractDocument } from '../../../lambdas/extraction/index';
import { licencePdf, rng } from './index';
const licence = await licencePdf({ companyName: 'x公司', uscc: '91330782MA2ABCDE1X', legalRepresentative: '张三', establishedOn: '2019-01-01', validUntil: null });
const r = rng(42);
const times: Record<string, number[]> = { random: [], pdfwrapped: [], damaged: [] };
for (let i = 0; i < 20; i++) {
  const b = new Uint8Array(r.int(1, 2000)).map(() => r.int(0, 255));
  let t = performance.now(); await extractDocument({ type: 'business_licence', file: 'a.pdf', bytes: b }); times.random!.push(performance.now() - t);
  const w = new Uint8Array([...Buffer.from('%PDF-1.4\n', 'latin1'), ...b, ...Buffer.from('\n%%EOF\n', 'latin1')]);
  t = performance.now(); const res = await extractDocument({ type: 'business_licence', file: 'a.pdf', bytes: w }); times.pdfwrapped!.push(performance.now() - t);
}
for (let i = 0; i < 10; i++) {
  const damaged = licence.slice();
  for (let k = 0; k < 20; k++) damaged[r.int(0, damaged.length - 8)] = r.int(0, 255);
  const t = performance.now(); const res = await extractDocument({ type: 'business_licence', file: 'a.pdf', bytes: damaged }); times.damaged!.push(performance.now() - t);
  console.log('damaged', res.ok ? 'ok' : res.problem, Math.round(performance.now() - t));
}
for (const [k, v] of Object.entries(times)) console.log(k, v.map(Math.round).join(' '));
