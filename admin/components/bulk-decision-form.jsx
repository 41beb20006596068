// Bulk Approve / Reject: lists the chosen requests, POSTs one decision for all, then shows each request's answer.
// Plain JSX (bundled by AdminJS's rollup at start-up): tsc cannot type a component importing the ESM-only adminjs.
import React, { useState } from 'react';
import {
  Box,
  Button,
  H3,
  Label,
  MessageBox,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
  TextArea,
} from '@adminjs/design-system';
import { ApiClient, useTranslation } from 'adminjs';

const api = new ApiClient();

const BulkDecisionForm = ({ action, resource, records }) => {
  const { verb = action.label, reasonRequired = false } = action.custom || {};
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcomes, setOutcomes] = useState(null);
  const { tc, tl, tm } = useTranslation();
  const statusWord = (status) => tl(`status.${status}`, { defaultValue: status });
  // Refusals are translated by code (admin/locale.ts messages.refusal), never from the server's English.
  const refused = (o) => tc('Ui.refused', { code: o.code, text: tm(`refusal.${o.code}`, { defaultValue: o.code }) });
  const byId = Object.fromEntries((outcomes || []).map((o) => [o.id, o]));
  const titleOf = (r) => r.populated?.organisation?.title ?? r.title;

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const response = await api.bulkAction({
        resourceId: resource.id,
        recordIds: records.map((r) => r.id),
        actionName: action.name,
        data: { reason },
      });
      setOutcomes(response.data.outcomes || []);
    } finally {
      setBusy(false);
    }
  };

  const done = outcomes ? outcomes.filter((o) => o.ok).length : 0;
  return (
    <Box variant="container" data-testid="bulk-decision-form">
      <H3 as="h2">
        {verb}: {records.length} request(s)
      </H3>
      {outcomes ? (
        <MessageBox
          variant={done === outcomes.length ? 'success' : 'danger'}
          data-testid="bulk-outcome"
          message={`${done} of ${outcomes.length} done`}
        />
      ) : null}
      <Table mb="lg">
        <TableHead>
          <TableRow>
            <TableCell>{tc('Ui.organisationLabel')}</TableCell>
            <TableCell>{tc('Ui.applicantLabel')}</TableCell>
            <TableCell>{tc('Ui.statusLabel')}</TableCell>
            <TableCell>{tc('Ui.answer', { defaultValue: 'Answer' })}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {records.map((r) => {
            const o = byId[r.id];
            return (
              <TableRow key={r.id} data-testid="bulk-row">
                <TableCell>{titleOf(r)}</TableCell>
                <TableCell>{r.populated?.account?.title ?? r.params.account}</TableCell>
                <TableCell>{statusWord(o && o.ok ? o.status : r.params.status)}</TableCell>
                <TableCell>{o ? (o.ok ? tc('Ui.done.ok', { defaultValue: 'Done' }) : refused(o)) : ''}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {outcomes ? null : (
        <form onSubmit={submit}>
          <Label htmlFor="reason" required={reasonRequired}>
            {tc('Ui.reason')}
            {reasonRequired ? '' : ` ${tc('Ui.optional')}`}
          </Label>
          <TextArea
            id="reason"
            name="reason"
            width={1}
            rows={3}
            value={reason}
            maxLength={2000}
            onChange={(e) => setReason(e.target.value)}
          />
          <Box mt="lg">
            <Button
              type="submit"
              variant={action.variant === 'danger' ? 'danger' : 'primary'}
              data-testid="bulk-submit"
              disabled={busy || (reasonRequired && !reason.trim())}
            >
              {verb}
            </Button>
          </Box>
        </form>
      )}
      {outcomes && outcomes.some((o) => !records.find((r) => r.id === o.id)) ? (
        <Text mt="lg">Some chosen requests are not among those you may decide and were refused.</Text>
      ) : null}
    </Box>
  );
};

export default BulkDecisionForm;
