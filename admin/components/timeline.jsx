// A request's timeline on its show page: every audit event (who, when, what, why), oldest first.
// Plain JSX (bundled by AdminJS's rollup at start-up): tsc cannot type a component importing the ESM-only adminjs.
import React from 'react';
import { Box, Label, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';

const Timeline = ({ record }) => {
  let events = [];
  try {
    events = JSON.parse(record.params.timeline || '[]');
  } catch {
    events = [];
  }
  return (
    <Box mb="xl" data-testid="timeline">
      <Label>Timeline</Label>
      {events.length === 0 ? (
        <Text>No events yet.</Text>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>Who</TableCell>
              <TableCell>What</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Why</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {events.map((e, i) => (
              <TableRow key={i} data-testid="timeline-event">
                <TableCell>{new Date(e.at).toLocaleString()}</TableCell>
                <TableCell>{e.actor}</TableCell>
                <TableCell>{e.action}</TableCell>
                <TableCell>
                  {e.fromStatus ? `${e.fromStatus} → ` : ''}
                  {e.toStatus ?? ''}
                </TableCell>
                <TableCell>{e.reason ?? ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
};

export default Timeline;
