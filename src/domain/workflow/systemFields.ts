/**
 * Task fields a workflow may read by name, in templates (`{{callerTelNumber}}`) and in
 * CheckParameter/WaitForParameter, without any activity setting them. The names follow
 * `TaskSystemFields` and `Customer` in ../taskEventData.ts.
 */
export const workflowSystemFields = [
  "taskId",
  "modality",
  "direction",
  "callerId",
  "callerTelNumber",
  "callerUPN",
  "customerIdentifier",
  "initialMessage",
  "emailSubject",
  "destinationTelNumber",
  "destinationUPN",
  "serviceName",
  "serviceDescription",
  "serviceDisplayName",
  "serviceUPN",
  "serviceTelNumber",
  "customer.firstName",
  "customer.lastName",
  "customer.displayName",
  "customer.company",
  "customer.jobTitle",
  "customer.department",
  "customer.email",
  "customer.UPN",
  "customer.primaryTelNumber",
  "customer.city",
  "customer.country",
] as const;
export type WorkflowSystemField = (typeof workflowSystemFields)[number];

const systemFieldSet: ReadonlySet<string> = new Set(workflowSystemFields);

export function isWorkflowSystemField(name: string): name is WorkflowSystemField {
  return systemFieldSet.has(name);
}
