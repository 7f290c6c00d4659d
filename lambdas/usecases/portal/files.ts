import type { Container } from '../../adapters/container.js';
import { NotFoundError } from '../../shared/errors.js';
import { agreementOnOffer } from '../agreement.js';
import { contentTypeOf } from '../common.js';
import type { Visible } from './access.js';

const LINK_SECONDS = 300;

async function link(c: Container, key: string, contentType: string) {
  const url = await c.documents.presignGet(key, { expiresSeconds: LINK_SECONDS, contentType });
  return {
    url,
    contentType,
    expiresAt: new Date(c.clock.now().getTime() + LINK_SECONDS * 1000).toISOString(),
  };
}

/** A document of a visible application: an upload of the draft, or a stored one (`doc-N`). */
export async function documentLink(c: Container, id: string, documentId: string, visible: Visible) {
  const upload = visible.draft?.documents.find((d) => d.documentId === documentId);
  if (upload?.uploaded) return link(c, upload.key, upload.contentType);
  const index = /^doc-(\d+)$/.exec(documentId)?.[1];
  const stored = index
    ? (await c.applications.listDocuments(id)).find((d) => d.index === Number(index))
    : undefined;
  if (stored?.key) return link(c, stored.key, contentTypeOf(stored.file));
  throw new NotFoundError(`document ${documentId} not found`);
}

/** The agreement currently offered (or last signed). */
export async function agreementLink(c: Container, id: string) {
  const offer = await agreementOnOffer(c, id);
  if (!offer) throw new NotFoundError(`${id} has no agreement yet`);
  return link(c, offer.issue.key, contentTypeOf(offer.issue.key));
}
