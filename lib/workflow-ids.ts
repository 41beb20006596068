// Keyed workflow ids of the account flows: HMAC-SHA-256 of the normalised e-mail under WORKFLOW_ID_KEY.
import { passwordResetWorkflowId, registrationWorkflowId } from '../domain/contracts';
import { normaliseEmail } from '../domain/email-rules';
import { keyedDigest, sha256Hex } from './secrets';

export interface AccountWorkflowIds {
  registration(email: string): string;
  /**
   * The id registrations had before keyed ids (bare SHA-256): looked up as a fallback, so a registration started by
   * an older version keeps its link, resend and expiry until it ends (its window, REGISTRATION_LINK_TTL).
   */
  legacyRegistration(email: string): string;
  passwordReset(email: string): string;
}

export function createAccountWorkflowIds(key: Buffer): AccountWorkflowIds {
  const digest = (email: string) => keyedDigest(key, `email:${normaliseEmail(email)}`);
  return {
    registration: (email) => registrationWorkflowId(digest(email)),
    legacyRegistration: (email) => registrationWorkflowId(sha256Hex(normaliseEmail(email))),
    passwordReset: (email) => passwordResetWorkflowId(digest(email)),
  };
}
