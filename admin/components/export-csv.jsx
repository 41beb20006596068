// Export: downloads as CSV what the list shows under its current filters (the server applies the approver's scope).
// Plain JSX (bundled by AdminJS's rollup at start-up): tsc cannot type a component importing the ESM-only adminjs.
import React, { useState } from 'react';
import { Box, Button, H3, Text } from '@adminjs/design-system';
import { ApiClient } from 'adminjs';

const api = new ApiClient();

const ExportCsv = ({ resource }) => {
  const [state, setState] = useState('');
  const download = async () => {
    setState('Preparing …');
    const params = Object.fromEntries(new URLSearchParams(window.location.search));
    const response = await api.resourceAction({ resourceId: resource.id, actionName: 'export', params });
    const { csv, count, fileName } = response.data;
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    URL.revokeObjectURL(url);
    setState(`${count} row(s) exported`);
  };
  return (
    <Box variant="container">
      <H3>Export {resource.name}</H3>
      <Text mb="lg">Everything you may see, under the list's current filters.</Text>
      <Button onClick={download} variant="primary">
        Download CSV
      </Button>
      {state ? <Text mt="lg">{state}</Text> : null}
    </Box>
  );
};

export default ExportCsv;
