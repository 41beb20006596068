// Every date in one format ("2 Dec 2026, 14:05 CET") in the approver's time zone (Account.timeZone, else the
// browser's), in the page's language. The ISO instant stays in the <time> element's datetime.
import React from 'react';
import { ValueGroup } from '@adminjs/design-system';
import { useCurrentAdmin, useTranslation } from 'adminjs';

export const formatDate = (iso, language, timeZone) => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  try {
    return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone,
    })
      .format(date)
      .concat(' ', zoneName(date, timeZone));
  } catch {
    return date.toISOString();
  }
};

const zoneName = (date, timeZone) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'short' })
    .formatToParts(date)
    .find((p) => p.type === 'timeZoneName')?.value ?? '';

const DateValue = ({ property, record, where }) => {
  const [admin] = useCurrentAdmin();
  const { i18n, tp } = useTranslation();
  const value = record?.params?.[property.path];
  if (!value)
    return where === 'show' ? <ValueGroup label={tp(property.label, property.resourceId)}>—</ValueGroup> : null;
  const time = (
    <time dateTime={String(value)} style={{ whiteSpace: 'nowrap' }} data-testid={`date-${property.path}`}>
      {formatDate(value, (i18n.resolvedLanguage || i18n.language || 'en').slice(0, 2), admin?.timeZone || undefined)}
    </time>
  );
  return where === 'show' ? <ValueGroup label={tp(property.label, property.resourceId)}>{time}</ValueGroup> : time;
};

export default DateValue;
