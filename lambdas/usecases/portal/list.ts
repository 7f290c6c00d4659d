import type { Container } from '../../adapters/container.js';
import { APPLICATION_STATUSES } from '../../ports/repository.js';

/** A seller's own applications (drafts included), or for staff every submitted one; newest first. */
export async function listApplications(c: Container, who: 'all' | string) {
  const ids =
    who === 'all'
      ? (await Promise.all(APPLICATION_STATUSES.map((s) => c.applications.listByStatus(s)))).flat()
      : await c.portal.listOwned(who);
  const rows = await Promise.all(
    ids.map(async (id) => {
      const [record, draft] = await Promise.all([c.applications.get(id), c.portal.getDraft(id)]);
      const seller = record?.application.seller ?? draft?.form.seller;
      if (!seller) return null;
      return {
        applicationId: id,
        status: record?.status ?? 'DRAFT',
        companyName: seller.companyName,
        category: record?.application.category ?? draft?.form.category ?? '',
        updatedAt: record?.updatedAt ?? draft?.updatedAt ?? '',
      };
    }),
  );
  return rows.filter((r) => r !== null).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}
