// Kept apart from the mongoose model, so the micro-app's contact form can import the role list.

/** Roles of a person: the bureau's admin, a unit contact, or a leader who only reads. */
export const roles = ['admin', 'contact', 'viewer'] as const;
export type Role = (typeof roles)[number];
