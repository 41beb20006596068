// Who is signed in, the language of the pages and Log out, as plain text, buttons and a link (AdminJS hides Log out
// and the languages in menus that open on hover).
import React, { useEffect } from 'react';
import { Box, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

const LANGUAGES = { en: 'English', fr: 'Français' };

const LoggedIn = ({ session, paths }) => {
  const { tb, i18n } = useTranslation();
  const current = (i18n.resolvedLanguage || i18n.language || 'en').slice(0, 2);
  // The page's language follows the one shown (WCAG 3.1.1).
  useEffect(() => {
    document.documentElement.lang = current;
  }, [current]);
  return (
    <Box flex flexShrink={0} alignItems="center" data-css="logged-in">
      <Box mr="lg" role="group" aria-label="Language / Langue">
        {Object.entries(LANGUAGES).map(([code, name]) => (
          <button
            key={code}
            type="button"
            lang={code}
            aria-pressed={current === code ? 'true' : 'false'}
            onClick={() => i18n.changeLanguage(code)}
            data-testid={`language-${code}`}
            style={{
              marginRight: 4,
              padding: '4px 8px',
              border: '1px solid #2E45C8',
              borderRadius: 4,
              background: current === code ? '#2E45C8' : '#fff',
              color: current === code ? '#fff' : '#2E45C8',
              cursor: 'pointer',
            }}
          >
            {name}
          </button>
        ))}
      </Box>
      <Box mr="lg" textAlign="right">
        <Text fontWeight="bold">{session.email}</Text>
        <Text fontSize="sm">{session.title}</Text>
      </Box>
      <a href={paths.logoutPath} data-testid="logout" style={{ color: '#2E45C8', textDecoration: 'underline' }}>
        {tb('logout')}
      </a>
    </Box>
  );
};

export default LoggedIn;
