// AdminJS's list action with a pagination the keyboard and screen readers can use: a named navigation landmark of
// real links (previous, numbered pages with aria-current, next) instead of unnamed icon buttons.
import React, { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Box, Text } from '@adminjs/design-system';
import { RecordsTable, useRecords, useSelectedRecords, useTranslation } from 'adminjs';
import QueueViews from './queue-views';

const pagesAround = (page, last) => {
  const pages = new Set([1, last, page - 1, page, page + 1].filter((p) => p >= 1 && p <= last));
  return [...pages].sort((a, b) => a - b);
};

// The list action counts up to this many rows and answers one more when there are more (admin/list-action.ts).
const COUNT_LIMIT = 10000;
const shownTotal = (total) => (total > COUNT_LIMIT ? `${COUNT_LIMIT.toLocaleString()}+` : total.toString());

const Pages = ({ page, perPage, total }) => {
  const { tc } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const last = Math.max(1, Math.ceil(Math.min(total, COUNT_LIMIT) / perPage));
  if (last <= 1) return null;
  const hrefOf = (p) => {
    const search = new URLSearchParams(location.search);
    search.set('page', String(p));
    return `${location.pathname}?${search.toString()}`;
  };
  const link = (p, label, text, current = false) => (
    <a
      key={`${label}-${p}`}
      href={hrefOf(p)}
      aria-label={label}
      aria-current={current ? 'page' : undefined}
      onClick={(event) => {
        event.preventDefault();
        navigate(hrefOf(p));
      }}
      style={{
        display: 'inline-block',
        minWidth: 32,
        padding: '6px 10px',
        margin: '0 2px',
        borderRadius: 4,
        color: current ? '#fff' : '#2E45C8',
        background: current ? '#2E45C8' : 'transparent',
        textDecoration: current ? 'none' : 'underline',
      }}
    >
      {text}
    </a>
  );
  return (
    <nav aria-label={tc('Ui.pagination', { defaultValue: 'Pages' })} data-testid="pagination">
      {page > 1 ? link(page - 1, tc('Ui.previousPage'), '‹') : null}
      {pagesAround(page, last).map((p) => link(p, tc('Ui.page', { page: p }), String(p), p === page))}
      {page < last ? link(page + 1, tc('Ui.nextPage'), '›') : null}
    </nav>
  );
};

const List = ({ resource, setTag }) => {
  const { records, loading, direction, sortBy, page, total, fetchData, perPage } = useRecords(resource.id);
  const { selectedRecords, handleSelect, handleSelectAll, setSelectedRecords } = useSelectedRecords(records);
  const location = useLocation();
  useEffect(() => {
    if (setTag) setTag(shownTotal(total));
  }, [total]);
  useEffect(() => {
    setSelectedRecords([]);
  }, [resource.id]);
  useEffect(() => {
    const search = new URLSearchParams(location.search);
    if (search.get('refresh')) setSelectedRecords([]);
    else {
      const recordIds = search.get('recordIds')?.split?.(',') ?? [];
      setSelectedRecords(records.filter((r) => recordIds.includes(r.id.toString())));
    }
  }, [location.search, records]);
  return (
    <Box variant="container" data-css={`${resource.id}-list-table-wrapper`}>
      <QueueViews resource={resource} />
      <RecordsTable
        resource={resource}
        records={records}
        actionPerformed={() => fetchData()}
        onSelect={handleSelect}
        onSelectAll={handleSelectAll}
        selectedRecords={selectedRecords}
        direction={direction}
        sortBy={sortBy}
        isLoading={loading}
      />
      <Text mt="xl" textAlign="center">
        <Pages page={page} perPage={perPage} total={total} />
      </Text>
    </Box>
  );
};

export default List;
