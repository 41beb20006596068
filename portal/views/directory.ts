// Pages of guide II.1.1–II.2: the searches for operators, authorities and control bodies with a checkbox per row,
// the confirmation with optional message, e-mail and phone, and "Create a new operator".
import type { Environment, RoleKind } from '../../domain/enums';
import { html, type HtmlPart, type SafeHtml } from '../html';
import { type Texts } from '../i18n';
import {
  checkboxField,
  csrfField,
  errorLine,
  fieldset,
  page,
  selectField,
  tableHead,
  textareaField,
  textField,
  type Chrome,
  type FieldErrors,
  type Option,
} from '../layout';
import { KIND_PATHS } from './roles';

export interface Address {
  street: string | null;
  postcode: string | null;
  city: string | null;
  country: string;
}

export interface SearchResults<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface ReferenceOptions {
  countries: Option[];
  sections: Option[];
  activityTypes: Array<Option & { section: string }>;
  authorityRoles: Option[];
  competences: Option[];
}

interface SearchShell {
  env: Environment;
  kind: RoleKind;
  title: string;
  intro: string;
  filters: HtmlPart;
  /** The page's URL, kept as the way back from the confirmation. */
  url: string;
  results?: { total: number; page: number; pageSize: number; table: HtmlPart };
  errors?: FieldErrors;
  noneSelected?: boolean;
  after?: HtmlPart;
  notice?: string;
}

const checkboxId = (id: string) => `select-${id}`;

function addressLine(a: Address, countryName: (code: string) => string): string {
  return [a.street, [a.postcode, a.city].filter(Boolean).join(' '), `${countryName(a.country)} (${a.country})`]
    .filter(Boolean)
    .join(', ');
}

/** The checkbox of a row, labelled "Select" with the organisation's name for assistive technology. */
function rowCheckbox(t: Texts, id: string, name: string): SafeHtml {
  return html`<input type="checkbox" id="${checkboxId(id)}" name="organisationIds" value="${id}">
    <label for="${checkboxId(id)}">${t.select}<span class="visually-hidden"> ${name}</span></label>`;
}

function pager(t: Texts, url: string, r: { total: number; page: number; pageSize: number }): SafeHtml | '' {
  const pages = Math.max(1, Math.ceil(r.total / r.pageSize));
  if (pages <= 1) return '';
  const to = (p: number) => {
    const u = new URL(url, 'http://portal.invalid');
    u.searchParams.set('page', String(p));
    return `${u.pathname}${u.search}`;
  };
  return html`<nav class="pager" aria-label="${t.format('pageOf', { page: r.page, pages })}"><ul>
  ${r.page > 1 ? html`<li><a href="${to(r.page - 1)}" rel="prev">${t.previousPage}</a></li>` : ''}
  <li>${t.format('pageOf', { page: r.page, pages })}</li>
  ${r.page < pages ? html`<li><a href="${to(r.page + 1)}" rel="next">${t.nextPage}</a></li>` : ''}
</ul></nav>`;
}

function searchPage(c: Chrome, s: SearchShell): SafeHtml {
  const { t } = c;
  const results = s.results
    ? html`<section aria-labelledby="results-title">
  <h2 id="results-title">${t.resultsTitle} <span class="count">(${t.format('resultsCount', { count: s.results.total })})</span></h2>
  ${
    s.results.total === 0
      ? html`<p>${t.noResults}</p>`
      : html`<form method="get" action="/environments/${s.env}/request/confirm">
    <input type="hidden" name="kind" value="${s.kind}">
    <input type="hidden" name="back" value="${s.url}">
    ${s.noneSelected ? errorLine('request', t.noneSelected) : ''}
    <p><button type="submit" class="button" id="request"${s.noneSelected ? html` aria-describedby="request-error"` : ''}>${t.requestButton}</button></p>
    ${s.results.table}
  </form>
  ${pager(t, s.url, s.results)}`
  }
</section>`
    : '';
  return page(c, {
    title: s.title,
    notice: s.notice,
    errors: s.errors,
    pageErrors: s.noneSelected ? [t.noneSelected] : undefined,
    body: html`<p>${s.intro}</p>
<form method="get" action="/environments/${s.env}/${KIND_PATHS[s.kind]}" class="search" novalidate>
  <fieldset><legend>${t.searchLegend}</legend>
  ${s.filters}
  <button type="submit" class="button">${t.searchButton}</button>
  </fieldset>
</form>
${results}
${s.after ?? ''}`,
  });
}

export interface OperatorItem extends Address {
  id: string;
  name: string;
  eori: string | null;
  activities: Array<{ section: string; activityType: string; label: string }>;
}

