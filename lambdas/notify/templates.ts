import type { EventType, NotificationEvent, Requirement } from '../ports/notifications.js';

/**
 * The email of each event, in the seller's language (zh default, en): the action and its deadline
 * first, then what happened, then a link into the portal. Plain text and HTML say the same.
 */
export type Language = 'zh' | 'en';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Deadlines are shown in China time, the program's clock. */
export function formatDeadline(iso: string, lang: Language): string {
  const t = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  const day = t.slice(0, 10);
  const time = t.slice(11, 16);
  return lang === 'zh' ? `${day} ${time}（北京时间）` : `${day} ${time} (China time)`;
}

interface Copy {
  subject: string;
  /** The first line: what to do (or that nothing is to be done) and by when. */
  action: string;
  /** What happened. */
  detail: string;
}

const REQ: Record<Requirement['kind'], Record<Language, (r: Requirement) => string>> = {
  sign_agreement: { zh: () => '签署入驻协议', en: () => 'sign the agreement' },
  reupload_document: {
    zh: (r) => `重新上传文件 ${r.document ?? ''}（${r.code ?? ''}）`,
    en: (r) => `upload ${r.document ?? 'the document'} again (${r.code ?? ''})`,
  },
  fix_field: {
    zh: (r) => `更正字段 ${r.field ?? ''}（${r.code ?? ''}）`,
    en: (r) => `correct the field ${r.field ?? ''} (${r.code ?? ''})`,
  },
  decide_review: { zh: () => '完成审核', en: () => 'decide the review' },
  post_lab_result: {
    zh: (r) => `提交样品 ${r.sku ?? ''} 的检测结果`,
    en: (r) => `post the result of sample ${r.sku ?? ''}`,
  },
};

function by(deadline: string | undefined, lang: Language): string {
  if (!deadline) return '';
  return lang === 'zh'
    ? `，截止 ${formatDeadline(deadline, lang)}`
    : `, by ${formatDeadline(deadline, lang)}`;
}

function requirementsLine(e: NotificationEvent, lang: Language): string {
  const reqs = e.data.requirements ?? [];
  const list = reqs.map((r) => REQ[r.kind][lang](r) + by(r.deadline, lang));
  return lang === 'zh' ? `请${list.join('；')}。` : `Please ${list.join('; ')}.`;
}

const noAction: Record<Language, string> = { zh: '无需操作。', en: 'Nothing to do.' };

