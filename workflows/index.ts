// The workflow bundle's entry: every workflow type the worker runs.
export { registrationWorkflow } from './registration.workflow';
export { authorisationRequestWorkflow } from './authorisation-request.workflow';
export { operatorCreationWorkflow } from './operator-creation.workflow';
export { passwordResetWorkflow } from './password-reset.workflow';
export { emailChangeWorkflow } from './email-change.workflow';
