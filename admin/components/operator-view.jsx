// The whole new operator of an operator-creation request, as the approver must judge it: address, activities, EORI,
// every contact field, and beside it the operators of the directory it may duplicate (domain/operator-rules.ts),
// each a link to its page.
import React from 'react';
import { Box, H4, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

const Row = ({ label, value, testId }) => (
  <>
    <dt style={{ fontWeight: 'bold', marginTop: 8 }}>{label}</dt>
    <dd style={{ margin: 0 }} data-testid={testId}>
      {value || '—'}
    </dd>
  </>
);

const OperatorView = ({ record }) => {
  const { tc } = useTranslation();
  const raw = record.params.newOperator;
  if (!raw) return null;
  const o = JSON.parse(raw);
  const t = (key, fallback) => tc(`OperatorView.${key}`, { defaultValue: fallback });
  const address = [o.address.street, [o.address.postcode, o.address.city].filter(Boolean).join(' '), o.address.country]
    .filter(Boolean)
    .join(', ');
  return (
    <Box flex flexDirection={['column', 'column', 'row']} mb="xl" data-testid="operator-view">
      <Box as="section" aria-labelledby="new-operator-heading" flexGrow={1} mr="xl">
        <H4 id="new-operator-heading">{t('heading', 'The new operator')}</H4>
        <dl>
          <Row label={t('name', 'Name')} value={o.name} testId="operator-name" />
          <Row label={t('address', 'Address')} value={address} testId="operator-address" />
          <Row label="EORI" value={o.eori} testId="operator-eori" />
          <Row label={t('phone', 'Phone')} value={o.contacts.phone} testId="operator-phone" />
          <Row label={t('fax', 'Fax')} value={o.contacts.fax} testId="operator-fax" />
          <Row label={t('email', 'E-mail')} value={o.contacts.email} testId="operator-email" />
          <Row label={t('website', 'Website')} value={o.contacts.website} testId="operator-website" />
        </dl>
        <Text fontWeight="bold" mt="lg">
          {t('activities', 'Activities')}
        </Text>
        <ul data-testid="operator-activities">
          {o.activities.map((a) => (
            <li key={`${a.section}-${a.activityType}`}>
              {a.section} — {a.activityType}
            </li>
          ))}
        </ul>
      </Box>
      <Box as="section" aria-labelledby="duplicates-heading" flexGrow={1}>
        <H4 id="duplicates-heading">{t('duplicates', 'Likely duplicates in the directory')}</H4>
        {o.duplicates.length ? (
          <ul data-testid="operator-duplicates">
            {o.duplicates.map((d) => (
              <li key={d.id}>
                <a href={`/admin/resources/Organisation/records/${d.id}/show`} style={{ color: '#2E45C8' }}>
                  {d.city ? `${d.name}, ${d.city}` : d.name}
                </a>{' '}
                (
                {d.because === 'EORI'
                  ? t('sameEori', 'same EORI')
                  : d.because === 'ADDRESS'
                    ? t('sameAddress', 'same address')
                    : t('similarName', 'similar name in the same country')}
                )
              </li>
            ))}
          </ul>
        ) : (
          <Text data-testid="operator-no-duplicates">{t('noDuplicates', 'None found')}</Text>
        )}
      </Box>
    </Box>
  );
};

export default OperatorView;
