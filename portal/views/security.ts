// Pages of the second factor: "Sign-in security" in the profile (factors, set-up of an authenticator app with its QR
// code, passkeys, recovery codes, removal) and the second step of the login. Passkeys need the browser's WebAuthn
// (portal/assets/passkeys.js); everything else is a plain form.
import { html, type SafeHtml } from '../html';
import { type Texts } from '../i18n';
import { csrfField, page, tableHead, textField, type Chrome, type FieldErrors } from '../layout';

export interface FactorView {
  id: string;
  type: 'TOTP' | 'PASSKEY';
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
}

interface Messages {
  errors?: FieldErrors;
  pageErrors?: string[];
  notice?: string;
}

const day = (iso: string) => iso.slice(0, 10);
const passkeyScripts = html`<script src="/assets/webauthn-browser.js" defer></script><script src="/assets/passkeys.js" defer></script>`;

function factorTable(t: Texts, factors: FactorView[]): SafeHtml {
  if (factors.length === 0) return html`<p>${t.securityNone}</p>`;
  return html`<table class="results">
  ${tableHead(t.factorsCaption, [t.factorType, t.factorLabel, t.factorAdded, t.factorLastUsed, { hidden: t.removeFactor }])}
  <tbody>${factors.map(
    (f) => html`<tr>
    <td>${t[`factor_${f.type}`]}</td><td>${f.label}</td><td>${day(f.createdAt)}</td>
    <td>${f.lastUsedAt ? day(f.lastUsedAt) : t.factorNeverUsed}</td>
    <td><a href="/profile/security/factors/${f.id}/remove">${t.removeFactor}<span class="visually-hidden"> ${f.label}</span></a></td>
  </tr>`,
  )}</tbody>
</table>`;
}

function reauthFields(t: Texts, e: FieldErrors, prefix = ''): SafeHtml {
  return html`${textField({ name: 'password', id: `${prefix}password`, label: t.reauthPassword, type: 'password', error: e[`${prefix}password`], required: true, autocomplete: 'current-password' })}
  ${textField({ name: 'code', id: `${prefix}code`, label: t.reauthCode, error: e[`${prefix}code`], required: true, autocomplete: 'one-time-code' })}`;
}

export function securityPage(c: Chrome, o: Messages & { factors: FactorView[]; recoveryCodesLeft: number }): SafeHtml {
  const { t } = c;
  const e = o.errors ?? {};
  const hasTotp = o.factors.some((f) => f.type === 'TOTP');
  return page(c, {
    title: t.securityTitle,
    errors: e,
    pageErrors: o.pageErrors,
    notice: o.notice,
    body: html`<p>${t.securityIntro}</p>
<p class="hint">${t.securityApproverHint}</p>
${factorTable(t, o.factors)}
${o.factors.length ? html`<p>${t.format('recoveryLeft', { n: o.recoveryCodesLeft })}</p>` : ''}
${
  hasTotp
    ? ''
    : html`<section aria-labelledby="totp-title"><h2 id="totp-title">${t.addTotpTitle}</h2><p>${t.addTotpIntro}</p>
<form method="post" action="/profile/security/totp">${csrfField(c.csrfToken)}<button type="submit" class="button">${t.addTotpButton}</button></form></section>`
}
<section aria-labelledby="passkey-title"><h2 id="passkey-title">${t.addPasskeyTitle}</h2><p>${t.addPasskeyIntro}</p>
<form id="passkey-form" method="post" action="/profile/security/passkeys" novalidate>
  ${csrfField(c.csrfToken)}
  <input type="hidden" name="enrolmentId" value=""><input type="hidden" name="credential" value="">
  ${textField({ name: 'label', id: 'passkey-label', label: t.passkeyName, error: e['passkey-label'] })}
  <p class="hint" data-passkey-unsupported>${t.passkeyNeedsScript}</p>
  <p class="error-message" data-passkey-error hidden>${t.passkeyFailed}</p>
  <button type="button" class="button" hidden data-passkey-register data-options-url="/profile/security/passkeys/options"
    data-form="passkey-form">${t.addPasskeyButton}</button>
</form></section>
${
  o.factors.length
    ? html`<section aria-labelledby="renew-title"><h2 id="renew-title">${t.renewTitle}</h2><p>${t.renewIntro}</p>
<form method="post" action="/profile/security/recovery-codes" novalidate>${csrfField(c.csrfToken)}
  ${reauthFields(t, e, 'renew-')}
  <button type="submit" class="button button-secondary">${t.renewButton}</button>
</form></section>`
    : ''
}
${passkeyScripts}`,
  });
}

