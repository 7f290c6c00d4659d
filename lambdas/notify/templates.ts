import type { EventData, EventType, NotificationEvent, Requirement } from '../ports/notifications.js';

/**
 * The email of each event, in the seller's language (zh default, en): the action and its deadline
 * first, then what happened, then a link into the portal. Plain text and HTML say the same.
 * One row per event type: its subject, action and detail, each as [zh, en].
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

/** What a line of the email is made from. */
interface Ctx {
  e: NotificationEvent;
  d: EventData;
  id: string;
  lang: Language;
}
type Line = (x: Ctx) => string;
/** [zh, en] */
type Both = readonly [Line, Line];

interface Template {
  subject: Both;
  /** The first line: what to do (or that nothing is to be done) and by when. */
  action: Both;
  /** What happened. */
  detail: Both;
}

const REQ: Record<Requirement['kind'], readonly [(r: Requirement) => string, (r: Requirement) => string]> = {
  sign_agreement: [() => '签署入驻协议', () => 'sign the agreement'],
  reupload_document: [
    (r) => `重新上传文件 ${r.document ?? ''}（${r.code ?? ''}）`,
    (r) => `upload ${r.document ?? 'the document'} again (${r.code ?? ''})`,
  ],
  fix_field: [
    (r) => `更正字段 ${r.field ?? ''}（${r.code ?? ''}）`,
    (r) => `correct the field ${r.field ?? ''} (${r.code ?? ''})`,
  ],
  decide_review: [() => '完成审核', () => 'decide the review'],
  post_lab_result: [
    (r) => `提交样品 ${r.sku ?? ''} 的检测结果`,
    (r) => `post the result of sample ${r.sku ?? ''}`,
  ],
};

const LANG_INDEX = { zh: 0, en: 1 } as const;

function by(deadline: string | undefined, lang: Language): string {
  if (!deadline) return '';
  return lang === 'zh'
    ? `，截止 ${formatDeadline(deadline, lang)}`
    : `, by ${formatDeadline(deadline, lang)}`;
}

function requirementsLine({ d, lang }: Ctx): string {
  const list = (d.requirements ?? []).map((r) => REQ[r.kind][LANG_INDEX[lang]](r) + by(r.deadline, lang));
  return lang === 'zh' ? `请${list.join('；')}。` : `Please ${list.join('; ')}.`;
}

const NOTHING: Both = [() => '无需操作。', () => 'Nothing to do.'];
const codes = (d: EventData) => (d.reasons ?? []).map((r) => r.code).join(', ');
const skus = (d: EventData) => (d.skus ?? []).join(', ');
const upheld = (d: EventData) => d.outcome === 'uphold';
const serious = (d: EventData) => d.severity === 'serious';
const standing: Both = [
  ({ d }) => `当前等级 ${d.tier ?? ''}，健康分 ${d.healthScore ?? ''}。`,
  ({ d }) => `Your tier is now ${d.tier ?? ''}, health score ${d.healthScore ?? ''}.`,
];

