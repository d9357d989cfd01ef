/** What can be asked of a tenant's engine. Each command is decided against the live state. */
import type { PresenceStatus, TranscriptSpeaker } from "./events.ts";
import type { DistributionPriority, Modality } from "./model.ts";
import type { EntryWrite } from "./scheduler.ts";
import type { DestinationOutcome } from "./schedulerEntry.ts";
import type { Customer, NameValue, PreferredUser } from "./taskEventData.ts";
import type { TimerRef } from "./timers.ts";
import type { CollectOutcome } from "./workflow/interpreter.ts";

export interface InboundContact {
  /** Service UPN or telephone number. */
  readonly to: string;
  /** Caller's telephone number, UPN or email address; empty when anonymous. */
  readonly from: string;
  readonly message?: string;
  readonly subject?: string;
  readonly body?: string;
  /** The contact of an address book the caller is, looked up by the ingress adapter. */
  readonly customer?: Customer;
}

export type Command =
  | ({ readonly kind: "ReceiveInbound"; readonly modality: Modality } & InboundContact)
  | { readonly kind: "Hangup"; readonly taskId: string }
  | {
      readonly kind: "SetParameter";
      readonly taskId: string;
      readonly name: string;
      readonly value: string;
    }
  | {
      /** A flow's Update task: each changed parameter raises Parameter Updated. */
      readonly kind: "UpdateTask";
      readonly taskId: string;
      readonly customer?: Customer;
      readonly parameters?: readonly NameValue[];
      readonly preferredUsers?: readonly PreferredUser[];
    }
  | { readonly kind: "SetPresence"; readonly userId: string; readonly status: PresenceStatus }
  | { readonly kind: "AcceptOffer"; readonly userId: string; readonly offerId: string }
  | { readonly kind: "DeclineOffer"; readonly userId: string; readonly offerId: string }
  | { readonly kind: "EndTask"; readonly userId: string; readonly taskId: string }
  | { readonly kind: "FireTimer"; readonly timer: TimerRef }
  /** DTMF digits or a chat message from the customer: Input Customer, or the agent, takes it. */
  | {
      readonly kind: "CustomerInput";
      readonly taskId: string;
      readonly digits?: string;
      readonly message?: string;
    }
  /** The outcome of a Collect Information request the engine ran for a waiting task. */
  | {
      readonly kind: "CompleteRequest";
      readonly taskId: string;
      readonly waitId: string;
      readonly outcome: CollectOutcome;
    }
  /** A member switches their responsibility for a service on or off. */
  | {
      readonly kind: "SetResponsibility";
      readonly userId: string;
      readonly serviceId: string;
      readonly active: boolean;
    }
  /** The user is done wrapping up before their after-call work time is over. */
  | { readonly kind: "EndAfterCallWork"; readonly userId: string }
  /** Records an administrator's change in the log (the audit trail). */
  | {
      readonly kind: "RecordAdminChange";
      readonly actorUserId: string;
      readonly action: string;
      readonly target: string;
      readonly details: Readonly<Record<string, unknown>>;
    }
  /** The directory changed: match every queue with the members it now has. */
  | { readonly kind: "Redistribute" }
  /** Scheduler entries: planned outbound calls. */
  | { readonly kind: "CreateSchedulerEntry"; readonly entry: EntryWrite }
  | { readonly kind: "UpdateSchedulerEntry"; readonly entryId: string; readonly entry: EntryWrite }
  | { readonly kind: "RemoveSchedulerEntry"; readonly entryId: string }
  /** The gateway dialled an outbound task's destination for its user: what came of it. */
  | {
      readonly kind: "ReportDestination";
      readonly taskId: string;
      readonly outcome: DestinationOutcome;
    }
  /** A task from an outside system (a ticket, a case), distributed like any other. */
  | ({ readonly kind: "AddExternalTask" } & ExternalTask)
  | { readonly kind: "RemoveExternalTask"; readonly taskId: string }
  /** Lines of a conversation the gateway transcribed, for the virtual user assistant. */
  | {
      readonly kind: "AddTranscript";
      readonly taskId: string;
      readonly lines: readonly { readonly speaker: TranscriptSpeaker; readonly text: string }[];
    };

/** An external task as the connector's `ExternalTaskWriteDto` describes it. */
export interface ExternalTask {
  readonly serviceId: string;
  /** Empty or absent: anonymous. */
  readonly customerIdentifier?: string;
  readonly customer?: Customer;
  readonly parameters?: readonly NameValue[];
  readonly priority?: DistributionPriority;
  readonly preferredUsers?: readonly PreferredUser[];
}

export type CommandReply =
  | { readonly taskId: string }
  | { readonly entryId: string }
  | Record<string, never>;
