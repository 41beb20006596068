// AdminJS's top bar as the page's banner. Its language menu opens on hover only: LoggedIn offers the languages as
// buttons instead, and a11y.css hides the menu.
// It also keeps every move inside the back-office client-side: the pages' links are real <a href> (keyboard, middle
// click, screen readers), and a plain left click on one of them is handed to AdminJS's router instead of reloading the
// whole back-office (its bundles, its session check, its first render). Links with a handler of their own, another
// target, a download, a modifier key, or a path the server answers (log out, login, API, assets) are left alone.
import React, { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { Box } from '@adminjs/design-system';

const ROOT = '/admin';
const SERVER_PATHS = /^\/admin\/(logout|login|api\/|frontend\/|codec)/;

function inAppPath(event) {
  if (event.defaultPrevented || event.button !== 0) return null;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!link || (link.target && link.target !== '_self') || link.hasAttribute('download')) return null;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin || SERVER_PATHS.test(url.pathname)) return null;
  if (url.pathname !== ROOT && !url.pathname.startsWith(`${ROOT}/`)) return null;
  // An anchor in the page itself (the skip link): the browser moves the focus, nothing to load.
  if (url.hash && url.pathname === window.location.pathname && url.search === window.location.search) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}

const TopBar = ({ OriginalComponent, ...props }) => {
  const navigate = useNavigate();
  useEffect(() => {
    const onClick = (event) => {
      const to = inAppPath(event);
      if (!to) return;
      event.preventDefault();
      navigate(to);
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, [navigate]);
  return (
    <Box as="header" className="traces-top-bar">
      <OriginalComponent {...props} />
    </Box>
  );
};

export default TopBar;