const TEMPLATES: Record<EventType, Template> = {
  'application.submitted': {
    subject: [({ id }) => `申请 ${id} 已提交`, ({ id }) => `Application ${id} submitted`],
    action: NOTHING,
    detail: [
      ({ id }) => `我们已收到申请 ${id}，审核开始。`,
      ({ id }) => `We received application ${id}; the checks have started.`,
    ],
  },
  'application.action_required': {
    subject: [({ id }) => `申请 ${id} 需要您处理`, ({ id }) => `Action required on application ${id}`],
    action: [requirementsLine, requirementsLine],
    detail: [({ id }) => `申请 ${id} 在等待您的操作。`, ({ id }) => `Application ${id} is waiting for you.`],
  },
  'application.flagged_for_review': {
    subject: [({ id }) => `申请 ${id} 转人工审核`, ({ id }) => `Application ${id} is with a reviewer`],
    action: NOTHING,
    detail: [
      ({ id, d }) => `申请 ${id} 需人工复核${by(d.deadline, 'zh')}。`,
      ({ id, d }) => `A reviewer looks at application ${id}${by(d.deadline, 'en')}.`,
    ],
  },
  'application.samples_booked': {
    subject: [({ id }) => `申请 ${id} 已预约验货`, ({ id }) => `Samples of application ${id} booked`],
    action: [
      ({ d }) => `请将样品 ${skus(d)} 寄送至实验室 ${d.labId ?? ''}${by(d.deadline, 'zh')}。`,
      ({ d }) => `Please send samples ${skus(d)} to lab ${d.labId ?? ''}${by(d.deadline, 'en')}.`,
    ],
    detail: [() => '检测结果出具后我们会通知您。', () => 'We will tell you when the results are in.'],
  },
  'application.lab_result_posted': {
    subject: [
      ({ d }) => `样品 ${d.sku ?? ''} 检测结果已出`,
      ({ d }) => `Result posted for sample ${d.sku ?? ''}`,
    ],
    action: NOTHING,
    detail: [
      ({ d }) => `样品 ${d.sku ?? ''} 第 ${d.attempt ?? 1} 次检测：${d.passed ? '通过' : '未通过'}。`,
      ({ d }) => `Sample ${d.sku ?? ''}, attempt ${d.attempt ?? 1}: ${d.passed ? 'passed' : 'failed'}.`,
    ],
  },
  'application.agreement_issued': {
    subject: [
      ({ id }) => `申请 ${id} 的入驻协议待签署`,
      ({ id }) => `Agreement for application ${id} ready to sign`,
    ],
    action: [
      ({ d }) => `请签署入驻协议${by(d.deadline, 'zh')}。`,
      ({ d }) => `Please sign the agreement${by(d.deadline, 'en')}.`,
    ],
    detail: [
      ({ d }) => `第 ${d.round ?? 1} 版协议已出具，逾期未签将失效。`,
      ({ d }) => `Agreement round ${d.round ?? 1} is issued; it expires if not signed in time.`,
    ],
  },
  'application.admitted': {
    subject: [({ id }) => `申请 ${id} 已通过，欢迎入驻`, ({ id }) => `Application ${id} admitted`],
    action: NOTHING,
    detail: [() => '您的费率已生效。', () => 'Your fee schedule is active.'],
  },
  'application.rejected': {
    subject: [({ id }) => `申请 ${id} 未通过`, ({ id }) => `Application ${id} rejected`],
    action: [() => '如有异议，可在门户中提起申诉。', () => 'You may appeal in the portal.'],
    detail: [({ d }) => `原因：${codes(d)}`, ({ d }) => `Reasons: ${codes(d)}`],
  },
  // An appeal of a rejection (its round), or of a violation after admission (its violationId).
  'application.appeal_decided': {
    subject: [
      ({ id, d }) => (d.violationId ? `违规 ${d.violationId} 的申诉已处理` : `申请 ${id} 的申诉已处理`),
      ({ id, d }) =>
        d.violationId
          ? `Appeal of violation ${d.violationId} decided`
          : `Appeal on application ${id} decided`,
    ],
    action: [
      ({ d }) => (d.violationId ? '请在门户中查看当前等级和健康分。' : '无需操作。'),
      ({ d }) => (d.violationId ? 'See your tier and health score in the portal.' : 'Nothing to do.'),
    ],
    detail: [
      ({ d }) =>
        d.violationId
          ? `${d.date ?? ''} 申诉结果：${upheld(d) ? '成立，该违规已撤销，等级与健康分已重新计算' : '驳回，违规记录不变'}。处理说明：${d.note ?? ''}`
          : `申诉结果：${upheld(d) ? '成立，流程继续' : '驳回'}。`,
      ({ d }) =>
        d.violationId
          ? `Outcome (${d.date ?? ''}): ${upheld(d) ? 'upheld; the violation is voided and your tier and score recomputed' : 'dismissed; the violation stands'}. Note: ${d.note ?? ''}`
          : `Outcome: ${upheld(d) ? 'upheld, the application goes on' : 'dismissed'}.`,
    ],
  },
  'seller.violation_recorded': {
    subject: [
      ({ d }) => `违规记录：${d.violationId ?? ''}`,
      ({ d }) => `Violation recorded: ${d.violationId ?? ''}`,
    ],
    action: [
      () => '请在门户中查看整改要求；如有异议，请在申诉期内提起申诉。',
      () => 'See what to fix in the portal; you may appeal within the appeal period.',
    ],
    detail: [
      (x) =>
        `${x.d.date ?? ''} 记录一条${serious(x.d) ? '严重' : '一般'}违规` +
        `${x.d.skus?.length ? `（SKU ${skus(x.d)}）` : ''}。${standing[0](x)}`,
      (x) =>
        `A ${serious(x.d) ? 'serious' : 'minor'} violation dated ${x.d.date ?? ''} was recorded` +
        `${x.d.skus?.length ? ` (SKUs ${skus(x.d)})` : ''}. ${standing[1](x)}`,
    ],
  },
  'seller.tier_changed': {
    subject: [({ d }) => `店铺等级变更为 ${d.tier ?? ''}`, ({ d }) => `Your tier is now ${d.tier ?? ''}`],
    action: [
      () => '请在门户中查看等级对结算账期和商品的影响。',
      () => 'See in the portal what the tier means for your settlement term and SKUs.',
    ],
    detail: [
      ({ d }) => `等级由 ${d.previousTier ?? ''} 变为 ${d.tier ?? ''}，健康分 ${d.healthScore ?? ''}。`,
      ({ d }) => `Tier ${d.previousTier ?? ''} → ${d.tier ?? ''}, health score ${d.healthScore ?? ''}.`,
    ],
  },
  'seller.at_risk': {
    subject: [() => '店铺健康分低于风险线', () => 'Your store is at risk'],
    action: [
      () => '请尽快在门户中查看待办事项并整改。',
      () => 'Please see what to do in the portal and act soon.',
    ],
    detail: standing,
  },
  'statement.issued': {
    subject: [
      ({ d }) => `${d.period ?? ''} 结算单已出（${d.currency ?? ''}）`,
      ({ d }) => `Statement for ${d.period ?? ''} issued (${d.currency ?? ''})`,
    ],
    action: NOTHING,
    detail: [
      ({ id, d }) => `申请 ${id} 的 ${d.period ?? ''} 结算单（${d.currency ?? ''}）可在门户中查看和下载。`,
      ({ id, d }) =>
        `The ${d.period ?? ''} statement (${d.currency ?? ''}) of application ${id} is in the portal.`,
    ],
  },
  'review.task_due_soon': {
    subject: [({ id }) => `审核任务今日到期：${id}`, ({ id }) => `Review due today: ${id}`],
    action: [
      ({ d }) => `请完成审核${by(d.deadline, 'zh')}。`,
      ({ d }) => `Please decide${by(d.deadline, 'en')}.`,
    ],
    detail: [
      ({ d }) => `任务 ${d.taskKind ?? ''} 第 ${d.round ?? 1} 轮。`,
      ({ d }) => `Task ${d.taskKind ?? ''}, round ${d.round ?? 1}.`,
    ],
  },
  'lab.booking_created': {
    subject: [
      ({ id, d }) => `新验货预约：${id} / ${d.sku ?? ''}`,
      ({ id, d }) => `New booking: ${id} / ${d.sku ?? ''}`,
    ],
    action: [
      ({ d }) => `请提交检测结果${by(d.deadline, 'zh')}。`,
      ({ d }) => `Please post the result${by(d.deadline, 'en')}.`,
    ],
    detail: [
      ({ d }) => `样品 ${d.sku ?? ''}，第 ${d.attempt ?? 1} 次。`,
      ({ d }) => `Sample ${d.sku ?? ''}, attempt ${d.attempt ?? 1}.`,
    ],
  },
};

