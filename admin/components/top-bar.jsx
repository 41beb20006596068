// AdminJS's top bar as the page's banner, with a "skip to content" link first in the tab order.
import React from 'react';
import { Box } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

const TopBar = ({ OriginalComponent, ...props }) => {
  const { tc } = useTranslation();
  return (
    <Box as="header">
      <a href="#main-content" className="skip-link" data-testid="skip-link">
        {tc('Ui.skipToContent', { defaultValue: 'Skip to content' })}
      </a>
      <OriginalComponent {...props} />
    </Box>
  );
};

export default TopBar;
