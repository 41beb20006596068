// The back-office's one read-only rule, as an AdminJS feature every resource carries: no generic new, edit or delete.
// Workflow-owned fields (status, decidedBy, account, organisation …) are never form fields; decisions go through the
// workflows (decision-actions.ts), and the scoped resource refuses any write that slips past this.
import type { FeatureType } from 'adminjs' with { 'resolution-mode': 'import' };
import type { AdminJSModule } from './shared';

export function readOnlyFeature(adminjs: AdminJSModule): FeatureType {
  return adminjs.buildFeature({
    actions: {
      new: { isAccessible: false, isVisible: false },
      edit: { isAccessible: false, isVisible: false },
      delete: { isAccessible: false, isVisible: false },
      bulkDelete: { isAccessible: false, isVisible: false },
    },
  });
}
