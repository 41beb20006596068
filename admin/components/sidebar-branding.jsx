// The product's name at the top of the sidebar, as a link to the dashboard (AdminJS makes it an h1 on every page;
// the page's own title is its h1), after the "skip to content" link that opens the tab order.
import React from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'adminjs';

const SidebarBranding = ({ branding }) => {
  const { tc } = useTranslation();
  return (
    <>
      <a href="#main-content" className="skip-link" data-testid="skip-link">
        {tc('Ui.skipToContent', { defaultValue: 'Skip to content' })}
      </a>
      <Link
        to="/admin"
        data-css="sidebar-logo"
        style={{
          display: 'block',
          padding: '24px',
          fontSize: 20,
          fontWeight: 'bold',
          color: '#0C1E29',
          textDecoration: 'none',
        }}
      >
        {branding.companyName}
      </Link>
    </>
  );
};

export default SidebarBranding;
