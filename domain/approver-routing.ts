// Who decides a request: kept as an entry point for older imports; the rule lives in domain/entitlement.ts.
export {
  approverGroupFor,
  checkEntitlement,
  isNationalAuthority,
  type ApproverCapacity,
  type ApproverGroup,
  type DecisionOrganisation,
  type DecisionSubject,
  type Entitlement,
} from './entitlement';
