/**
 * The diagnostic report (问题诊断报告) as a bilingual PDF (SPEC "After admission"): the same facts
 * as the JSON report, drawn by the project's PDF writer, stored once per content and given as a
 * short-lived link like the agreement (the API answers JSON; the file is fetched from storage).
 */
import { createHash } from 'node:crypto';
import type { Container } from '../../adapters/container.js';
import type { SellerHealth } from '../../domain/governance/health.js';
import { PdfWriter } from '../../pdf/index.js';

const TIER = {
  GOOD: '良好 Good',
  WARNED: '警告 Warned',
  RESTRICTED: '限制 Restricted',
  BANNED: '封禁 Banned',
} as const;

type Report = SellerHealth & { companyName: string };

export async function renderHealthReportPdf(r: Report): Promise<Uint8Array> {
  const pdf = await PdfWriter.create({
    title: `问题诊断报告 Diagnostic report ${r.applicationId} ${r.asOf}`,
    author: 'managed-admission',
    // From the content, never "now": the same report renders to the same bytes.
    date: new Date(`${r.asOf}T00:00:00+08:00`),
  });
  pdf.text('问题诊断报告', { size: 18, align: 'center', after: 2 });
  pdf.text('Diagnostic report', { size: 12, align: 'center', grey: true, after: 14 });
  pdf.table(
    [
      ['商家 Seller', r.companyName],
      ['统一社会信用代码 USCC', r.uscc],
      ['申请 Application', r.applicationId],
      ['入驻日期 Admitted on', r.admittedOn],
      ['截至 As of (China)', r.asOf],
      [
        '健康分 Health score',
        `${r.healthScore} / 100${r.atRisk ? ` · 预警 at risk (< ${r.atRiskBelow})` : ''}`,
      ],
      ['处罚等级 Tier', TIER[r.tier]],
      ['账期 Settlement term', `T+${r.settlementTermDays}`],
      ['计入违规 Violations counted', String(r.violationsCounted)],
    ],
    { widths: [0.38, 0.62] },
  );
  pdf.heading('下架商品', 12).text('Delisted SKUs', { size: 10, grey: true, after: 6 });
  pdf.table(
    [
      ['商品 SKU', '可重新上架 Listed again from'],
      ...r.delistedSkus.map((d) => [
        d.sku,
        d.until ?? (r.tier === 'BANNED' ? '永久 never' : '待确认整改 after the fix is confirmed'),
      ]),
    ],
    { widths: [0.4, 0.6], header: true },
  );
  pdf.heading('违规记录', 12).text('Violations', { size: 10, grey: true, after: 6 });
  pdf.table(
    [
      ['日期 Date', '严重程度 Severity', '类型 Type', '商品 SKUs', '状态 Status'],
      ...r.violations.map((v) => [
        v.date,
        v.impact ?? v.severity,
        v.type ?? '',
        v.skus.join(', '),
        [
          v.voided ? '已撤销 voided' : v.counted ? '计入 counts' : '不计入 does not count',
          v.fixedOn ? `整改 fixed ${v.fixedOn}` : '',
          v.appealBy ? `申诉至 appeal by ${v.appealBy}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      ]),
    ],
    { widths: [0.16, 0.16, 0.22, 0.18, 0.28], header: true },
  );
  pdf.heading('神买抽检', 12).text('Spot checks', { size: 10, grey: true, after: 6 });
  pdf.table(
    [
      ['日期 Date', '商品 SKU', '结果 Result'],
      ...r.spotChecks.map((s) => [
        s.date,
        s.sku,
        `${s.passed ? '合格 passed' : '不合格 failed'}${s.findings.length ? ` (${s.findings.join(', ')})` : ''}`,
      ]),
    ],
    { widths: [0.25, 0.3, 0.45], header: true },
  );
  pdf.heading('待办事项', 12).text('What to do', { size: 10, grey: true, after: 6 });
  const day = (id: string) => r.violations.find((v) => v.violationId === id)?.date ?? id;
  for (const t of r.todo) {
    if (t.kind === 'confirm_fix')
      pdf.bilingual({
        zh: `整改商品 ${t.skus.join(', ')} 后确认整改，方可重新上架。`,
        en: `Fix ${t.skus.join(', ')} and confirm the fix to list it again.`,
      });
    else if (t.kind === 'appeal')
      pdf.bilingual({
        zh: `如有异议，请在 ${t.lastDay} 前对 ${day(t.violationId)} 的违规提交申诉（附证据）。`,
        en: `To contest the violation of ${day(t.violationId)}, appeal with evidence by ${t.lastDay}.`,
      });
    else if (t.kind === 'raise_score')
      pdf.bilingual({
        zh: `健康分 ${t.healthScore} 低于 ${t.atRiskBelow}：避免新的违规。`,
        en: `Score ${t.healthScore} is below ${t.atRiskBelow}: avoid further violations.`,
      });
    else
      pdf.bilingual({
        zh: '店铺已封禁，所有商品下架，账期延长。',
        en: 'Banned: every SKU delisted, the settlement term extended.',
      });
  }
  if (r.todo.length === 0) pdf.bilingual({ zh: '目前无需处理。', en: 'Nothing to do now.' });
  pdf.setFooter((page, pages) => `Diagnostic report · ${r.applicationId} · ${r.asOf} · ${page}/${pages}`);
  return pdf.save();
}

const LINK_SECONDS = 300;

/** Stores the report's PDF once per content and answers a short-lived link to it. */
export async function healthReportPdfLink(c: Container, report: Report) {
  const { generatedAt: _g, ...facts } = report as Report & { generatedAt?: string };
  const digest = createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 16);
  const key = `health-reports/${report.applicationId}/${report.asOf}-${digest}.pdf`;
  await c.documents.putIfAbsent(key, await renderHealthReportPdf(report), 'application/pdf');
  const contentType = 'application/pdf';
  return {
    url: await c.documents.presignGet(key, { expiresSeconds: LINK_SECONDS, contentType }),
    contentType,
    expiresAt: new Date(c.clock.now().getTime() + LINK_SECONDS * 1000).toISOString(),
  };
}