export function totpSetupPage(
  c: Chrome,
  o: Messages & { enrolmentId: string; secret: string; qrCode: string },
): SafeHtml {
  const { t } = c;
  const e = o.errors ?? {};
  return page(c, {
    title: t.totpSetupTitle,
    errors: e,
    pageErrors: o.pageErrors,
    body: html`<p>${t.totpScan}</p>
<p><img id="totp-qr" src="${o.qrCode}" alt="${t.totpQrAlt}" width="220" height="220"></p>
<p>${t.totpManual} <code id="totp-secret">${o.secret.match(/.{1,4}/g)!.join(' ')}</code></p>
<form method="post" action="/profile/security/totp/confirm" novalidate>
  ${csrfField(c.csrfToken)}
  <input type="hidden" name="enrolmentId" value="${o.enrolmentId}">
  ${textField({ name: 'code', label: t.totpCode, hint: t.totpCodeHint, error: e.code, required: true, autocomplete: 'one-time-code', inputmode: 'numeric' })}
  <button type="submit" class="button">${t.totpConfirm}</button>
</form>`,
  });
}

export function recoveryCodesPage(c: Chrome, o: { codes: string[]; notice?: string }): SafeHtml {
  const { t } = c;
  return page(c, {
    title: t.recoveryTitle,
    notice: o.notice,
    body: html`<p>${t.recoveryIntro}</p>
<ol id="recovery-codes" class="recovery-codes">${o.codes.map((code) => html`<li><code>${code}</code></li>`)}</ol>
<p class="actions"><a class="button" href="/profile/security">${t.recoveryDone}</a></p>`,
  });
}

export function removeFactorPage(c: Chrome, o: Messages & { factor: FactorView }): SafeHtml {
  const { t } = c;
  const e = o.errors ?? {};
  return page(c, {
    title: t.removeTitle,
    errors: e,
    pageErrors: o.pageErrors,
    body: html`<p>${t.format('removeIntro', { label: o.factor.label })}</p>
<form method="post" action="/profile/security/factors/${o.factor.id}/remove" novalidate>
  ${csrfField(c.csrfToken)}
  ${reauthFields(t, e)}
  <button type="submit" class="button">${t.removeButton}</button>
</form>
<p><a href="/profile/security">${t.securityTitle}</a></p>`,
  });
}

export function secondStepPage(
  c: Chrome,
  o: Messages & { challenge: string; next?: string; methods: string[] },
): SafeHtml {
  const { t } = c;
  const e = o.errors ?? {};
  const passkey = o.methods.includes('passkey');
  return page(c, {
    title: t.secondStepTitle,
    errors: e,
    pageErrors: o.pageErrors,
    body: html`<p>${t.secondStepIntro}</p>
<form id="second-step-form" method="post" action="/login/second-factor" novalidate>
  ${csrfField(c.csrfToken)}
  <input type="hidden" name="challenge" value="${o.challenge}">
  ${o.next ? html`<input type="hidden" name="next" value="${o.next}">` : ''}
  <input type="hidden" name="passkey" value="">
  ${textField({ name: 'code', label: t.secondStepCode, error: e.code, autocomplete: 'one-time-code' })}
  <button type="submit" class="button button-green">${t.secondStepButton}</button>
  ${
    passkey
      ? html`<p class="error-message" data-passkey-error hidden>${t.passkeyFailed}</p>
  <p><button type="button" class="button button-secondary" hidden data-passkey-login data-options-url="/login/second-factor/passkey-options"
    data-form="second-step-form">${t.secondStepPasskey}</button></p>`
      : ''
  }
</form>
<p class="hint">${t.secondStepLost}</p>
${passkey ? passkeyScripts : ''}`,
  });
}
