// The back-office's login check, over the web process's one set of session use-cases (api/use-cases/sessions.ts).
import type { UseCases } from '../api/use-cases';

/** E-mail and password as the API checks them, throttled per e-mail; the account id, or undefined when refused. */
export function backOfficeLogin(sessions: UseCases['sessions']) {
  return async (email: string, password: string): Promise<string | undefined> => {
    const key = sessions.throttleKey(email);
    try {
      await sessions.assertNotThrottled(key);
    } catch {
      return undefined;
    }
    const account = await sessions.checkCredentials(email, password);
    if (!account) await sessions.recordFailure(key);
    return account?.id;
  };
}
