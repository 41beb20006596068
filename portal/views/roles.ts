// Pages of section II of the guide around the roles: environment choice, the role-kind choice with the personal
// information, "Your Roles", the profile and the preferences.
import { ENVIRONMENTS, ROLE_KINDS, type Environment, type RequestStatus, type RoleKind } from '../../domain/enums';
import { html, type SafeHtml } from '../html';
import { envLabel, kindLabel, statusLabel, type Texts } from '../i18n';
import {
  checkboxField,
  csrfField,
  HELPDESK,
  page,
  selectField,
  tableHead,
  type Chrome,
  type FieldErrors,
} from '../layout';

export const KIND_PATHS: Record<RoleKind, string> = {
  OPERATOR: 'operators',
  CONTROL_BODY: 'control-bodies',
  AUTHORITY: 'authorities',
};

export interface Person {
  firstName: string;
  lastName: string;
  email: string;
  emailLanguage: string;
  timeZone: string;
  emailNotifications: boolean;
}

const envTag = (t: Texts, env: Environment) =>
  html`<p class="env-tag">${t.format('envHeading', { env: envLabel(t, env) })}</p>`;

export function environmentsPage(c: Chrome): SafeHtml {
  const { t } = c;
  return page(c, {
    title: t.environmentsTitle,
    body: html`<p>${t.environmentsIntro}</p>
<ul class="cards">${ENVIRONMENTS.map(
      (env) => html`<li>
  <h2><a href="/environments/${env}">${envLabel(t, env)}</a></h2>
  <p>${t[`envDesc_${env}`]}</p>
</li>`,
    )}</ul>`,
  });
}

function personalInformation(t: Texts, person: Person): SafeHtml {
  return html`<section class="personal" aria-labelledby="personal-title">
  <h2 id="personal-title">${t.personalInfo}</h2>
  <p>${t.personalInfoIntro}</p>
  <dl>
    <dt>${t.fullName}</dt><dd>${person.firstName} ${person.lastName}</dd>
    <dt>${t.email}</dt><dd>${person.email}</dd>
  </dl>
</section>`;
}

/** "Select your role" (guide II.1): all three kinds for a newcomer, only the held kind for more posts. */
export function kindChoicePage(
  c: Chrome,
  o: { env: Environment; person: Person; hasRoles: boolean; heldKind?: RoleKind },
): SafeHtml {
  const { t } = c;
  const kinds = o.heldKind ? [o.heldKind] : [...ROLE_KINDS];
  return page(c, {
    title: t.requestTitle,
    body: html`${envTag(t, o.env)}
${o.hasRoles ? '' : html`<p>${t.noRoleYet}</p>`}
<p>${t.selectKind}</p>
<p class="warning"><strong>${t.newTabWarning}</strong></p>
<p>${t.oneKindRule}</p>
${o.heldKind ? html`<p>${t.format('kindHeld', { kind: kindLabel(t, o.heldKind) })}</p>` : ''}
<ul class="kinds">${kinds.map(
      (kind) => html`<li>
  <a class="kind-link" href="/environments/${o.env}/${KIND_PATHS[kind]}" aria-describedby="kind-${kind}-desc">${kindLabel(t, kind)}<span aria-hidden="true"> ›</span></a>
  <p id="kind-${kind}-desc">${t[`kindDesc_${kind}`]}</p>
</li>`,
    )}</ul>
<p>${t.needHelp} <a href="mailto:${HELPDESK}">${HELPDESK}</a></p>
${personalInformation(t, o.person)}`,
  });
}

export interface RoleRow {
  id: string;
  kind: RoleKind;
  status: RequestStatus;
  isAdministrator: boolean;
  organisation: {
    name: string;
    code: string | null;
    country: string;
    status: string;
    street: string | null;
    postcode: string | null;
    city: string | null;
  };
}

const FILTERS = ['REQUESTED', 'SUSPENDED', 'VALID'] as const;

