/** The agreement as a bilingual PDF: the same issue record renders to the same bytes. */
import { PdfWriter } from '../pdf/index.js';
import { type AgreementInput, agreementContent } from './content.js';

export async function renderAgreementPdf(input: AgreementInput): Promise<Uint8Array> {
  const c = agreementContent(input);
  const pdf = await PdfWriter.create({
    title: `${c.title.zh} ${c.title.en} ${c.number}`,
    subject: `${c.appendixTitle.en}: ${input.feeSchedule.version}`,
    author: 'managed-admission',
    date: new Date(input.issuedAt),
  });
  pdf.text(c.title.zh, { size: 18, align: 'center', after: 2 });
  pdf.text(c.title.en, { size: 12, align: 'center', grey: true, after: 14 });
  pdf.table(
    c.facts.map(([label, value]) => [`${label.zh} ${label.en}`, value]),
    { widths: [0.32, 0.68] },
  );
  pdf.rule();
  for (const clause of c.clauses) pdf.bilingual(clause, { after: 8 });
  pdf
    .space(6)
    .text(
      "乙方签署 Seller's signature：以电子方式签署，签署记录见平台 / signed electronically; see the platform's signature record.",
      { size: 9, grey: true },
    );

  pdf.pageBreak();
  pdf.heading(c.appendixTitle.zh, 15).text(c.appendixTitle.en, { size: 11, grey: true, after: 10 });
  pdf.table(
    [
      ['项目 Item', '费率 / 标准 Rate', '说明 Notes'],
      ...c.fees.map(([item, rate, note]) => [
        `${item.zh}\n${item.en}`,
        rate,
        note.zh ? `${note.zh}\n${note.en}` : '',
      ]),
    ],
    { widths: [0.28, 0.25, 0.47], header: true },
  );
  pdf
    .heading('各类目履约服务费', 12)
    .text('Fulfilment service fee by category', { size: 10, grey: true, after: 6 });
  pdf.table(
    [
      ['类目 Category', '费率 Rate'],
      ...c.byCategory.map(([label, rate]) => [`${label.zh} ${label.en}`, rate]),
    ],
    { widths: [0.5, 0.5], header: true },
  );
  pdf.setFooter((page, pages) => `${c.title.en} · ${c.number} · ${page}/${pages}`);
  return pdf.save();
}
