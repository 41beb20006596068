// The page shell and the form parts every page uses: visible labels, hints and errors tied to their field with
// aria-describedby, an error summary linking to the fields, and the CSRF field.
import { html, type HtmlPart, type SafeHtml } from './html';
import { EMAIL_LANGUAGE_NAMES, LANGUAGES, type Lang, type Texts } from './i18n';

export const HELPDESK = 'SANTE-TRACES@ec.europa.eu';

export interface Chrome {
  lang: Lang;
  t: Texts;
  csrfToken: string;
  /** The page's own URL (path and query), for the language switch. */
  url: string;
  person?: { firstName: string; lastName: string };
}

/** Errors by input id, already in the page's language. */
export type FieldErrors = Record<string, string>;

export interface PageOptions {
  title: string;
  body: HtmlPart;
  errors?: FieldErrors;
  /** Errors that belong to no field, shown at the top. */
  pageErrors?: string[];
  notice?: string;
}

function withLang(url: string, lang: Lang): string {
  const parsed = new URL(url, 'http://portal.invalid');
  parsed.searchParams.set('lang', lang);
  return `${parsed.pathname}${parsed.search}`;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

const ENTITY_TEXT: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** The visible name of each field or group in the page's markup: its <label for=id> or its fieldset's <legend>. */
function fieldNames(body: string, ids: string[]): Record<string, string> {
  const names: Record<string, string> = {};
  const text = (markup: string) =>
    markup
      .replace(/<span class="required"[^>]*>.*?<\/span>/g, '')
      .replace(/<[^>]+>/g, '')
      .replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITY_TEXT[e]!)
      .trim();
  for (const id of ids) {
    const quoted = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const label = new RegExp(`<label for="${quoted}">([\\s\\S]*?)</label>`).exec(body);
    const legend = new RegExp(`<fieldset id="${quoted}"[^>]*>\\s*<legend>([\\s\\S]*?)</legend>`).exec(body);
    const name = text((label ?? legend)?.[1] ?? '');
    if (name) names[id] = name;
  }
  return names;
}

/** The summary at the top: errors of no field, then each field's error as a link to it, named by the field's label. */
export function errorSummary(
  t: Texts,
  errors: FieldErrors = {},
  pageErrors: string[] = [],
  body: HtmlPart = '',
): SafeHtml | '' {
  const names = fieldNames(html`${body}`.value, Object.keys(errors));
  const items = [
    ...pageErrors.map((text) => html`<li>${text}</li>`),
    ...Object.entries(errors).map(
      ([id, text]) =>
        html`<li><a href="#${id}">${names[id] ? t.format('errorSummaryItem', { field: names[id], message: text }) : text}</a></li>`,
    ),
  ];
  if (items.length === 0) return '';
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
  <h2 id="error-summary-title">${t.errorSummaryTitle}</h2>
  <ul>${items}</ul>
</div>`;
}

export function page(chrome: Chrome, options: PageOptions): SafeHtml {
  const { t, lang } = chrome;
  const languages = LANGUAGES.map((l) =>
    l === lang
      ? html`<li><span aria-current="true" lang="${l}">${EMAIL_LANGUAGE_NAMES[l]}</span></li>`
      : html`<li><a href="${withLang(chrome.url, l)}" lang="${l}" hreflang="${l}">${EMAIL_LANGUAGE_NAMES[l]}</a></li>`,
  );
  const account = chrome.person
    ? html`<nav class="account-nav" aria-label="${t.accountNav}"><ul>
        <li><a href="/environments">${t.navEnvironments}</a></li>
        <li><a href="/profile">${t.navProfile}</a></li>
        <li><a href="/preferences">${t.navPreferences}</a></li>
        <li><form method="post" action="/logout" class="inline">${csrfField(chrome.csrfToken)}<button type="submit" class="link-button">${t.logout}</button></form></li>
      </ul><p class="person">${chrome.person.firstName} ${chrome.person.lastName}</p></nav>`
    : html`<nav class="account-nav" aria-label="${t.accountNav}"><ul><li><a href="/login">${t.login}</a></li></ul></nav>`;
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} – ${t.siteName}</title>
<link rel="stylesheet" href="/assets/portal.css">
<script src="/assets/portal.js" defer></script>
</head>
<body>
<a class="skip-link" href="#main">${t.skipLink}</a>
<header class="site-header">
  <a class="brand" href="/"><strong>${t.siteName}</strong> <span>${t.siteTagline}</span></a>
  <nav class="language-nav" aria-label="${t.languageNav}"><ul>${languages}</ul></nav>
  ${account}
</header>
<main id="main" tabindex="-1">
${errorSummary(t, options.errors, options.pageErrors, options.body)}
${options.notice ? html`<div class="notice" role="status">${options.notice}</div>` : ''}
<h1>${options.title}</h1>
${options.body}
</main>
<footer class="site-footer"><p>${t.footerHelp} <a href="mailto:${HELPDESK}">${HELPDESK}</a></p></footer>
</body>
</html>`;
}