/** The portal page the recipient acts on (hash routes). */
export function portalLink(portalUrl: string, e: NotificationEvent): string {
  const base = portalUrl.replace(/\/+$/, '');
  const id = encodeURIComponent(e.data.applicationId ?? '');
  if (e.recipient.kind === 'reviewers') return `${base}/#/review`;
  if (e.recipient.kind === 'lab') return `${base}/#/lab`;
  // A seller's standing is on the health page; everything else on the application's.
  if (e.type.startsWith('seller.') || e.data.violationId) return `${base}/#/health`;
  return id ? `${base}/#/applications/${id}` : `${base}/#/applications`;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );

const FRAME = {
  zh: { open: '在门户中查看', footer: '此邮件由全托管入驻系统自动发送，请勿回复。', htmlLang: 'zh-CN' },
  en: {
    open: 'Open in the portal',
    footer: 'Sent by the fully-managed program admission system; do not reply.',
    htmlLang: 'en',
  },
} as const;

export function renderEmail(e: NotificationEvent, lang: Language, portalUrl: string): RenderedEmail {
  const row = TEMPLATES[e.type];
  const i = LANG_INDEX[lang];
  const x: Ctx = { e, d: e.data, id: e.data.applicationId ?? '', lang };
  return framed(row.subject[i](x), row.action[i](x), row.detail[i](x), portalLink(portalUrl, e), lang);
}

/** The seller's notice that the sender turned an endpoint off after 24 hours of failures. */
export function endpointDisabledEmail(
  endpoint: { url: string; failingSince?: string },
  lang: Language,
  portalUrl: string,
): RenderedEmail {
  const since = endpoint.failingSince ? formatDeadline(endpoint.failingSince, lang) : '';
  const link = `${portalUrl.replace(/\/+$/, '')}/#/webhooks`;
  return lang === 'zh'
    ? framed(
        'Webhook 地址已停用',
        '请修复接收地址后在门户中重新启用，并重发未送达的消息。',
        `${endpoint.url} 自 ${since} 起连续 24 小时投递失败，已停止投递。`,
        link,
        lang,
      )
    : framed(
        'Webhook endpoint disabled',
        'Please fix the receiver, enable the endpoint again in the portal and re-send what was missed.',
        `Every delivery to ${endpoint.url} failed for 24 hours (since ${since}); nothing more is sent to it.`,
        link,
        lang,
      );
}

function framed(
  subject: string,
  action: string,
  detail: string,
  link: string,
  lang: Language,
): RenderedEmail {
  const { open, footer, htmlLang } = FRAME[lang];
  const text = `${action}\n\n${detail}\n\n${open}: ${link}\n\n--\n${footer}\n`;
  const html = [
    `<!doctype html><html lang="${htmlLang}"><body style="font-family:sans-serif">`,
    `<p><strong>${escapeHtml(action)}</strong></p>`,
    `<p>${escapeHtml(detail)}</p>`,
    `<p><a href="${escapeHtml(link)}">${escapeHtml(open)}</a></p>`,
    `<hr><p style="color:#666;font-size:12px">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('');
  return { subject, text, html };
}