export function operatorSearchPage(
  c: Chrome,
  o: {
    env: Environment;
    url: string;
    query: Record<string, string>;
    refs: ReferenceOptions;
    countryName: (code: string) => string;
    activityName: (code: string, label: string) => string;
    results?: SearchResults<OperatorItem>;
    errors?: FieldErrors;
    noneSelected?: boolean;
    notice?: string;
  },
): SafeHtml {
  const { t } = c;
  const q = o.query;
  const e = o.errors ?? {};
  const table =
    o.results &&
    html`<table class="results">
  ${tableHead(t.resultsTitle, [t.colName, t.colAddress, t.colActivities, t.colSelect])}
  <tbody>${o.results.items.map(
    (op) => html`<tr>
    <th scope="row">${op.name}${op.eori ? html`<br><span class="code">EORI: ${op.eori}</span>` : ''}</th>
    <td>${addressLine(op, o.countryName)}</td>
    <td>${op.activities.map((a) => html`<span class="activity">${o.activityName(a.activityType, a.label)}</span>`)}</td>
    <td>${rowCheckbox(t, op.id, op.name)}</td>
  </tr>`,
  )}</tbody>
</table>`;
  return searchPage(c, {
    env: o.env,
    kind: 'OPERATOR',
    notice: o.notice,
    title: t.operatorsTitle,
    intro: t.operatorsIntro,
    url: o.url,
    errors: e,
    noneSelected: o.noneSelected,
    filters: html`${selectField({ name: 'country', label: t.country, options: o.refs.countries, value: q.country, placeholder: t.chooseCountry, error: e.country, required: true })}
  ${selectField({ name: 'section', label: t.section, options: o.refs.sections, value: q.section, placeholder: t.any, error: e.section })}
  ${selectField({ name: 'activityType', label: t.activityType, options: o.refs.activityTypes, value: q.activityType, placeholder: t.any, error: e.activityType })}
  ${textField({ name: 'q', label: t.searchText, value: q.q, hint: t.searchTextHint, error: e.q })}`,
    results: o.results && table ? { ...o.results, table } : undefined,
    // "Create a new operator" only once a search of a country was made (guide II.1.1).
    after:
      o.results && q.country
        ? html`<p class="after-results">${t.notFoundOperator}
  <a class="button button-secondary" href="/environments/${o.env}/operators/new?country=${encodeURIComponent(q.country!.toUpperCase())}">${
    t.createOperatorLink
  }</a></p>`
        : '',
  });
}

export interface AuthorityItem extends Address {
  id: string;
  name: string;
  code: string | null;
  role: string | null;
  competences: string[];
}

export function authoritySearchPage(
  c: Chrome,
  o: {
    env: Environment;
    url: string;
    query: Record<string, string>;
    refs: ReferenceOptions;
    countryName: (code: string) => string;
    results?: SearchResults<AuthorityItem>;
    errors?: FieldErrors;
    noneSelected?: boolean;
  },
): SafeHtml {
  const { t } = c;
  const q = o.query;
  const e = o.errors ?? {};
  const competence = (code: string) => o.refs.competences.find((x) => x.value === code)?.label ?? code;
  const table =
    o.results &&
    html`<table class="results">
  ${tableHead(t.resultsTitle, [t.colName, t.colAddress, t.colRole, t.colCompetence, t.colCode, t.colSelect])}
  <tbody>${o.results.items.map(
    (a) => html`<tr>
    <th scope="row">${a.name}</th>
    <td>${addressLine(a, o.countryName)}</td>
    <td><abbr title="${o.refs.authorityRoles.find((r) => r.value === a.role)?.label ?? ''}">${a.role ?? ''}</abbr></td>
    <td>${a.competences.map(competence).join(', ')}</td>
    <td>${a.code ?? ''}</td>
    <td>${rowCheckbox(t, a.id, a.name)}</td>
  </tr>`,
  )}</tbody>
</table>
<p class="hint">${t.roleLegendBcp}<br>${t.roleLegendCca}</p>`;
  return searchPage(c, {
    env: o.env,
    kind: 'AUTHORITY',
    title: t.authoritiesTitle,
    intro: t.authoritiesIntro,
    url: o.url,
    errors: e,
    noneSelected: o.noneSelected,
    filters: html`${selectField({ name: 'country', label: t.country, options: o.refs.countries, value: q.country, placeholder: t.any, error: e.country })}
  ${selectField({ name: 'role', label: t.authorityRole, options: o.refs.authorityRoles, value: q.role, placeholder: t.any, error: e.role })}
  ${selectField({ name: 'competence', label: t.competence, options: o.refs.competences, value: q.competence, placeholder: t.any, error: e.competence })}
  ${textField({ name: 'q', label: t.authorityName, value: q.q, error: e.q })}`,
    results: o.results && table ? { ...o.results, table } : undefined,
  });
}

