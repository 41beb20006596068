// AdminJS's action header, rebuilt: the page's one h1 (resource and action), the record's actions as real links (a
// decided request no longer lists Approve or Reject: the record's actions come from its current status), the
// resource's actions (export) as links, and Filter as a real button that says whether the filters are open.
import React from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Badge, Box, H1 } from '@adminjs/design-system';
import { useFilterDrawer, useTranslation } from 'adminjs';

const ROOT = '/admin/resources';
const linkStyle = (variant) => ({
  display: 'inline-block',
  whiteSpace: 'nowrap',
  padding: '6px 12px',
  margin: '0 8px 8px 0',
  borderRadius: 4,
  border: '1px solid currentColor',
  background: '#fff',
  textDecoration: 'none',
  color: variant === 'danger' ? '#9d0616' : variant === 'success' ? '#00585A' : '#2E45C8',
});

const ActionHeader = ({ resource, record, action, tag, omitActions, toggleFilter: filterButtonVisible }) => {
  const { ta, tl, tb } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { filtersCount, isVisible, toggleFilter } = useFilterDrawer();
  const resourceName = tl(resource.id, { defaultValue: resource.name });
  const heading =
    action.name === 'list'
      ? resourceName
      : `${resourceName}: ${ta(action.name, resource.id, { defaultValue: action.label })}`;
  const go = (href) => (event) => {
    event.preventDefault();
    navigate(href);
  };
  const links = [];
  if (record) {
    for (const a of record.recordActions.filter((ra) => ra.name !== action.name)) {
      links.push({ a, href: `${ROOT}/${resource.id}/records/${encodeURIComponent(record.id)}/${a.name}` });
    }
  }
  if (action.showResourceActions) {
    for (const a of resource.resourceActions.filter((ra) => !['list', 'new'].includes(ra.name))) {
      links.push({ a, href: `${ROOT}/${resource.id}/actions/${a.name}${location.search}` });
    }
  }
  if (action.name !== 'list' && resource.resourceActions.some((ra) => ra.name === 'list')) {
    links.unshift({ a: { name: 'list', label: 'List' }, href: `${ROOT}/${resource.id}/actions/list` });
  }
  return (
    <Box className="adminjs_ActionHeader" data-css={`${resource.id}-${action.name}-action-header`} px={['default', 0]}>
      <Box display={['block', 'flex']} alignItems="baseline" mt="lg">
        <Box flexGrow={1}>
          <H1 fontSize="h3" mb="lg" data-testid="page-title">
            {heading}
            {record?.title && action.name !== 'list' ? ` — ${record.title}` : ''}
            {tag ? (
              <Badge variant="default" outline ml="default">
                {tag}
              </Badge>
            ) : null}
          </H1>
        </Box>
        {omitActions ? null : (
          <Box flexShrink={0} mb="default">
            {links.map(({ a, href }) => (
              <a
                key={a.name}
                href={href}
                onClick={go(href)}
                data-testid={`action-${a.name}`}
                style={linkStyle(a.variant)}
              >
                {ta(a.name, resource.id, { defaultValue: a.label })}
              </a>
            ))}
            {filterButtonVisible ? (
              <button
                type="button"
                onClick={toggleFilter}
                aria-expanded={isVisible ? 'true' : 'false'}
                data-testid="filter-button"
                style={{ ...linkStyle(), cursor: 'pointer', font: 'inherit' }}
              >
                {tb(filtersCount > 0 ? 'filterActive' : 'filter', resource.id, { count: filtersCount })}
              </button>
            ) : null}
          </Box>
        )}
      </Box>
    </Box>
  );
};

export default ActionHeader;
