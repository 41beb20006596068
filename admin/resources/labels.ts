// Enum properties shown as labels (admin/locale.ts) that never wrap mid-word, filtered with selects; dates in one
// format with the approver's time zone. AdminJS reads `availableValues` for the filter's select and the label keys.
import { ENVIRONMENTS, REQUEST_STATUSES, ROLE_KINDS } from '../../domain/enums';
import type { ResourceDeps } from './shared';

const values = (list: readonly string[]) => list.map((value) => ({ value, label: value }));

export const ENUM_VALUES = {
  status: values(REQUEST_STATUSES),
  environment: values(ENVIRONMENTS),
  kind: values(ROLE_KINDS),
  type: values(['ATTACH', 'OPERATOR_CREATION']),
  organisationStatus: values(['PENDING', 'ACTIVE', 'REJECTED']),
  accountStatus: values(['PENDING_VERIFICATION', 'ACTIVE', 'EXPIRED']),
};

/** Property options of an enum column: a select to filter, a label to read. */
export const enumProperty = (deps: ResourceDeps, availableValues: Array<{ value: string; label: string }>) => ({
  availableValues,
  components: { list: deps.components.EnumValue, show: deps.components.EnumValue },
});

/** Property options of a date column: one format everywhere, in the approver's time zone. */
export const dateProperty = (deps: ResourceDeps) => ({
  components: { list: deps.components.DateValue, show: deps.components.DateValue },
});

export const dates = (deps: ResourceDeps, ...names: string[]) =>
  Object.fromEntries(names.map((n) => [n, dateProperty(deps)]));
