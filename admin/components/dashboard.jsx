// The approver's dashboard: requests in their scope by status, the oldest one waiting, those close to expiry.
// Plain JSX (bundled by AdminJS's rollup at start-up): tsc cannot type a component importing the ESM-only adminjs.
import React, { useEffect, useState } from 'react';
import {
  Box,
  H2,
  H4,
  Link,
  Loader,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Text,
} from '@adminjs/design-system';
import { ApiClient, ViewHelpers } from 'adminjs';

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

const Dashboard = () => {
  const [data, setData] = useState(null);
  useEffect(() => {
    api.getDashboard().then((response) => setData(response.data));
  }, []);
  if (!data) return <Loader />;
  return (
    <Box variant="grey" data-testid="dashboard">
      <Box variant="container" mb="xl">
        <H2>Your queue{data.title ? ` — ${data.title}` : ''}</H2>
        <Box flex flexDirection="row" flexWrap="wrap">
          {Object.entries(data.counts).map(([status, count]) => (
            <Box key={status} mr="xl" mb="lg" data-testid={`count-${status}`}>
              <Text fontSize="h2" fontWeight="bold">
                {count}
              </Text>
              <Link href={listOf(status)}>{status}</Link>
            </Box>
          ))}
        </Box>
      </Box>
      <Box variant="container" mb="xl" data-testid="oldest-waiting">
        <H4>Oldest waiting request</H4>
        {data.oldestWaiting ? (
          <Text>
            <Link href={show(data.oldestWaiting.id)}>{data.oldestWaiting.organisation}</Link>
            {` (${data.oldestWaiting.environment}, ${data.oldestWaiting.type}) waiting for ${data.oldestWaiting.age}`}
          </Text>
        ) : (
          <Text>Nothing is waiting.</Text>
        )}
      </Box>
      <Box variant="container" data-testid="close-to-expiry">
        <H4>Close to expiry (within {data.closeToExpiryWithin})</H4>
        {data.closeToExpiry.length === 0 ? (
          <Text>None.</Text>
        ) : (
          <Table>
            <TableHead>
              <TableRow>
                <TableCell>Organisation</TableCell>
                <TableCell>Environment</TableCell>
                <TableCell>Waiting</TableCell>
                <TableCell>Expires in</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.closeToExpiry.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>
                    <Link href={show(r.id)}>{r.organisation}</Link>
                  </TableCell>
                  <TableCell>{r.environment}</TableCell>
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
