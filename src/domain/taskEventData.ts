/**
 * `TaskEventData` of the certified connector definition, field for field and with its
 * casing (note `LastConnectedUserUPN`). Every trigger event carries one as its payload.
 */

export interface NameValue {
  readonly name: string;
  readonly value: string;
}

export interface Customer {
  readonly firstName?: string;
  readonly lastName?: string;
  readonly displayName?: string;
  readonly company?: string;
  readonly jobTitle?: string;
  readonly department?: string;
  readonly streetAddress?: string;
  readonly postCode?: string;
  readonly city?: string;
  readonly state?: string;
  readonly country?: string;
  readonly primaryTelNumber?: string;
  readonly telNumbers?: readonly NameValue[];
  readonly UPN?: string;
  readonly imAddress?: string;
  readonly email?: string;
  readonly customFields?: readonly NameValue[];
}

export interface PreferredUser {
  readonly upn: string;
  readonly priority: number;
}

export interface TaskInformation {
  readonly customer?: Customer;
  readonly customContextParameters: readonly NameValue[];
  readonly preferredUsers: readonly PreferredUser[];
}

/**
 * The task information of a new inbound task, shared by every one of them: nothing changes
 * a payload in place (a change makes a new one), so one frozen object serves them all.
 */
export const noTaskInformation: TaskInformation = Object.freeze({
  customContextParameters: Object.freeze([]),
  preferredUsers: Object.freeze([]),
});

/** The system fields of a task; all optional ones are absent rather than empty. */
export interface TaskSystemFields {
  readonly taskId: string;
  readonly callChainId?: string;
  readonly tenantId: string;
  readonly direction: string;
  readonly modality: string;
  readonly created: string;
  readonly terminated?: string;
  readonly lastConnectedUserId?: string;
  readonly LastConnectedUserUPN?: string;
  readonly LastConnectedUserEmail?: string;
  readonly microsoftCallerId?: string;
  readonly referenceId?: string;
  readonly callerId?: string;
  readonly callerTelNumber?: string;
  readonly callerUPN?: string;
  readonly microsoftDestinationId?: string;
  readonly destinationId?: string;
  readonly destinationTelNumber?: string;
  readonly destinationUPN?: string;
  readonly acsId?: string;
  readonly isAnonymous?: boolean;
  readonly customerIdentifier?: string;
  readonly initialMessage?: string;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly serviceDescription: string;
  readonly serviceDisplayName: string;
  readonly serviceUPN: string;
  readonly serviceTelNumber?: string;
  readonly emailSubject?: string;
  readonly emailBodyUniqueRichText?: string;
  readonly emailBodyUniquePlainText?: string;
  readonly emailServiceMailboxUPN?: string;
  readonly outboundAttempt?: number;
}

export interface TaskEventData extends TaskSystemFields {
  readonly event: string;
  readonly updatedParameterName?: string;
  readonly updatedParameterValue?: string;
  readonly taskInformation: TaskInformation;
}
