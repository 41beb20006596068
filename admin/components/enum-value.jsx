// An enum value shown as its label in the approver's language (admin/locale.ts, `labels.<property>.<VALUE>`), on one
// line: codes such as CONTROL_BODY never wrap mid-word. The code stays in data-value for tests and CSV readers.
import React from 'react';
import { ValueGroup } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

const EnumValue = ({ property, record, where }) => {
  const { tl, tp } = useTranslation();
  const value = record?.params?.[property.path];
  if (value === undefined || value === null || value === '') return null;
  const label = (
    <span data-value={value} data-testid={`enum-${property.path}`} style={{ whiteSpace: 'nowrap' }}>
      {tl(`${property.path}.${value}`, { defaultValue: String(value) })}
    </span>
  );
  return where === 'show' ? <ValueGroup label={tp(property.label, property.resourceId)}>{label}</ValueGroup> : label;
};

export default EnumValue;
