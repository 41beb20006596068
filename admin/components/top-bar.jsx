// AdminJS's top bar as the page's banner. Its language menu opens on hover only: LoggedIn offers the languages as
// buttons instead, and a11y.css hides the menu.
import React from 'react';
import { Box } from '@adminjs/design-system';

const TopBar = ({ OriginalComponent, ...props }) => {
  return (
    <Box as="header" className="traces-top-bar">
      <OriginalComponent {...props} />
    </Box>
  );
};

export default TopBar;