export interface ControlBodyItem extends Address {
  id: string;
  name: string;
  code: string | null;
  controlBodyKey: string | null;
}

/** Entries grouped by body: a checkbox per country entry and one for all the countries of the body (guide II.1.3). */
export function controlBodySearchPage(
  c: Chrome,
  o: {
    env: Environment;
    url: string;
    query: Record<string, string>;
    refs: ReferenceOptions;
    countryName: (code: string) => string;
    results?: SearchResults<ControlBodyItem>;
    errors?: FieldErrors;
    noneSelected?: boolean;
  },
): SafeHtml {
  const { t } = c;
  const q = o.query;
  const e = o.errors ?? {};
  const groups = new Map<string, ControlBodyItem[]>();
  for (const item of o.results?.items ?? []) {
    const key = item.controlBodyKey ?? item.id;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  let n = 0;
  const table =
    o.results &&
    html`<table class="results">
  ${tableHead(t.resultsTitle, [t.colName, t.colAddress, t.colCode, t.colSelect])}
  ${[...groups.entries()].map(([key, items]) => {
    const groupId = `body-${n++}`;
    const all = items[0]!.controlBodyKey
      ? html`<tr class="group"><th scope="rowgroup" colspan="3">${items[0]!.name}</th>
      <td><input type="checkbox" id="${groupId}" name="controlBodyKeys" value="${key}">
        <label for="${groupId}">${t.format('selectAllCountries', { name: items[0]!.name })}</label></td></tr>`
      : '';
    return html`<tbody>${all}${items.map(
      (cb) => html`<tr>
    <th scope="row">${cb.name}</th>
    <td>${addressLine(cb, o.countryName)}</td>
    <td>${cb.code ?? ''}</td>
    <td>${rowCheckbox(t, cb.id, `${cb.name} ${cb.code ?? ''}`.trim())}</td>
  </tr>`,
    )}</tbody>`;
  })}
</table>`;
  return searchPage(c, {
    env: o.env,
    kind: 'CONTROL_BODY',
    title: t.controlBodiesTitle,
    intro: t.controlBodiesIntro,
    url: o.url,
    errors: e,
    noneSelected: o.noneSelected,
    filters: html`${selectField({ name: 'country', label: t.country, options: o.refs.countries, value: q.country, placeholder: t.any, error: e.country })}
  ${textField({ name: 'q', label: t.controlBodyName, value: q.q, error: e.q })}`,
    results: o.results && table ? { ...o.results, table } : undefined,
  });
}

export interface ChosenOrganisation {
  id: string;
  name: string;
  code: string | null;
  country: string;
}

export interface ContactValues {
  message?: string;
  contactEmail?: string;
  contactPhone?: string;
}

/** "Confirm authorisation request for …" with the optional message, e-mail and phone (guide II.2). */
export function confirmPage(
  c: Chrome,
  o: {
    env: Environment;
    kind: RoleKind;
    organisations: ChosenOrganisation[];
    back: string;
    values?: ContactValues;
    errors?: FieldErrors;
    pageErrors?: string[];
  },
): SafeHtml {
  const { t } = c;
  const e = o.errors ?? {};
  const v = o.values ?? {};
  return page(c, {
    title: t.confirmTitle,
    errors: e,
    pageErrors: o.pageErrors,
    body: html`<p>${t.confirmFor}</p>
<ul class="chosen">${o.organisations.map((org) => html`<li><strong>${org.code ?? org.name}</strong>${org.code ? html` – ${org.name}` : ''} (${org.country})</li>`)}</ul>
<p>${t.confirmIntro}</p>
<form method="post" action="/environments/${o.env}/request" novalidate>
  ${csrfField(c.csrfToken)}
  <input type="hidden" name="kind" value="${o.kind}">
  <input type="hidden" name="back" value="${o.back}">
  ${o.organisations.map((org) => html`<input type="hidden" name="organisationIds" value="${org.id}">`)}
  ${textareaField({ name: 'message', label: t.message, value: v.message, error: e.message })}
  ${textField({ name: 'contactEmail', label: t.contactEmail, type: 'email', value: v.contactEmail, error: e.contactEmail, autocomplete: 'email' })}
  ${textField({ name: 'contactPhone', label: t.contactPhone, type: 'tel', value: v.contactPhone, error: e.contactPhone, autocomplete: 'tel' })}
  <p class="actions"><button type="submit" class="button">${t.sendRequest}</button> <a href="${o.back}">${t.cancel}</a></p>
</form>
<p class="hint">${t.deciderNote}</p>`,
  });
}

export interface NewOperatorValues extends ContactValues {
  name?: string;
  country?: string;
  street?: string;
  postcode?: string;
  city?: string;
  activityTypes: string[];
  phone?: string;
  fax?: string;
  email?: string;
  website?: string;
  eori?: string;
  confirmNotDuplicate?: boolean;
}

export interface Duplicate {
  id?: string;
  name: string;
  reason: string;
}

/** "Create operator to request being attached to" (guide II.1.1), with the duplicate warning when one is likely. */
export function newOperatorPage(
  c: Chrome,
  o: {
    env: Environment;
    refs: ReferenceOptions;
    values: NewOperatorValues;
    errors?: FieldErrors;
    pageErrors?: string[];
    duplicates?: Duplicate[];
  },
): SafeHtml {
  const { t } = c;
  const e = o.errors ?? {};
  const v = o.values;
  const sectionLabel = (code: string) => o.refs.sections.find((s) => s.value === code)?.label ?? code;
  const duplicates = o.duplicates?.length
    ? html`<div class="warning-box" role="alert" aria-labelledby="duplicates-title">
  <h2 id="duplicates-title">${t.duplicateTitle}</h2>
  <p>${t.duplicateIntro}</p>
  <ul>${o.duplicates.map(
    (d) =>
      html`<li><strong>${d.name}</strong> – ${d.reason}${
        d.id
          ? html` <a href="/environments/${o.env}/request/confirm?kind=OPERATOR&amp;organisationIds=${d.id}">${t.format('duplicateRequest', { name: d.name })}</a>`
          : ''
      }</li>`,
  )}</ul>
  ${checkboxField({ name: 'confirmNotDuplicate', label: t.duplicateConfirm, checked: v.confirmNotDuplicate, error: e.confirmNotDuplicate })}
</div>`
    : '';
  return page(c, {
    title: t.newOperatorTitle,
    errors: e,
    pageErrors: o.pageErrors,
    body: html`<p>${t.newOperatorIntro}</p>
<p class="hint">${t.mandatoryNote}</p>
<form method="post" action="/environments/${o.env}/operators/new" novalidate>
  ${csrfField(c.csrfToken)}
  ${duplicates}
  ${fieldset({
    id: 'details',
    legend: t.operatorDetails,
    body: html`
    ${textField({ name: 'name', label: t.opName, value: v.name, error: e.name, required: true, autocomplete: 'organization' })}
    ${selectField({ name: 'country', label: t.country, options: o.refs.countries, value: v.country, placeholder: t.chooseCountry, error: e.country, required: true })}
    ${textField({ name: 'street', label: t.street, value: v.street, error: e.street, required: true, autocomplete: 'street-address' })}
    ${textField({ name: 'postcode', label: t.postcode, value: v.postcode, error: e.postcode, required: true, autocomplete: 'postal-code' })}
    ${textField({ name: 'city', label: t.city, value: v.city, error: e.city, required: true, autocomplete: 'address-level2' })}`,
  })}
  ${fieldset({
    id: 'activities',
    legend: t.activitiesLegend,
    hint: t.activitiesHint,
    error: e.activities,
    required: true,
    body: o.refs.activityTypes.map((a) =>
      checkboxField({
        name: 'activityTypes',
        id: `activity-${a.value}`,
        value: a.value,
        label: `${a.label} (${sectionLabel(a.section)})`,
        checked: v.activityTypes.includes(a.value),
      }),
    ),
  })}
  ${fieldset({
    id: 'contact',
    legend: t.contactLegend,
    hint: t.contactHint,
    error: e.contact,
    required: true,
    body: html`${textField({ name: 'phone', label: t.phone, type: 'tel', value: v.phone, error: e.phone, autocomplete: 'tel' })}
    ${textField({ name: 'fax', label: t.fax, type: 'tel', value: v.fax, error: e.fax })}
    ${textField({ name: 'email', label: t.opEmail, type: 'email', value: v.email, error: e.email })}
    ${textField({ name: 'website', label: t.website, value: v.website, error: e.website, inputmode: 'url' })}`,
  })}
  ${textField({ name: 'eori', label: t.eori, value: v.eori, error: e.eori, hint: t.eoriHint })}
  ${fieldset({
    id: 'request-details',
    legend: t.requestLegend,
    body: html`${textareaField({ name: 'message', label: t.message, value: v.message, error: e.message })}
    ${textField({ name: 'contactEmail', label: t.contactEmail, type: 'email', value: v.contactEmail, error: e.contactEmail })}
    ${textField({ name: 'contactPhone', label: t.contactPhone, type: 'tel', value: v.contactPhone, error: e.contactPhone })}`,
  })}
  <p class="actions"><button type="submit" class="button">${t.createOperatorButton}</button>
  <a href="/environments/${o.env}/operators${v.country ? `?country=${encodeURIComponent(v.country)}` : ''}">${t.backToSearch}</a></p>
</form>`,
  });
}
