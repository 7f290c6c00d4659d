/**
 * A Lambda entry that only renders an agreement, bundled by test/unit/cdk/agreement-bundle-render.test.ts
 * the way IssueAgreement is (HouseFunction: esbuild, its stubs, the font copied beside it): its
 * handler returns the PDF as base64, to compare with the same agreement rendered from the sources.
 */
import defaultRules from '../../config/rules.default.json' with { type: 'json' };
import type { AgreementInput } from '../../lambdas/agreement/content.js';
import { renderAgreementPdf } from '../../lambdas/agreement/render.js';
import { bindFeeSchedule, scheduleInForce } from '../../lambdas/domain/fees.js';
import { parseRuleSettings } from '../../lambdas/domain/settings.js';

/** An agreement with less common characters in the seller's name and representative. */
export function probeAgreement(): AgreementInput {
  const settings = parseRuleSettings(defaultRules);
  const onDate = '2026-11-20';
  const feeSchedule = bindFeeSchedule('home', settings, { onDate, violationCount: 1 });
  const version = scheduleInForce(settings, onDate);
  if (!feeSchedule || !version) throw new Error(`no fee schedule in force on ${onDate}`);
  return {
    applicationId: 'app-probe-001',
    round: 2,
    issuedAt: '2026-11-20T01:00:00.000Z',
    deadline: '2026-12-04T01:00:00.000Z',
    seller: {
      companyName: '义乌市淼焱鑫磊晟鹏日用品有限公司',
      uscc: '91330782MA2ABCDE1X',
      legalRepresentative: '欧阳翀',
    },
    feeSchedule,
    fulfilmentRates: version.fulfilmentRate,
  };
}

export const handler = async (): Promise<string> =>
  Buffer.from(await renderAgreementPdf(probeAgreement())).toString('base64');
