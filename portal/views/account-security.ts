// Pages of the forgotten password, and of changing one's password and e-mail address from the profile.
import { html, type SafeHtml } from '../html';
import { csrfField, page, textField, type Chrome, type FieldErrors } from '../layout';

export function forgotPasswordPage(
  c: Chrome,
  o: { email?: string; errors?: FieldErrors; pageErrors?: string[] },
): SafeHtml {
  const { t } = c;
  const e = o.errors ?? {};
  return page(c, {
    title: t.forgotTitle,
    errors: e,
    pageErrors: o.pageErrors,
    body: html`<p>${t.forgotIntro}</p>
<form method="post" action="/forgot-password" novalidate>
  ${csrfField(c.csrfToken)}
  ${textField({ name: 'email', label: t.email, type: 'email', value: o.email, error: e.email, required: true, autocomplete: 'username' })}
  <button type="submit" class="button">${t.forgotButton}</button>
</form>
<p><a href="/login">${t.login}</a></p>`,
  });
}

export function forgotSentPage(c: Chrome, o: { duration: string }): SafeHtml {
  const { t } = c;
  return page(c, {
    title: t.forgotSentTitle,
    body: html`<p>${t.forgotSentBody}</p>
<p><strong>${t.format('forgotSentValidity', { duration: o.duration })}</strong></p>
<p><a href="/login">${t.login}</a></p>`,
  });
}

export function resetPasswordPage(
  c: Chrome,
  o: { token: string; minLength: number; errors?: FieldErrors; pageErrors?: string[] },
): SafeHtml {
  const { t } = c;
  const e = o.errors ?? {};
  return page(c, {
    title: t.resetTitle,
    errors: e,
    pageErrors: o.pageErrors,
    body: html`<form method="post" action="/reset-password" novalidate>
  ${csrfField(c.csrfToken)}
  <input type="hidden" name="token" value="${o.token}">
  ${textField({
    name: 'password',
    label: t.newPassword,
    type: 'password',
    error: e.password,
    hint: t.format('passwordPolicy', { min: o.minLength }),
    required: true,
    autocomplete: 'new-password',
  })}
  ${textField({ name: 'confirmPassword', label: t.confirmPassword, type: 'password', error: e.confirmPassword, required: true, autocomplete: 'new-password' })}
  <button type="submit" class="button">${t.resetButton}</button>
</form>`,
  });
}

/** A reset link that expired or no longer works: ask for a new one. */
export function resetLinkProblemPage(c: Chrome, o: { problem: 'expired' | 'invalid'; duration: string }): SafeHtml {
  const { t } = c;
  return page(c, {
    title: o.problem === 'expired' ? t.resetExpiredTitle : t.resetInvalidTitle,
    body: html`<p>${o.problem === 'expired' ? t.format('resetExpiredBody', { duration: o.duration }) : t.resetInvalidBody}</p>
<p class="actions"><a class="button" href="/forgot-password">${t.forgotAgain}</a> <a class="button button-green" href="/login">${t.login}</a></p>`,
  });
}

export function securitySection(
  c: Chrome,
  o: { errors?: FieldErrors; pageErrors?: string[]; newEmail?: string },
): SafeHtml {
  const { t } = c;
  const e = o.errors ?? {};
  return html`<section aria-labelledby="password-title">
  <h2 id="password-title">${t.changePasswordTitle}</h2>
  <form method="post" action="/profile/password" novalidate>
    ${csrfField(c.csrfToken)}
    ${textField({ name: 'currentPassword', label: t.currentPassword, type: 'password', error: e.currentPassword, required: true, autocomplete: 'current-password' })}
    ${textField({ name: 'password', label: t.newPassword, type: 'password', error: e.password, required: true, autocomplete: 'new-password' })}
    ${textField({ name: 'confirmPassword', label: t.confirmPassword, type: 'password', error: e.confirmPassword, required: true, autocomplete: 'new-password' })}
    <button type="submit" class="button">${t.changePasswordButton}</button>
  </form>
</section>
<section aria-labelledby="email-title">
  <h2 id="email-title">${t.changeEmailTitle}</h2>
  <p>${t.changeEmailIntro}</p>
  <form method="post" action="/profile/email" novalidate>
    ${csrfField(c.csrfToken)}
    ${textField({ name: 'newEmail', label: t.newEmail, type: 'email', value: o.newEmail, error: e.newEmail, required: true, autocomplete: 'email' })}
    ${textField({ id: 'emailPassword', name: 'password', label: t.currentPassword, type: 'password', error: e.emailPassword, required: true, autocomplete: 'current-password' })}
    <button type="submit" class="button">${t.changeEmailButton}</button>
  </form>
</section>`;
}

export function confirmEmailPage(c: Chrome, o: { token: string; newEmail: string }): SafeHtml {
  const { t } = c;
  return page(c, {
    title: t.confirmEmailTitle,
    body: html`<p>${t.format('confirmEmailBody', { email: o.newEmail })}</p>
<form method="post" action="/confirm-email">
  ${csrfField(c.csrfToken)}
  <input type="hidden" name="token" value="${o.token}">
  <button type="submit" class="button">${t.confirmEmailButton}</button>
</form>`,
  });
}

/** The profile's "Change your password / e-mail address" page. */
export function securityPage(c: Chrome, o: Parameters<typeof securitySection>[1] & { notice?: string }): SafeHtml {
  return page(c, {
    title: c.t.changePasswordTitle,
    errors: o.errors,
    pageErrors: o.pageErrors,
    notice: o.notice,
    body: securitySection(c, o),
  });
}
