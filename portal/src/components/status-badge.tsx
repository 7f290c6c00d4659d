import type { PortalStatus } from '../api/types';
import { useI18n } from '../i18n/i18n';

export function StatusBadge({ status }: { status: PortalStatus }) {
  const { code } = useI18n();
  return (
    <span className={`badge status-${status}`} data-status={status}>
      {code('status', status)}
    </span>
  );
}
