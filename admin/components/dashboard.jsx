// The approver's dashboard: requests in their scope by status, the oldest one waiting, those close to expiry.
// Plain JSX (bundled by AdminJS's rollup at start-up): tsc cannot type a component importing the ESM-only adminjs.
import React, { useEffect, useState } from 'react';
import { Box, H1, H2, Loader, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { ApiClient, ViewHelpers, useTranslation } from 'adminjs';

// Links inside text are underlined and dark enough (WCAG 1.4.1 and 1.4.3).
const Link = ({ href, children }) => (
  <a href={href} style={{ color: '#2E45C8', textDecoration: 'underline' }}>
    {children}
  </a>
);

const api = new ApiClient();
const h = new ViewHelpers();
const RESOURCE = 'AuthorisationRequest';
const show = (id) => h.recordActionUrl({ resourceId: RESOURCE, recordId: id, actionName: 'show' });
const listOf = (status) =>
  h.resourceActionUrl({
    resourceId: RESOURCE,
    actionName: 'list',
    search: `?filters.status=${status}&sortBy=createdAt&direction=asc`,
  });

const view = (queue) =>
  h.resourceActionUrl({
    resourceId: RESOURCE,
    actionName: 'list',
    search: `?filters.status=REQUESTED&filters.queue=${queue}&sortBy=createdAt&direction=asc`,
  });
const members = (id) => h.recordActionUrl({ resourceId: 'Organisation', recordId: id, actionName: 'members' });

// The work queue's views (assigned to me, unassigned) and the Members pages of the organisations the person administers.
const QueueViews = ({ data, tc, word }) => (
  <Box variant="container" mb="xl" data-testid="queue-views">
    <H2 fontSize="h4">{tc('Ui.views')}</H2>
    <ul style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      <li>
        <Link href={view('me')}>{`${tc('Ui.assignedToMe')} (${data.queue.mine})`}</Link>
      </li>
      <li>
        <Link href={view('none')}>{`${tc('Ui.unassigned')} (${data.queue.unassigned})`}</Link>
      </li>
    </ul>
    {data.administered.length ? (
      <>
        <H2 fontSize="h4" mt="lg">
          {tc('Ui.administered')}
        </H2>
        <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="administered">
          {data.administered.map((o) => (
            <li key={o.id}>
              <Link href={members(o.id)}>{`${tc('Ui.membersOf', { name: o.name })}`}</Link>
              {` (${word('environment', o.environment)})`}
            </li>
          ))}
        </ul>
      </>
    ) : null}
  </Box>
);

const Dashboard = () => {
  const [data, setData] = useState(null);
  const { tl, tc } = useTranslation();
  const word = (key, value) => tl(`${key}.${value}`, { defaultValue: value });
  useEffect(() => {
    api.getDashboard().then((response) => setData(response.data));
  }, []);
  if (!data) return <Loader />;
  return (
    <Box variant="grey" data-testid="dashboard">
      <Box variant="container" mb="xl">
        <H1 fontSize="h2">
          {tc('Ui.yourQueue', { defaultValue: 'Your queue' })}
          {data.title ? ` — ${data.title}` : ''}
        </H1>
        <Box flex flexDirection="row" flexWrap="wrap">
          {Object.entries(data.counts).map(([status, count]) => (
            <Box key={status} mr="xl" mb="lg" data-testid={`count-${status}`}>
              <Text fontSize="h2" fontWeight="bold">
                {count}
              </Text>
              <Link href={listOf(status)}>{word('status', status)}</Link>
            </Box>
          ))}
        </Box>
      </Box>
      <QueueViews data={data} tc={tc} word={word} />
      <Box variant="container" mb="xl" data-testid="oldest-waiting">
        <H2 fontSize="h4">{tc('Ui.oldestWaiting', { defaultValue: 'Oldest waiting request' })}</H2>
        {data.oldestWaiting ? (
          <Text>
            <Link href={show(data.oldestWaiting.id)}>{data.oldestWaiting.organisation}</Link>
            {` (${word('environment', data.oldestWaiting.environment)}, ${word('type', data.oldestWaiting.type)}) — ${data.oldestWaiting.age}`}
          </Text>
        ) : (
          <Text>{tc('Ui.nothingWaiting')}</Text>
        )}
      </Box>
      <Box variant="container" data-testid="close-to-expiry">
        <H2 fontSize="h4">
          {tc('Ui.closeToExpiry', {
            defaultValue: 'Close to expiry (within {{within}})',
            within: data.closeToExpiryWithin,
          })}
        </H2>
        {data.closeToExpiry.length === 0 ? (
          <Text>{tc('Ui.noneClose')}</Text>
        ) : (
          <Table>
            <TableHead>
              <TableRow>
                <TableCell>{tc('Ui.organisationLabel')}</TableCell>
                <TableCell>{tc('Ui.environmentLabel')}</TableCell>
                <TableCell>{tc('Ui.waitingLabel')}</TableCell>
                <TableCell>{tc('Ui.expiresIn')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.closeToExpiry.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>
                    <Link href={show(r.id)}>{r.organisation}</Link>
                  </TableCell>
                  <TableCell>{word('environment', r.environment)}</TableCell>
                  <TableCell>{r.age}</TableCell>
                  <TableCell>{r.expiresIn}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Box>
    </Box>
  );
};

export default Dashboard;
