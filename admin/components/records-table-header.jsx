// AdminJS's table head with a named "select all" checkbox and a named actions column (axe: label, empty-table-header).
import React from 'react';
import { CheckBox, TableCell, TableHead, TableRow } from '@adminjs/design-system';
import { PropertyHeader, useTranslation } from 'adminjs';

const display = (isTitle) => [
  isTitle ? 'table-cell' : 'none',
  isTitle ? 'table-cell' : 'none',
  'table-cell',
  'table-cell',
];
const hidden = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};

const RecordsTableHeader = ({ titleProperty, properties, sortBy, direction, onSelectAll, selectedAll }) => {
  const { tc } = useTranslation();
  return (
    <TableHead data-css={`${titleProperty.resourceId}-table-head`}>
      <TableRow data-css={`${titleProperty.resourceId}-table-head-row`}>
        <TableCell data-css={`${titleProperty.resourceId}-checkbox-table-cell`}>
          {onSelectAll ? (
            <CheckBox
              style={{ marginLeft: 5 }}
              aria-label={tc('Ui.selectAll')}
              onChange={() => onSelectAll()}
              checked={selectedAll}
            />
          ) : (
            <span style={hidden}>{tc('Ui.selectAll')}</span>
          )}
        </TableCell>
        {properties.map((property) => (
          <PropertyHeader
            display={display(property.isTitle)}
            key={property.propertyPath}
            titleProperty={titleProperty}
            property={property}
            sortBy={sortBy}
            direction={direction}
          />
        ))}
        <TableCell key="actions" style={{ width: 80 }}>
          <span style={hidden}>Actions</span>
        </TableCell>
      </TableRow>
    </TableHead>
  );
};

export default RecordsTableHeader;
