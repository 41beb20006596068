// E-mail rules of registration: one normalised form, and no generic mailboxes (the account is a real person).

/** Trimmed and lower-cased: the form stored, hashed into workflow ids and compared. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Local parts that name a function or a place rather than a person. */
const GENERIC_LOCAL_PARTS = new Set([
  'info',
  'contact',
  'admin',
  'administrator',
  'office',
  'bcp',
  'mail',
  'email',
  'hello',
  'support',
  'help',
  'helpdesk',
  'sales',
  'team',
  'secretariat',
  'secretary',
  'reception',
  'accounts',
  'accounting',
  'billing',
  'noreply',
  'no-reply',
  'postmaster',
  'webmaster',
  'hostmaster',
  'abuse',
  'root',
  'service',
  'services',
  'customs',
  'douane',
  'import',
  'export',
  'logistics',
  'operations',
  'orders',
  'general',
  'enquiries',
  'inquiries',
  'traces',
  'border',
  'pif',
  'cca',
  'phyto',
  'vet',
  'veterinary',
  'quality',
  'certification',
]);

/** Words that make a mailbox generic even with a suffix (bcp.antwerp@, info-be@). */
const GENERIC_PREFIXES = new Set([
  'info',
  'contact',
  'office',
  'admin',
  'bcp',
  'pif',
  'noreply',
  'support',
  'helpdesk',
]);

/** True for mailboxes such as info@, contact@, bcp@, office@ or bcp.antwerp@ that several people share. */
export function isGenericMailbox(email: string): boolean {
  const local = normaliseEmail(email).split('@')[0] ?? '';
  const firstWord = local.split(/[.\-_+]/)[0] ?? '';
  return GENERIC_LOCAL_PARTS.has(local) || GENERIC_PREFIXES.has(firstWord);
}

/** A pragmatic well-formedness check: one @, a dotted domain, no spaces or control characters. */
export function isWellFormedEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@\p{Cc}]{1,64}@[^\s@\p{Cc}]+\.[^\s@\p{Cc}]{2,}$/u.test(email);
}
