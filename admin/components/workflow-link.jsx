// The request's workflow in Temporal UI, for following a record from the back-office to its history.
// Plain JSX (bundled by AdminJS's rollup at start-up): tsc cannot type a component importing the ESM-only adminjs.
import React from 'react';
import { Box, Label, Link } from '@adminjs/design-system';

const WorkflowLink = ({ record }) => (
  <Box mb="xl">
    <Label>Workflow</Label>
    <Link href={record.params.workflowLink} target="_blank" rel="noopener noreferrer" data-testid="workflow-link">
      {record.params.workflowId} in Temporal UI
    </Link>
  </Box>
);

export default WorkflowLink;
