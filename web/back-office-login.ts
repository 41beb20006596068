// The back-office's login check, over the web process's one set of session use-cases (api/use-cases/sessions.ts).
import type { UseCases } from '../api/use-cases';

/** E-mail and password as the API checks them (abuse limits included); the account id, or undefined when refused. */
export function backOfficeLogin(sessions: UseCases['sessions']) {
  return (email: string, password: string): Promise<string | undefined> =>
    sessions.verifyLogin(email, password).then(
      (account) => account.id,
      () => undefined,
    );
}
