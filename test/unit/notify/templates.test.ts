import { describe, expect, it } from 'vitest';
import { sellerEvent, staffEvent } from '../../../lambdas/notify/events.js';
import { formatDeadline, renderEmail } from '../../../lambdas/notify/templates.js';
import { EVENT_TYPES, type EventType } from '../../../lambdas/ports/notifications.js';

const AT = '2026-12-04T02:00:00.000Z';
const DEADLINE = '2026-12-18T01:00:00.000Z';
const PORTAL = 'https://portal.example.com/';

const signature = sellerEvent('app-1', 'application.action_required', 'signature#1', AT, {
  deadline: DEADLINE,
  requirements: [{ kind: 'sign_agreement', deadline: DEADLINE }],
});

describe('email templates', () => {
  it.each([
    ['zh', '请签署入驻协议，截止 2026-12-18 09:00（北京时间）。', '申请 app-1 需要您处理'],
    [
      'en',
      'Please sign the agreement, by 2026-12-18 09:00 (China time).',
      'Action required on application app-1',
    ],
  ] as const)('puts the action and its deadline first (%s)', (lang, first, subject) => {
    const mail = renderEmail(signature, lang, PORTAL);
    expect(mail.subject).toBe(subject);
    expect(mail.text.split('\n')[0]).toBe(first);
    expect(mail.html).toContain(`<p><strong>${first}</strong></p>`);
    expect(mail.text).toContain('https://portal.example.com/#/applications/app-1');
    expect(mail.html).toContain('href="https://portal.example.com/#/applications/app-1"');
  });

  it('names each document to upload again, with its reason code', () => {
    const e = sellerEvent('app-1', 'application.action_required', 'rejection#1', AT, {
      requirements: [
        { kind: 'reupload_document', code: 'DOCUMENT_UNREADABLE', document: 'licence.png' },
        { kind: 'fix_field', code: 'USCC_MISMATCH', field: 'seller.uscc' },
      ],
    });
    expect(renderEmail(e, 'en', PORTAL).text.split('\n')[0]).toBe(
      'Please upload licence.png again (DOCUMENT_UNREADABLE); correct the field seller.uscc (USCC_MISMATCH).',
    );
    expect(renderEmail(e, 'zh', PORTAL).text.split('\n')[0]).toBe(
      '请重新上传文件 licence.png（DOCUMENT_UNREADABLE）；更正字段 seller.uscc（USCC_MISMATCH）。',
    );
  });

  it('lists the reasons of a rejection', () => {
    const e = sellerEvent('app-1', 'application.rejected', 1, AT, {
      reasons: [{ code: 'LICENCE_EXPIRED', step: 'licence' }],
    });
    expect(renderEmail(e, 'zh', PORTAL).text).toContain('原因：LICENCE_EXPIRED');
    expect(renderEmail(e, 'en', PORTAL).text).toContain('Reasons: LICENCE_EXPIRED');
  });

  it('links reviewers and labs to their own pages', () => {
    const due = staffEvent({ kind: 'reviewers' }, 'app-1', 'review.task_due_soon', 'review_checks#1', AT, {
      deadline: DEADLINE,
    });
    const lab = staffEvent({ kind: 'lab', labId: 'lab-cti' }, 'app-1', 'lab.booking_created', 'H-001#1', AT, {
      sku: 'H-001',
      deadline: DEADLINE,
    });
    expect(renderEmail(due, 'zh', PORTAL).text).toContain('https://portal.example.com/#/review');
    expect(renderEmail(lab, 'zh', PORTAL).text).toContain('https://portal.example.com/#/lab');
    expect(renderEmail(lab, 'zh', PORTAL).text.split('\n')[0]).toBe(
      '请提交检测结果，截止 2026-12-18 09:00（北京时间）。',
    );
  });

  it('escapes what it puts into HTML', () => {
    const e = sellerEvent('a<b>&"', 'application.submitted', 1, AT);
    expect(renderEmail(e, 'en', PORTAL).html).not.toContain('<b>');
    expect(renderEmail(e, 'en', PORTAL).html).toContain('a&lt;b&gt;&amp;&quot;');
  });

  it.each(EVENT_TYPES.map((t) => [t]))('renders %s in both languages, text and HTML', (type: EventType) => {
    const e = sellerEvent('app-1', type, 1, AT, {
      deadline: DEADLINE,
      requirements: [{ kind: 'sign_agreement' }],
    });
    for (const lang of ['zh', 'en'] as const) {
      const mail = renderEmail(e, lang, PORTAL);
      expect(mail.subject.length).toBeGreaterThan(0);
      expect(mail.text).toMatch(/^\S/);
      expect(mail.html).toMatch(/^<!doctype html>/);
    }
  });

  it('shows deadlines in China time', () => {
    expect(formatDeadline('2026-12-31T16:30:00.000Z', 'en')).toBe('2027-01-01 00:30 (China time)');
  });
});
