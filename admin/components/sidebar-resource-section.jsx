// The sidebar's resources as lists of real links, always open (AdminJS's collapsible groups are not reachable with
// the keyboard). The current page's link carries aria-current.
import React from 'react';
import { Box } from '@adminjs/design-system';
import { useNavigationResources } from 'adminjs';

const linkStyle = (selected) => ({
  display: 'block',
  padding: '6px 12px',
  borderRadius: 4,
  color: selected ? '#fff' : '#2E45C8',
  background: selected ? '#2E45C8' : 'transparent',
  textDecoration: 'none',
});

const Item = ({ element }) => (
  <li style={{ listStyle: 'none', margin: '2px 0' }}>
    <a
      href={element.href}
      onClick={element.onClick}
      aria-current={element.isSelected ? 'page' : undefined}
      data-testid={`sidebar-${element.id}`}
      style={linkStyle(element.isSelected)}
    >
      {element.label}
    </a>
  </li>
);

const SidebarResourceSection = ({ resources }) => {
  const groups = useNavigationResources(resources);
  return (
    <Box px="lg" pb="xl">
      {groups.map((group, i) =>
        group.elements ? (
          <Box key={group.label} mb="lg">
            <Box id={`nav-group-${i}`} fontWeight="bold" color="grey100" mb="sm" px="md">
              {group.label}
            </Box>
            <ul aria-labelledby={`nav-group-${i}`} style={{ margin: 0, padding: 0 }}>
              {group.elements.map((element) => (
                <Item key={element.id} element={element} />
              ))}
            </ul>
          </Box>
        ) : (
          <ul key={group.id} style={{ margin: 0, padding: 0 }}>
            <Item element={group} />
          </ul>
        ),
      )}
    </Box>
  );
};

export default SidebarResourceSection;
