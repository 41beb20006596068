// A record action's form (Approve, Reject, Suspend, Reactivate, Delete role): shows the record, asks for a reason,
// and POSTs the decision; the page then shows the workflow's answer: the new status or why it was refused.
// Plain JSX (bundled by AdminJS's rollup at start-up): tsc cannot type a component importing the ESM-only adminjs.
import React, { useState } from 'react';
import { Box, Button, H3, Label, MessageBox, Text, TextArea } from '@adminjs/design-system';
import { useNavigate } from 'react-router';
import { ApiClient, useTranslation } from 'adminjs';

const api = new ApiClient();

const DecisionForm = ({ action, resource, record }) => {
  const { verb = action.label, done = verb, reasonRequired = false, showAfter = false } = action.custom || {};
  const navigate = useNavigate();
  const { tc, tl, tm } = useTranslation();
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState(record.params.status);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState(null);
  const organisation = record.populated?.organisation?.title ?? record.params.organisation;
  const person = record.populated?.account?.title ?? record.params.account;
  const applicant = record.params.applicant;

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
      // A decided request: its page, with the result, the next request of the queue and only the actions left.
      if (answer.ok && showAfter) {
        navigate(`/admin/resources/${resource.id}/records/${record.id}/show?done=${action.name}`);
        return;
      }
      setOutcome(answer);
      if (answer.ok) setStatus(answer.status);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box variant="container" data-testid="decision-form">
      <H3 as="h2">{verb}</H3>
      <Text mb="lg">
        {organisation ? `${tc('Ui.organisationLabel')}: ${organisation}. ` : ''}
        {applicant || person ? `${tc('Ui.applicantLabel')}: ${applicant || person}. ` : ''}
        {tc('Ui.statusLabel')}:{' '}
        <strong data-testid="record-status" data-value={status}>
          {tl(`status.${status}`, { defaultValue: status })}
        </strong>
      </Text>
      {outcome ? (
        outcome.ok ? (
          <MessageBox
            variant="success"
            data-testid="decision-outcome"
            message={tc('Ui.decided', {
              done,
              status: tl(`status.${outcome.status}`, { defaultValue: outcome.status }),
            })}
          />
        ) : (
          <MessageBox
            variant="danger"
            data-testid="decision-outcome"
            message={tc('Ui.refused', {
              code: outcome.code,
              text: tm(`refusal.${outcome.code}`, { defaultValue: outcome.code }),
            })}
          />
        )
      ) : (
        <form onSubmit={submit}>
          <Label htmlFor="reason" required={reasonRequired}>
            {tc('Ui.reason')}
            {reasonRequired ? '' : ` ${tc('Ui.optional')}`}
          </Label>
          <TextArea
            id="reason"
            name="reason"
            width={1}
            rows={4}
            value={reason}
            maxLength={2000}
            required={reasonRequired}
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