interface FieldBase {
  name: string;
  label: string;
  id?: string;
  error?: string;
  hint?: string;
  /** Marked with a red star and aria-required (the server checks it; no browser validation). */
  required?: boolean;
}

/** The label; the red star of a mandatory field stands beside it (aria-required tells assistive technology). */
function labelFor(id: string, label: string, required?: boolean): SafeHtml {
  return html`<label for="${id}">${label}</label>${required ? html`<span class="required" aria-hidden="true"> *</span>` : ''}`;
}

function described(id: string, o: FieldBase): { parts: SafeHtml; attrs: SafeHtml } {
  const ids = [o.hint ? `${id}-hint` : '', o.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return {
    parts: html`${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}${o.error ? errorLine(id, o.error) : ''}`,
    attrs: html`${ids ? html` aria-describedby="${ids}"` : ''}${o.error ? html` aria-invalid="true"` : ''}${o.required ? html` aria-required="true"` : ''}`,
  };
}

/** The error shown next to a field or group; `id` is the field's. */
export function errorLine(id: string, text: string): SafeHtml {
  return html`<p class="error-message" id="${id}-error">${text}</p>`;
}

export function textField(
  o: FieldBase & { value?: string; type?: string; autocomplete?: string; inputmode?: string },
): SafeHtml {
  const id = o.id ?? o.name;
  const { parts, attrs } = described(id, o);
  return html`<div class="field${o.error ? ' field-error' : ''}">
  ${labelFor(id, o.label, o.required)}
  ${parts}
  <input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${
    o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''
  }${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}${attrs}>
</div>`;
}

export function textareaField(o: FieldBase & { value?: string }): SafeHtml {
  const id = o.id ?? o.name;
  const { parts, attrs } = described(id, o);
  return html`<div class="field${o.error ? ' field-error' : ''}">
  ${labelFor(id, o.label, o.required)}
  ${parts}
  <textarea id="${id}" name="${o.name}" rows="4"${attrs}>${o.value ?? ''}</textarea>
</div>`;
}

export interface Option {
  value: string;
  label: string;
}

export function selectField(o: FieldBase & { options: Option[]; value?: string; placeholder?: string }): SafeHtml {
  const id = o.id ?? o.name;
  const { parts, attrs } = described(id, o);
  return html`<div class="field${o.error ? ' field-error' : ''}">
  ${labelFor(id, o.label, o.required)}
  ${parts}
  <select id="${id}" name="${o.name}"${attrs}>
    ${o.placeholder !== undefined ? html`<option value="">${o.placeholder}</option>` : ''}
    ${o.options.map((opt) => html`<option value="${opt.value}"${opt.value === o.value ? html` selected` : ''}>${opt.label}</option>`)}
  </select>
</div>`;
}

export function checkboxField(o: FieldBase & { checked?: boolean; value?: string }): SafeHtml {
  const id = o.id ?? o.name;
  const { parts, attrs } = described(id, o);
  return html`<div class="field checkbox${o.error ? ' field-error' : ''}">
  ${parts}
  <input id="${id}" name="${o.name}" type="checkbox" value="${o.value ?? 'on'}"${o.checked ? html` checked` : ''}${attrs}>
  ${labelFor(id, o.label, o.required)}
</div>`;
}

/** The head of a results table; an empty heading is named for assistive technology only. */
export function tableHead(caption: string, columns: Array<string | { hidden: string }>): SafeHtml {
  return html`<caption class="visually-hidden">${caption}</caption>
  <thead><tr>${columns.map((c) =>
    typeof c === 'string'
      ? html`<th scope="col">${c}</th>`
      : html`<th scope="col"><span class="visually-hidden">${c.hidden}</span></th>`,
  )}</tr></thead>`;
}

/** A group of fields (radio or checkbox lists, contact details) with its legend, hint and error. */
export function fieldset(o: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  required?: boolean;
  body: HtmlPart;
}): SafeHtml {
  const ids = [o.hint ? `${o.id}-hint` : '', o.error ? `${o.id}-error` : ''].filter(Boolean).join(' ');
  return html`<fieldset id="${o.id}" class="${o.error ? 'field-error' : ''}" tabindex="-1"${ids ? html` aria-describedby="${ids}"` : ''}>
  <legend>${o.legend}${o.required ? html` <span class="required" aria-hidden="true">*</span>` : ''}</legend>
  ${o.hint ? html`<p class="hint" id="${o.id}-hint">${o.hint}</p>` : ''}
  ${o.error ? errorLine(o.id, o.error) : ''}
  ${o.body}
</fieldset>`;
}
