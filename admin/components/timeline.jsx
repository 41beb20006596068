// A request's timeline on its show page: every audit event (when, who, what, the status change, why), oldest first,
// in the approver's language and time zone; assignments name the assignee, questions and answers show their text.
// Plain JSX (bundled by AdminJS's rollup at start-up): tsc cannot type a component importing the ESM-only adminjs.
import React from 'react';
import { Box, H2, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { useCurrentAdmin, useTranslation } from 'adminjs';
import { formatDate } from './date-value';

const parsed = (json) => {
  try {
    return JSON.parse(json || '[]');
  } catch {
    return [];
  }
};

const Timeline = ({ record }) => {
  const { tc, tl, i18n } = useTranslation();
  const [admin] = useCurrentAdmin();
  const language = (i18n.resolvedLanguage || i18n.language || 'en').slice(0, 2);
  const events = parsed(record.params.timeline);
  const status = (code) => (code ? tl(`status.${code}`, { defaultValue: code }) : '');
  const why = (e) => {
    if (e.question !== undefined) return tc('Ui.timeline.asked', { text: e.question });
    if (e.answer !== undefined) return tc('Ui.timeline.answered', { text: e.answer ?? '' });
    if (e.assignee !== undefined)
      return e.assignee ? tc('Ui.timeline.assignedTo', { name: e.assignee }) : tc('Ui.timeline.unassigned');
    return e.reason ?? '';
  };
  return (
    <Box mb="xl" data-testid="timeline">
      <H2 fontSize="h4">{tc('Ui.timeline.heading')}</H2>
      {events.length === 0 ? (
        <Text>{tc('Ui.timeline.none')}</Text>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableCell>{tc('Ui.timeline.when')}</TableCell>
              <TableCell>{tc('Ui.timeline.who')}</TableCell>
              <TableCell>{tc('Ui.timeline.what')}</TableCell>
              <TableCell>{tc('Ui.statusLabel')}</TableCell>
              <TableCell>{tc('Ui.timeline.why')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {events.map((e, i) => (
              <TableRow key={i} data-testid="timeline-event" data-action={e.action}>
                <TableCell>
                  <time dateTime={e.at} style={{ whiteSpace: 'nowrap' }}>
                    {formatDate(e.at, language, admin?.timeZone || undefined)}
                  </time>
                </TableCell>
                <TableCell>{e.who ?? tl(`actor.${e.actor}`, { defaultValue: e.actor })}</TableCell>
                <TableCell>{tl(`auditAction.${e.action}`, { defaultValue: e.action })}</TableCell>
                <TableCell data-value={e.toStatus ?? ''}>
                  {e.fromStatus ? `${status(e.fromStatus)} → ` : ''}
                  {status(e.toStatus)}
                </TableCell>
                <TableCell data-testid="timeline-detail" style={{ whiteSpace: 'pre-wrap' }}>
                  {why(e)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
};

export default Timeline;
