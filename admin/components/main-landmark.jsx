// Each AdminJS route (dashboard, lists, record, bulk and page actions) inside the page's one main landmark, so that
// every piece of content is in a landmark (WCAG 1.3.1) and the skip link has a target.
import React from 'react';
import { Box } from '@adminjs/design-system';

const MainLandmark = ({ OriginalComponent, ...props }) => (
  <Box as="main" id="main-content" tabIndex={-1} flex flexDirection="column" flexGrow={1} style={{ outline: 'none' }}>
    <OriginalComponent {...props} />
  </Box>
);

export default MainLandmark;
