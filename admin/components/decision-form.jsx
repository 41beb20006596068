// A record action's form (Approve, Reject, Suspend, Reactivate, Delete role): shows the record, asks for a reason,
// and POSTs the decision; the page then shows the workflow's answer: the new status or why it was refused.
// Plain JSX (bundled by AdminJS's rollup at start-up): tsc cannot type a component importing the ESM-only adminjs.
import React, { useState } from 'react';
import { Box, Button, H3, Label, MessageBox, Text, TextArea } from '@adminjs/design-system';
import { ApiClient, useNotice } from 'adminjs';

const api = new ApiClient();

const DecisionForm = ({ action, resource, record }) => {
  const { verb = action.label, done = verb, reasonRequired = false } = action.custom || {};
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState(record.params.status);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState(null);
  const addNotice = useNotice();
  const organisation = record.populated?.organisation?.title ?? record.params.organisation;
  const person = record.populated?.account?.title ?? record.params.account;

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const response = await api.recordAction({
        resourceId: resource.id,
        recordId: record.id,
        actionName: action.name,
        data: { reason },
      });
      const answer = response.data.outcome ?? { ok: false, code: 'REFUSED', message: response.data.notice?.message };
      setOutcome(answer);
      if (answer.ok) setStatus(answer.status);
      if (response.data.notice) addNotice(response.data.notice);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box variant="container" data-testid="decision-form">
      <H3>{verb}</H3>
      <Text mb="lg">
        {organisation ? `Organisation: ${organisation}. ` : ''}
        {person ? `Person: ${person}. ` : ''}
        Status: <strong data-testid="record-status">{status}</strong>
      </Text>
      {outcome ? (
        outcome.ok ? (
          <MessageBox
            variant="success"
            data-testid="decision-outcome"
            message={`${done}: the status is now ${outcome.status}`}
          />
        ) : (
          <MessageBox
            variant="danger"
            data-testid="decision-outcome"
            message={`Refused (${outcome.code}): ${outcome.message}`}
          />
        )
      ) : (
        <form onSubmit={submit}>
          <Label htmlFor="reason" required={reasonRequired}>
            Reason{reasonRequired ? '' : ' (optional)'}
          </Label>
          <TextArea
            id="reason"
            name="reason"
            width={1}
            rows={4}
            value={reason}
            maxLength={2000}
            onChange={(e) => setReason(e.target.value)}
          />
          <Box mt="lg">
            <Button
              type="submit"
              variant={action.variant === 'danger' ? 'danger' : 'primary'}
              data-testid="decision-submit"
              disabled={busy || (reasonRequired && !reason.trim())}
            >
              {verb}
            </Button>
          </Box>
        </form>
      )}
    </Box>
  );
};

export default DecisionForm;