/** "Your Roles" (guide II.2): counts that filter by status, a Delete button per role, and more roles. */
export function rolesPage(
  c: Chrome,
  o: {
    env: Environment;
    counts: Record<(typeof FILTERS)[number], number>;
    roles: RoleRow[];
    filter?: RequestStatus;
    countryName: (code: string) => string;
    notice?: string;
    pageErrors?: string[];
  },
): SafeHtml {
  const { t, lang } = c;
  const base = `/environments/${o.env}/roles`;
  const filterLink = (status: (typeof FILTERS)[number] | undefined, label: string) =>
    status === o.filter
      ? html`<li><a href="${status ? `${base}?status=${status}` : base}" aria-current="true" class="current">${label}</a></li>`
      : html`<li><a href="${status ? `${base}?status=${status}` : base}">${label}</a></li>`;
  const rows = o.roles.map((r) => {
    const org = r.organisation;
    const address = [org.street, [org.postcode, org.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
    return html`<tr>
  <td>${kindLabel(t, r.kind)}</td>
  <td><strong>${org.name}</strong>${org.code ? html` <span class="code">${org.code}</span>` : ''}
    <br>${address}${address ? ', ' : ''}${o.countryName(org.country)} (${org.country})
    ${org.status === 'PENDING' ? html`<br><em>${t.operatorPending}</em>` : ''}
    ${r.isAdministrator ? html`<br><em>${t.administrator}</em>` : ''}</td>
  <td class="status status-${r.status.toLowerCase()}">${statusLabel(lang, r.status)}</td>
  <td>${
    ['REQUESTED', 'VALID', 'SUSPENDED'].includes(r.status)
      ? html`<form method="post" action="/environments/${o.env}/roles/${r.id}/delete" class="inline">${csrfField(c.csrfToken)}
      <button type="submit" class="button button-danger">${t.deleteButton}<span class="visually-hidden"> ${org.name}</span></button></form>`
      : ''
  }</td>
</tr>`;
  });
  return page(c, {
    title: t.rolesTitle,
    notice: o.notice,
    pageErrors: o.pageErrors,
    body: html`${envTag(t, o.env)}
<nav class="status-filter" aria-label="${t.filterStatus}"><span>${t.filterStatus}</span><ul>
  ${filterLink(undefined, t.filterAll)}
  ${FILTERS.map((s) => filterLink(s, t.format(`count_${s}`, { n: o.counts[s] })))}
</ul></nav>
${
  o.roles.length
    ? html`<table class="results">
  ${tableHead(t.rolesTitle, [t.colKind, t.colOrganisation, t.colStatus, { hidden: t.colActions }])}
  <tbody>${rows}</tbody>
</table>`
    : html`<p>${t.noRoles}</p>`
}
<p>${t.requestMore} <a href="/environments/${o.env}/request">${t.requestMoreLink}</a></p>
<p class="hint">${t.deciderNote}</p>`,
  });
}

export function profilePage(
  c: Chrome,
  o: { person: Person; perEnvironment: Array<{ env: Environment; counts: Record<string, number> }> },
): SafeHtml {
  const { t } = c;
  return page(c, {
    title: t.profileTitle,
    body: html`${personalInformation(t, o.person)}
<section aria-labelledby="envs-title">
  <h2 id="envs-title">${t.yourEnvironments}</h2>
  <ul class="cards">${o.perEnvironment.map(
    ({ env, counts }) => html`<li>
    <h3><a href="/environments/${env}/roles">${envLabel(t, env)}</a></h3>
    <p>${FILTERS.map((s) => t.format(`count_${s}`, { n: counts[s] ?? 0 })).join(' · ')}</p>
  </li>`,
  )}</ul>
</section>
<p><a href="/preferences">${t.preferencesTitle}</a></p>
<p><a href="/profile/account">${t.changePasswordTitle}</a> · <a href="/profile/account">${t.changeEmailTitle}</a> · <a href="/profile/security">${t.securityLink}</a></p>`,
  });
}

export function preferencesPage(
  c: Chrome,
  o: {
    timeZone: string;
    emailNotifications: boolean;
    timeZones: string[];
    errors?: FieldErrors;
    pageErrors?: string[];
    notice?: string;
  },
): SafeHtml {
  const { t } = c;
  const e = o.errors ?? {};
  return page(c, {
    title: t.preferencesTitle,
    errors: e,
    pageErrors: o.pageErrors,
    notice: o.notice,
    body: html`<form method="post" action="/preferences" novalidate>
  ${csrfField(c.csrfToken)}
  ${selectField({ name: 'timeZone', label: t.timeZone, value: o.timeZone, error: e.timeZone, options: o.timeZones.map((z) => ({ value: z, label: z })) })}
  ${checkboxField({ name: 'emailNotifications', label: t.emailNotifications, checked: o.emailNotifications, error: e.emailNotifications })}
  <button type="submit" class="button">${t.savePreferences}</button>
</form>`,
  });
}
