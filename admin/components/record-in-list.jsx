// AdminJS's table row, with its actions as real links (AdminJS renders them as <a> without href inside a menu that
// the keyboard cannot open) and a checkbox named after the record. A click on the row still opens the record. A plain
// click on a link moves inside the page (top-bar.jsx); with Ctrl or the middle button it opens a tab, as links do.
import React from 'react';
import { useNavigate } from 'react-router';
import { CheckBox, TableCell, TableRow } from '@adminjs/design-system';
import { BasePropertyComponent, useTranslation } from 'adminjs';

const display = (isTitle) => [
  isTitle ? 'table-cell' : 'none',
  isTitle ? 'table-cell' : 'none',
  'table-cell',
  'table-cell',
];
const actionUrl = (resourceId, recordId, name) =>
  `/admin/resources/${encodeURIComponent(resourceId)}/records/${encodeURIComponent(recordId)}/${name}`;

// The work queue's forms (assign to a colleague, ask the applicant) are on the request's page, not on every row.
const inRow = (action) => !action.custom?.queue || action.custom.inList;

const linkStyle = (variant) => ({
  display: 'inline-block',
  whiteSpace: 'nowrap',
  padding: '4px 8px',
  marginRight: 4,
  borderRadius: 4,
  border: '1px solid currentColor',
  textDecoration: 'none',
  color: variant === 'danger' ? '#9d0616' : variant === 'success' ? '#00585A' : '#2E45C8',
  fontSize: 13,
});

const RecordInList = ({ resource, record, isLoading, onSelect, isSelected }) => {
  const navigate = useNavigate();
  const { ta, tc } = useTranslation();
  const title = record.title || record.id;
  const open = record.recordActions.find((a) => a.name === 'show');
  const go = (event, name) => {
    event.preventDefault();
    navigate(actionUrl(resource.id, record.id, name));
  };
  const handleRowClick = (event) => {
    const tag = event.target.tagName.toLowerCase();
    if (open && !['a', 'button', 'input', 'svg', 'label'].includes(tag)) go(event, 'show');
  };
  return (
    <TableRow
      className={isSelected ? 'selected' : 'not-selected'}
      onClick={handleRowClick}
      data-id={record.id}
      data-css={`${resource.id}-table-row`}
    >
      <TableCell width={0}>
        {onSelect && record.bulkActions.length ? (
          <CheckBox aria-label={tc('Ui.select', { title })} onChange={() => onSelect(record)} checked={isSelected} />
        ) : null}
      </TableCell>
      {resource.listProperties.map((property) => (
        <TableCell
          style={{ cursor: 'pointer' }}
          key={property.propertyPath}
          data-property-name={property.propertyPath}
          display={display(property.isTitle)}
          data-css={`${resource.id}-${property.name}-table-cell`}
        >
          {isLoading ? null : (
            <BasePropertyComponent where="list" property={property} resource={resource} record={record} />
          )}
        </TableCell>
      ))}
      <TableCell key="options" className="options" style={{ whiteSpace: 'nowrap' }}>
        <span role="group" aria-label={tc('Ui.actionsOf', { title })}>
          {record.recordActions.filter(inRow).map((action) => (
            <a
              key={action.name}
              href={actionUrl(resource.id, record.id, action.name)}
              data-testid={`row-action-${action.name}`}
              style={linkStyle(action.variant)}
            >
              {ta(action.name, resource.id, { defaultValue: action.label })}
            </a>
          ))}
        </span>
      </TableCell>
    </TableRow>
  );
};

export default RecordInList;
