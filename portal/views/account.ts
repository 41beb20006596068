// Pages of section I of the guide and of logging in: home, create an account, the link sent, set the password,
// a link that no longer works, login; and the pages for errors.
import { EU_LANGUAGES } from '../../domain/enums';
import { html, type SafeHtml } from '../html';
import { EMAIL_LANGUAGE_NAMES } from '../i18n';
import { checkboxField, csrfField, page, selectField, textField, type Chrome, type FieldErrors } from '../layout';

export function homePage(c: Chrome): SafeHtml {
  const { t } = c;
  return page(c, {
    title: t.homeTitle,
    body: html`<p>${t.homeIntro}</p>
<ol class="steps"><li>${t.homeStep1}</li><li>${t.homeStep2}</li></ol>
<p class="actions">${
      c.person
        ? html`<a class="button" href="/environments">${t.homeContinue}</a>`
        : html`<a class="button" href="/register">${t.createAccount}</a> <a class="button button-green" href="/login">${t.login}</a>`
    }</p>`,
  });
}

export function privacyPage(c: Chrome): SafeHtml {
  return page(c, {
    title: c.t.privacyTitle,
    body: html`<p>${c.t.privacyBody}</p><p><a href="/register">${c.t.createAccount}</a></p>`,
  });
}

export interface RegisterValues {
  firstName: string;
  lastName: string;
  email: string;
  confirmEmail: string;
  emailLanguage: string;
  privacyStatementAccepted: boolean;
}

export function registerPage(
  c: Chrome,
  o: {
    values: RegisterValues;
    errors?: FieldErrors;
    pageErrors?: string[];
    captcha?: { captchaId: string; image: string };
  },
): SafeHtml {
  const { t } = c;
  const v = o.values;
  const e = o.errors ?? {};
  const captcha = o.captcha
    ? html`<div class="captcha">
  <img id="captcha-image" src="data:image/svg+xml;base64,${Buffer.from(o.captcha.image).toString('base64')}" alt="${t.captchaImageAlt}" width="150" height="50">
  <a id="captcha-refresh" href="/register">${t.captchaRefresh}</a>
  <input type="hidden" id="captchaId" name="captchaId" value="${o.captcha.captchaId}">
  ${textField({ name: 'captchaAnswer', label: t.captchaLabel, hint: t.captchaHint, error: e.captchaAnswer, required: true, autocomplete: 'off' })}
</div>`
    : '';
  return page(c, {
    title: t.registerTitle,
    errors: e,
    pageErrors: o.pageErrors,
    body: html`<p>${t.registerIntro}</p>
<p class="hint">${t.mandatoryNote}</p>
<form method="post" action="/register" novalidate>
  ${csrfField(c.csrfToken)}
  ${textField({ name: 'firstName', label: t.firstName, value: v.firstName, error: e.firstName, required: true, autocomplete: 'given-name' })}
  ${textField({ name: 'lastName', label: t.lastName, value: v.lastName, error: e.lastName, required: true, autocomplete: 'family-name' })}
  ${textField({ name: 'email', label: t.email, type: 'email', value: v.email, error: e.email, hint: t.emailHint, required: true, autocomplete: 'email' })}
  ${textField({ name: 'confirmEmail', label: t.confirmEmail, type: 'email', value: v.confirmEmail, error: e.confirmEmail, required: true, autocomplete: 'email' })}
  ${selectField({
    name: 'emailLanguage',
    label: t.emailLanguage,
    value: v.emailLanguage,
    error: e.emailLanguage,
    required: true,
    options: EU_LANGUAGES.map((code) => ({ value: code, label: `${EMAIL_LANGUAGE_NAMES[code]} (${code})` })),
  })}
  ${captcha}
  ${checkboxField({ name: 'privacyStatementAccepted', label: t.privacyLabel, checked: v.privacyStatementAccepted, error: e.privacyStatementAccepted, required: true })}
  <p><a href="/privacy">${t.privacyLink}</a></p>
  <button type="submit" class="button">${t.registerButton}</button>
</form>`,
  });
}

