/** Who works in the program (SPEC "People"): the groups of the user pool. */
export const ROLES = ['seller', 'reviewer', 'finance', 'ops', 'lab'] as const;
export type Role = (typeof ROLES)[number];

/** Platform staff may read every application; sellers only their own. */
export const STAFF_ROLES: readonly Role[] = ['reviewer', 'ops', 'finance'];
