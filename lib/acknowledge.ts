import type { CfnElement } from 'aws-cdk-lib';
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag findings on the narrowest construct, each with its reason. A finding is
 * `<Rule>[<Action::…|Resource::…>]` for granular rules (IAM5), else the rule id alone.
 */
export function acknowledge(scope: IConstruct, reason: string, ...findings: string[]): void {
  for (const id of findings) Validations.of(scope).acknowledge({ id, reason });
}

/** `<LogicalId.Arn>` as cdk-nag spells a resource reference in a finding. */
export function arnRef(element: IConstruct): string {
  const cfn = (element.node.defaultChild ?? element) as CfnElement;
  return `<${Stack.of(element).getLogicalId(cfn)}.Arn>`;
}
