// An organisation's Members page: each person with a live role (their status, since when, administrator or not), and
// a button to grant or remove their administrator rights. Each button POSTs to the action (an Update on the member's
// role workflow); a refusal (the last administrator cannot step down) is said by its code in the approver's language.
// Plain JSX (bundled by AdminJS's rollup at start-up): tsc cannot type a component importing the ESM-only adminjs.
import React, { useState } from 'react';
import {
  Box,
  Button,
  H3,
  MessageBox,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
} from '@adminjs/design-system';
import { ApiClient, useCurrentAdmin, useTranslation } from 'adminjs';
import { formatDate } from './date-value';

const api = new ApiClient();

const parsed = (json) => {
  try {
    return JSON.parse(json || '[]');
  } catch {
    return [];
  }
};

/** One member: name (a link to the person), role status, since when, administrator or not, and the rights button. */
const MemberRow = ({ member: m, busy, onChange }) => {
  const { tc, tl, i18n } = useTranslation();
  const [admin] = useCurrentAdmin();
  const language = (i18n.resolvedLanguage || i18n.language || 'en').slice(0, 2);
  const name = `${m.firstName} ${m.lastName}`;
  return (
    <TableRow data-testid="member" data-account-id={m.accountId}>
      <TableCell>
        <a
          href={`/admin/resources/Account/records/${m.accountId}/show`}
          style={{ color: '#2E45C8', textDecoration: 'underline' }}
        >
          {name}
        </a>
        {` (${m.email})`}
      </TableCell>
      <TableCell>
        <span data-testid="member-status" data-value={m.status}>
          {tl(`status.${m.status}`, { defaultValue: m.status })}
        </span>
      </TableCell>
      <TableCell>
        <time dateTime={m.since} style={{ whiteSpace: 'nowrap' }}>
          {formatDate(m.since, language, admin?.timeZone || undefined)}
        </time>
      </TableCell>
      <TableCell data-testid="member-administrator" data-value={m.isAdministrator ? 'yes' : 'no'}>
        {tc(m.isAdministrator ? 'Ui.yes' : 'Ui.no')}
      </TableCell>
      <TableCell>
        <Button
          type="button"
          size="sm"
          variant={m.isAdministrator ? 'outlined' : 'primary'}
          disabled={busy || (!m.isAdministrator && m.status !== 'VALID')}
          data-testid={m.isAdministrator ? 'remove-administrator' : 'grant-administrator'}
          aria-label={tc(m.isAdministrator ? 'Ui.removeRightsOf' : 'Ui.grantRightsOf', { name })}
          onClick={() => onChange(m, !m.isAdministrator)}
        >
          {tc(m.isAdministrator ? 'Ui.removeRights' : 'Ui.grantRights')}
        </Button>
      </TableCell>
    </TableRow>
  );
};

const Members = ({ action, resource, record: initial }) => {
  const { tc, tm } = useTranslation();
  const [record, setRecord] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState(null);
  const members = parsed(record.params.members);
  const refusal = record.params.membersRefusal;

  const change = async (member, grant) => {
    setBusy(true);
    try {
      const response = await api.recordAction({
        resourceId: resource.id,
        recordId: record.id,
        actionName: action.name,
        data: { accountId: member.accountId, grant: grant ? 'true' : 'false' },
      });
      if (response.data.record) setRecord(response.data.record);
      setOutcome({ ...(response.data.outcome ?? { ok: false, code: 'FAILED' }), member, grant });
    } finally {
      setBusy(false);
    }
  };

  const name = (m) => `${m.firstName} ${m.lastName}`;
  const message = (o) =>
    o.ok
      ? tc(o.grant ? 'Ui.granted' : 'Ui.removed', { name: name(o.member) })
      : tc('Ui.refused', { code: o.code, text: tm(`refusal.${o.code}`, { defaultValue: o.code }) });

  return (
    <Box variant="container" data-testid="members">
      <H3 as="h2">{tc('Ui.membersOf', { name: record.params.name })}</H3>
      {outcome ? (
        <Box mb="lg" role={outcome.ok ? 'status' : 'alert'}>
          <MessageBox
            variant={outcome.ok ? 'success' : 'danger'}
            data-testid="members-outcome"
            data-code={outcome.ok ? '' : outcome.code}
            message={message(outcome)}
          />
        </Box>
      ) : null}
      {refusal ? (
        <MessageBox
          variant="danger"
          data-testid="members-refused"
          message={tc('Ui.refused', { code: refusal, text: tm(`refusal.${refusal}`, { defaultValue: refusal }) })}
        />
      ) : members.length === 0 ? (
        <Text data-testid="no-members">{tc('Ui.noMembers')}</Text>
      ) : (
        <Table>
          <caption style={{ textAlign: 'left', paddingBottom: 8 }}>
            {tc('Ui.membersCaption', { count: members.length })}
          </caption>
          <TableHead>
            <TableRow>
              <TableCell as="th" scope="col">
                {tc('Ui.person')}
              </TableCell>
              <TableCell as="th" scope="col">
                {tc('Ui.statusLabel')}
              </TableCell>
              <TableCell as="th" scope="col">
                {tc('Ui.since')}
              </TableCell>
              <TableCell as="th" scope="col">
                {tc('Ui.administrator')}
              </TableCell>
              <TableCell as="th" scope="col">
                {tc('Ui.rights')}
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {members.map((m) => (
              <MemberRow key={m.accountId} member={m} busy={busy} onChange={change} />
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
};

export default Members;
