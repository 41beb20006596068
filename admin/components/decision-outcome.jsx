// The top of a request's page after a decision (the decision form sends the approver here with ?done=<action>): what
// was decided and the status now, and the next request waiting in the approver's queue. The page's actions are
// AdminJS's for the record as it now is, so Approve or Reject no longer appear once the request is decided. After a
// work-queue action (assignment, a question) it says what was done, and the request stays the one to work on.
import React from 'react';
import { useLocation } from 'react-router';
import { Box, MessageBox, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

const DecisionOutcome = ({ record, resource }) => {
  const { tl, tc } = useTranslation();
  const done = new URLSearchParams(useLocation().search).get('done');
  if (!done) return null;
  const status = tl(`status.${record.params.status}`, { defaultValue: record.params.status });
  const next = record.params.nextRequest;
  const action = resource.actions.find((a) => a.name === done);
  if (action?.custom?.queue) {
    return (
      <Box mb="xl" data-testid="decision-result" role="status">
        <MessageBox
          variant="success"
          data-testid="decision-outcome"
          message={tc(`Ui.queueDone.${done}`, { name: record.params.assignedTo || '' })}
        />
      </Box>
    );
  }
  const decided = action?.custom?.done ?? done;
  return (
    <Box mb="xl" data-testid="decision-result">
      <MessageBox
        variant="success"
        data-testid="decision-outcome"
        message={tc('Ui.decided', { done: tc(`Ui.done.${done}`, { defaultValue: decided }), status })}
      />
      <Text mt="lg">
        {next ? (
          <a
            href={`/admin/resources/${resource.id}/records/${next}/show`}
            data-testid="next-request"
            style={{ color: '#2E45C8', fontWeight: 'bold' }}
          >
            {tc('Ui.nextRequest')}
          </a>
        ) : (
          <span data-testid="queue-empty">{tc('Ui.queueEmpty')}</span>
        )}
      </Text>
    </Box>
  );
};

export default DecisionOutcome;
