/** The response shapes of the portal's use cases are the API contract's (one definition). */
export type {
  ApplicationDetail as ApplicationDetailShape,
  DocumentView as DocumentViewShape,
  FieldRead as ApiFieldRead,
} from '../../api/contract.js';