export function sentPage(
  c: Chrome,
  o: { email: string; duration: string; resent: boolean; pageErrors?: string[] },
): SafeHtml {
  const { t } = c;
  return page(c, {
    title: t.sentTitle,
    notice: o.resent ? t.sentResent : undefined,
    pageErrors: o.pageErrors,
    body: html`<p>${t.sentBody}</p>
<p><strong>${t.format('sentValidity', { duration: o.duration })}</strong></p>
<p>${t.sentNotReceived}</p>
<form method="post" action="/register/resend">
  ${csrfField(c.csrfToken)}
  ${
    o.email
      ? html`<input type="hidden" name="email" value="${o.email}">`
      : textField({ name: 'email', label: t.email, type: 'email', required: true, autocomplete: 'email' })
  }
  <button type="submit" class="button button-secondary">${t.resendButton}</button>
</form>`,
  });
}

export function setPasswordPage(
  c: Chrome,
  o: { token: string; minLength: number; errors?: FieldErrors; pageErrors?: string[] },
): SafeHtml {
  const { t } = c;
  const e = o.errors ?? {};
  return page(c, {
    title: t.setPasswordTitle,
    errors: e,
    pageErrors: o.pageErrors,
    body: html`<form method="post" action="/set-password" novalidate>
  ${csrfField(c.csrfToken)}
  <input type="hidden" name="token" value="${o.token}">
  ${textField({
    name: 'password',
    label: t.password,
    type: 'password',
    error: e.password,
    hint: t.format('passwordPolicy', { min: o.minLength }),
    required: true,
    autocomplete: 'new-password',
  })}
  ${textField({ name: 'confirmPassword', label: t.confirmPassword, type: 'password', error: e.confirmPassword, required: true, autocomplete: 'new-password' })}
  <button type="submit" class="button">${t.setPasswordButton}</button>
</form>`,
  });
}

/** The page for a set-password link that expired (register again) or no longer works (latest mail, login, register). */
export function linkProblemPage(c: Chrome, o: { problem: 'expired' | 'invalid'; duration: string }): SafeHtml {
  const { t } = c;
  if (o.problem === 'expired') {
    return page(c, {
      title: t.linkExpiredTitle,
      body: html`<p>${t.format('linkExpiredBody', { duration: o.duration })}</p>
<p>${t.linkExpiredAction}</p>
<p class="actions"><a class="button" href="/register">${t.createAccount}</a></p>`,
    });
  }
  return page(c, {
    title: t.linkInvalidTitle,
    body: html`<p>${t.linkInvalidBody}</p>
<p>${t.linkInvalidAction}</p>
<p class="actions"><a class="button button-green" href="/login">${t.login}</a> <a class="button button-secondary" href="/register">${t.createAccount}</a></p>`,
  });
}

export function loginPage(
  c: Chrome,
  o: { email?: string; next?: string; errors?: FieldErrors; pageErrors?: string[]; notice?: string },
): SafeHtml {
  const { t } = c;
  const e = o.errors ?? {};
  return page(c, {
    title: t.loginTitle,
    errors: e,
    pageErrors: o.pageErrors,
    notice: o.notice,
    body: html`<p>${t.loginIntro}</p>
<form method="post" action="/login" novalidate>
  ${csrfField(c.csrfToken)}
  ${o.next ? html`<input type="hidden" name="next" value="${o.next}">` : ''}
  ${textField({ name: 'email', label: t.email, type: 'email', value: o.email, error: e.email, required: true, autocomplete: 'username' })}
  ${textField({ name: 'password', label: t.password, type: 'password', error: e.password, required: true, autocomplete: 'current-password' })}
  <button type="submit" class="button button-green">${t.loginButton}</button>
</form>
<p><a href="/forgot-password">${t.forgotLink}</a></p>
<p>${t.noAccount} <a href="/register">${t.createAccount}</a></p>`,
  });
}

export function messagePage(
  c: Chrome,
  o: { title: string; text: string; link?: { href: string; label: string } },
): SafeHtml {
  return page(c, {
    title: o.title,
    body: html`<p>${o.text}</p><p><a href="${o.link?.href ?? '/'}">${o.link?.label ?? c.t.homeLink}</a></p>`,
  });
}
