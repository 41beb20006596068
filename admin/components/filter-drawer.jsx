// AdminJS's filter drawer, with every field labelled (AdminJS's labels point at nothing and its selects are named
// by title only): enums and yes/no as native selects, dates as native date inputs, references as a labelled async
// select, text as a labelled input (compared case- and accent-free by the scoped resource), and a named close button.
import React, { useEffect, useState } from 'react';
import {
  Box,
  Button,
  Drawer,
  DrawerContent,
  DrawerFooter,
  H3,
  Icon,
  Input,
  Label,
  SelectAsync,
} from '@adminjs/design-system';
import { ApiClient, useFilterDrawer, useQueryParams, useTranslation } from 'adminjs';

const api = new ApiClient();
const field = {
  display: 'block',
  width: '100%',
  padding: '8px',
  border: '1px solid #767A80',
  borderRadius: 4,
  background: '#fff',
  color: '#0C1E29',
};

const ReferenceFilter = ({ property, path, id, value, onChange }) => {
  const [options, setOptions] = useState([]);
  const loadOptions = async (query) => {
    const records = await api.searchRecords({ resourceId: property.reference, query });
    const loaded = records.map((r) => ({ value: r.id, label: r.title }));
    setOptions(loaded);
    return loaded;
  };
  const selected = options.find((o) => String(o.value) === String(value ?? ''));
  return (
    <SelectAsync
      variant="filter"
      inputId={id}
      value={selected ?? ''}
      isClearable
      cacheOptions
      defaultOptions
      loadOptions={loadOptions}
      onChange={(s) => onChange(path, s ? s.value : '')}
    />
  );
};

const FilterField = ({ property, resource, filter, onChange }) => {
  // A property's JSON names its path propertyPath (AdminJS's BasePropertyComponent adds `path`; we render directly).
  const path = property.propertyPath;
  const { tp, tl, tc } = useTranslation();
  const id = `filter-${path}`;
  const label = tp(property.label ?? path, resource.id, { defaultValue: property.label });
  const wrap = (control, labelFor = id) => (
    <Box mb="lg" data-testid={`property-filter-${path}`}>
      <Label htmlFor={labelFor}>{label}</Label>
      {control}
    </Box>
  );
  const value = filter[path] ?? '';
  if (property.availableValues || property.type === 'boolean') {
    const options = property.availableValues
      ? property.availableValues.map((v) => ({
          value: v.value,
          label: tl(`${path}.${v.value}`, { defaultValue: v.label ?? v.value }),
        }))
      : [
          { value: 'true', label: tc('Ui.yes', { defaultValue: 'Yes' }) },
          { value: 'false', label: tc('Ui.no', { defaultValue: 'No' }) },
        ];
    return wrap(
      <select id={id} name={id} value={value} style={field} onChange={(e) => onChange(path, e.target.value)}>
        <option value="">{tc('Ui.any', { defaultValue: '—' })}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>,
    );
  }
  if (property.type === 'datetime' || property.type === 'date') {
    const from = `${path}~~from`;
    const to = `${path}~~to`;
    return (
      <Box as="fieldset" mb="lg" style={{ border: 0, padding: 0 }} data-testid={`property-filter-${path}`}>
        <legend style={{ fontWeight: 'bold', marginBottom: 4 }}>{label}</legend>
        <Label htmlFor={`${id}-from`}>{tc('Ui.from', { defaultValue: 'From' })}</Label>
        <input
          id={`${id}-from`}
          type="date"
          style={field}
          value={String(filter[from] ?? '').slice(0, 10)}
          onChange={(e) => onChange(from, e.target.value)}
        />
        <Label htmlFor={`${id}-to`} mt="default">
          {tc('Ui.to', { defaultValue: 'To' })}
        </Label>
        <input
          id={`${id}-to`}
          type="date"
          style={field}
          value={String(filter[to] ?? '').slice(0, 10)}
          onChange={(e) => onChange(to, e.target.value)}
        />
      </Box>
    );
  }
  if (property.type === 'reference') {
    return wrap(<ReferenceFilter property={property} path={path} id={id} value={value} onChange={onChange} />);
  }
  return wrap(<Input id={id} name={id} width={1} value={value} onChange={(e) => onChange(path, e.target.value)} />);
};

const FilterDrawer = ({ resource }) => {
  const [filter, setFilter] = useState({});
  const { tb, tl, tc } = useTranslation();
  const { isVisible, toggleFilter } = useFilterDrawer();
  const { storeParams, clearParams, filters } = useQueryParams();
  useEffect(() => {
    setFilter(filters ?? {});
  }, [filters, resource.id]);
  const onChange = (path, value) => setFilter({ ...filter, [path]: value === '' ? undefined : value });
  const submit = (event) => {
    event.preventDefault();
    const chosen = Object.fromEntries(
      Object.entries(filter).filter(([, v]) => v !== undefined && v !== null && v !== ''),
    );
    storeParams({ filters: chosen, page: '1' });
  };
  const reset = (event) => {
    event.preventDefault();
    clearParams('filters');
    setFilter({});
  };
  if (!isVisible) return null;
  return (
    <Drawer
      variant="filter"
      as="form"
      onSubmit={submit}
      onReset={reset}
      data-css={`${resource.id}-filter-drawer`}
      aria-label={tl('filters', resource.id)}
    >
      <DrawerContent>
        <Box flex justifyContent="space-between">
          <H3 as="h2">{tl('filters', resource.id)}</H3>
          <Button
            type="button"
            variant="light"
            size="icon"
            rounded
            color="text"
            onClick={toggleFilter}
            aria-label={tc('Ui.closeFilters', { defaultValue: 'Close the filters' })}
          >
            <Icon icon="X" />
          </Button>
        </Box>
        <Box my="x3">
          {resource.filterProperties.map((property) => (
            <FilterField
              key={property.propertyPath}
              property={property}
              resource={resource}
              filter={filter}
              onChange={onChange}
            />
          ))}
        </Box>
      </DrawerContent>
      <DrawerFooter>
        <Button type="button" variant="light" onClick={reset}>
          {tb('resetFilter', resource.id)}
        </Button>
        <Button type="submit" variant="contained" data-testid="filter-apply">
          {tb('applyChanges', resource.id)}
        </Button>
      </DrawerFooter>
    </Drawer>
  );
};

export default FilterDrawer;
