// The queue's views above a list that has them (a `queue` filter with its values): all waiting requests, those
// assigned to me, the unassigned ones, as a named navigation of links; the current view has aria-current.
// Plain JSX (bundled by AdminJS's rollup at start-up): tsc cannot type a component importing the ESM-only adminjs.
import React from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'adminjs';

const QueueViews = ({ resource }) => {
  const { tc, tl } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const queue = resource.filterProperties.find((p) => p.propertyPath === 'queue');
  if (!queue?.availableValues) return null;
  const current = new URLSearchParams(location.search);
  const hrefOf = (value) => {
    const search = new URLSearchParams({ 'filters.status': 'REQUESTED', sortBy: 'createdAt', direction: 'asc' });
    if (value) search.set('filters.queue', value);
    return `${location.pathname}?${search.toString()}`;
  };
  const views = [
    { value: '', label: tc('Ui.allWaiting') },
    ...queue.availableValues.map((v) => ({ value: v.value, label: tl(`queue.${v.value}`, { defaultValue: v.value }) })),
  ];
  const active = (value) =>
    current.get('filters.status') === 'REQUESTED' && (current.get('filters.queue') ?? '') === value;
  return (
    <nav aria-label={tc('Ui.views')} data-testid="queue-view-links" style={{ marginBottom: 16 }}>
      {views.map((v) => (
        <a
          key={v.value || 'all'}
          href={hrefOf(v.value)}
          aria-current={active(v.value) ? 'page' : undefined}
          data-testid={`queue-view-${v.value || 'all'}`}
          onClick={(event) => {
            event.preventDefault();
            navigate(hrefOf(v.value));
          }}
          style={{
            display: 'inline-block',
            padding: '6px 12px',
            marginRight: 8,
            borderRadius: 4,
            color: active(v.value) ? '#fff' : '#2E45C8',
            background: active(v.value) ? '#2E45C8' : 'transparent',
            textDecoration: active(v.value) ? 'none' : 'underline',
          }}
        >
          {v.label}
        </a>
      ))}
    </nav>
  );
};

export default QueueViews;
