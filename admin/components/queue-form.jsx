// A request's work-queue form: Assign to me and Unassign (one button), Assign to a colleague (a select of those who
// may decide it), Ask the applicant (the question). It POSTs to the action; done, the approver is back on the request's
// page with the result (?done=<action>); refused, the form says why by the refusal's code, in the approver's language.
// Plain JSX (bundled by AdminJS's rollup at start-up): tsc cannot type a component importing the ESM-only adminjs.
import React, { useState } from 'react';
import { Box, Button, H3, Label, MessageBox, Text, TextArea } from '@adminjs/design-system';
import { useNavigate } from 'react-router';
import { ApiClient, useTranslation } from 'adminjs';

const api = new ApiClient();
const field = {
  display: 'block',
  width: '100%',
  padding: '8px',
  border: '1px solid #767A80',
  borderRadius: 4,
  background: '#fff',
  color: '#0C1E29',
};

const parsed = (json) => {
  try {
    return JSON.parse(json || '[]');
  } catch {
    return [];
  }
};

const Refused = ({ outcome }) => {
  const { tc, tm } = useTranslation();
  const text = outcome.field
    ? tc(`Ui.field.${outcome.field}`, { defaultValue: outcome.field })
    : tm(`refusal.${outcome.code}`, { defaultValue: outcome.code });
  return (
    <Box mb="lg" role="alert">
      <MessageBox
        variant="danger"
        data-testid="queue-outcome"
        data-code={outcome.code}
        message={tc('Ui.refused', { code: outcome.code, text })}
      />
    </Box>
  );
};

const QueueForm = ({ action, resource, record }) => {
  const kind = action.custom?.queue;
  const navigate = useNavigate();
  const { tc, ta } = useTranslation();
  const [colleagues, setColleagues] = useState(kind === 'assign' ? parsed(record.params.colleagues) : []);
  const [accountId, setAccountId] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState(null);
  const verb = ta(action.name, resource.id, { defaultValue: action.label });
  const organisation = record.populated?.organisation?.title ?? record.params.organisation;
  const ready = kind === 'assign' ? !!accountId : kind === 'askQuestion' ? !!text.trim() : true;

  const submit = async (event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const data = kind === 'assign' ? { accountId } : kind === 'askQuestion' ? { text } : { confirm: 'yes' };
      const response = await api.recordAction({
        resourceId: resource.id,
        recordId: record.id,
        actionName: action.name,
        data,
      });
      const answer = response.data.outcome ?? { ok: false, code: 'FAILED' };
      if (answer.ok) {
        navigate(`/admin/resources/${resource.id}/records/${record.id}/show?done=${action.name}`);
        return;
      }
      setOutcome(answer);
      // Who may decide it has changed meanwhile (a colleague left, say): offer the colleagues as they are now.
      if (kind === 'assign') {
        const fresh = await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name });
        setColleagues(parsed(fresh.data.record?.params?.colleagues));
        setAccountId('');
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box variant="container" data-testid="queue-form">
      <H3 as="h2">{verb}</H3>
      <Text mb="lg">
        {organisation ? `${tc('Ui.organisationLabel')}: ${organisation}. ` : ''}
        {record.params.applicant ? `${tc('Ui.applicantLabel')}: ${record.params.applicant}. ` : ''}
        {`${tc('Ui.assignedToLabel')}: ${record.params.assignedTo || tc('Ui.nobody')}.`}
      </Text>
      {outcome ? <Refused outcome={outcome} /> : null}
      <form onSubmit={submit}>
        {kind === 'assign' ? (
          colleagues.length ? (
            <Box mb="lg">
              <Label htmlFor="assignee" required>
                {tc('Ui.colleague')}
              </Label>
              <select
                id="assignee"
                name="accountId"
                required
                value={accountId}
                style={field}
                onChange={(e) => setAccountId(e.target.value)}
              >
                <option value="">{tc('Ui.chooseColleague')}</option>
                {colleagues.map((c) => (
                  <option key={c.accountId} value={c.accountId}>
                    {`${c.name} (${c.email})`}
                  </option>
                ))}
              </select>
            </Box>
          ) : (
            <Text mb="lg" data-testid="no-colleagues">
              {tc('Ui.noColleagues')}
            </Text>
          )
        ) : null}
        {kind === 'askQuestion' ? (
          <Box mb="lg">
            <Label htmlFor="question" required>
              {tc('Ui.question')}
            </Label>
            <TextArea
              id="question"
              name="text"
              width={1}
              rows={5}
              value={text}
              maxLength={2000}
              required
              onChange={(e) => setText(e.target.value)}
            />
            <Text mt="sm">{tc('Ui.questionHint')}</Text>
          </Box>
        ) : null}
        <Button type="submit" variant="primary" data-testid="queue-submit" disabled={busy || !ready}>
          {verb}
        </Button>
      </form>
    </Box>
  );
};

export default QueueForm;
