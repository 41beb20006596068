// AdminJS's sidebar as the page's navigation landmark.
import React from 'react';
import { Box } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

const Sidebar = ({ OriginalComponent, ...props }) => {
  const { tl } = useTranslation();
  return (
    <Box as="nav" aria-label={tl('navigation')} flex flexShrink={0} data-testid="sidebar-nav">
      <OriginalComponent {...props} />
    </Box>
  );
};

export default Sidebar;