function copyOf(e: NotificationEvent, lang: Language): Copy {
  const id = e.data.applicationId ?? '';
  const d = e.data;
  const zh = lang === 'zh';
  const codes = (d.reasons ?? []).map((r) => r.code).join(', ');
  const table: Record<EventType, () => Copy> = {
    'application.submitted': () => ({
      subject: zh ? `申请 ${id} 已提交` : `Application ${id} submitted`,
      action: noAction[lang],
      detail: zh
        ? `我们已收到申请 ${id}，审核开始。`
        : `We received application ${id}; the checks have started.`,
    }),
    'application.action_required': () => ({
      subject: zh ? `申请 ${id} 需要您处理` : `Action required on application ${id}`,
      action: requirementsLine(e, lang),
      detail: zh ? `申请 ${id} 在等待您的操作。` : `Application ${id} is waiting for you.`,
    }),
    'application.flagged_for_review': () => ({
      subject: zh ? `申请 ${id} 转人工审核` : `Application ${id} is with a reviewer`,
      action: noAction[lang],
      detail: zh
        ? `申请 ${id} 需人工复核${by(d.deadline, lang)}。`
        : `A reviewer looks at application ${id}${by(d.deadline, lang)}.`,
    }),
    'application.samples_booked': () => ({
      subject: zh ? `申请 ${id} 已预约验货` : `Samples of application ${id} booked`,
      action: zh
        ? `请将样品 ${(d.skus ?? []).join(', ')} 寄送至实验室 ${d.labId ?? ''}${by(d.deadline, lang)}。`
        : `Please send samples ${(d.skus ?? []).join(', ')} to lab ${d.labId ?? ''}${by(d.deadline, lang)}.`,
      detail: zh ? '检测结果出具后我们会通知您。' : 'We will tell you when the results are in.',
    }),
    'application.lab_result_posted': () => ({
      subject: zh ? `样品 ${d.sku ?? ''} 检测结果已出` : `Result posted for sample ${d.sku ?? ''}`,
      action: noAction[lang],
      detail: zh
        ? `样品 ${d.sku ?? ''} 第 ${d.attempt ?? 1} 次检测：${d.passed ? '通过' : '未通过'}。`
        : `Sample ${d.sku ?? ''}, attempt ${d.attempt ?? 1}: ${d.passed ? 'passed' : 'failed'}.`,
    }),
    'application.agreement_issued': () => ({
      subject: zh ? `申请 ${id} 的入驻协议待签署` : `Agreement for application ${id} ready to sign`,
      action: zh
        ? `请签署入驻协议${by(d.deadline, lang)}。`
        : `Please sign the agreement${by(d.deadline, lang)}.`,
      detail: zh
        ? `第 ${d.round ?? 1} 版协议已出具，逾期未签将失效。`
        : `Agreement round ${d.round ?? 1} is issued; it expires if not signed in time.`,
    }),
    'application.admitted': () => ({
      subject: zh ? `申请 ${id} 已通过，欢迎入驻` : `Application ${id} admitted`,
      action: noAction[lang],
      detail: zh ? '您的费率已生效。' : 'Your fee schedule is active.',
    }),
    'application.rejected': () => ({
      subject: zh ? `申请 ${id} 未通过` : `Application ${id} rejected`,
      action: zh ? '如有异议，可在门户中提起申诉。' : 'You may appeal in the portal.',
      detail: zh ? `原因：${codes}` : `Reasons: ${codes}`,
    }),
    'application.appeal_decided': () => ({
      subject: zh ? `申请 ${id} 的申诉已处理` : `Appeal on application ${id} decided`,
      action: noAction[lang],
      detail: zh
        ? `申诉结果：${d.outcome === 'uphold' ? '成立，流程继续' : '驳回'}。`
        : `Outcome: ${d.outcome === 'uphold' ? 'upheld, the application goes on' : 'dismissed'}.`,
    }),
    'seller.violation_recorded': () => ({
      subject: zh ? '违规记录' : 'Violation recorded',
      action: noAction[lang],
      detail: zh ? '您的店铺新增一条违规记录。' : 'A violation was recorded against your store.',
    }),
    'seller.tier_changed': () => ({
      subject: zh ? '等级变更' : 'Tier changed',
      action: noAction[lang],
      detail: zh ? '您的等级已变更。' : 'Your tier changed.',
    }),
    'seller.at_risk': () => ({
      subject: zh ? '店铺风险提示' : 'Your store is at risk',
      action: noAction[lang],
      detail: zh ? '请查看门户中的详情。' : 'See the details in the portal.',
    }),
    'statement.issued': () => ({
      subject: zh ? '结算单已出' : 'Statement issued',
      action: noAction[lang],
      detail: zh ? '新的结算单可在门户中查看。' : 'A new statement is in the portal.',
    }),
    'review.task_due_soon': () => ({
      subject: zh ? `审核任务今日到期：${id}` : `Review due today: ${id}`,
      action: zh ? `请完成审核${by(d.deadline, lang)}。` : `Please decide${by(d.deadline, lang)}.`,
      detail: zh
        ? `任务 ${d.taskKind ?? ''} 第 ${d.round ?? 1} 轮。`
        : `Task ${d.taskKind ?? ''}, round ${d.round ?? 1}.`,
    }),
    'lab.booking_created': () => ({
      subject: zh ? `新验货预约：${id} / ${d.sku ?? ''}` : `New booking: ${id} / ${d.sku ?? ''}`,
      action: zh
        ? `请提交检测结果${by(d.deadline, lang)}。`
        : `Please post the result${by(d.deadline, lang)}.`,
      detail: zh
        ? `样品 ${d.sku ?? ''}，第 ${d.attempt ?? 1} 次。`
        : `Sample ${d.sku ?? ''}, attempt ${d.attempt ?? 1}.`,
    }),
  };
  return table[e.type]();
}

/** The portal page the recipient acts on (hash routes). */
export function portalLink(portalUrl: string, e: NotificationEvent): string {
  const base = portalUrl.replace(/\/+$/, '');
  const id = encodeURIComponent(e.data.applicationId ?? '');
  switch (e.recipient.kind) {
    case 'reviewers':
      return `${base}/#/review`;
    case 'lab':
      return `${base}/#/lab`;
    default:
      return id ? `${base}/#/applications/${id}` : `${base}/#/applications`;
  }
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );

export function renderEmail(e: NotificationEvent, lang: Language, portalUrl: string): RenderedEmail {
  const copy = copyOf(e, lang);
  const link = portalLink(portalUrl, e);
  const open = lang === 'zh' ? '在门户中查看' : 'Open in the portal';
  const footer =
    lang === 'zh'
      ? '此邮件由全托管入驻系统自动发送，请勿回复。'
      : 'Sent by the fully-managed program admission system; do not reply.';
  const text = `${copy.action}\n\n${copy.detail}\n\n${open}: ${link}\n\n--\n${footer}\n`;
  const html = [
    `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><body style="font-family:sans-serif">`,
    `<p><strong>${escapeHtml(copy.action)}</strong></p>`,
    `<p>${escapeHtml(copy.detail)}</p>`,
    `<p><a href="${escapeHtml(link)}">${escapeHtml(open)}</a></p>`,
    `<hr><p style="color:#666;font-size:12px">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('');
  return { subject: copy.subject, text, html };
}
