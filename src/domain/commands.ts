/** What can be asked of a tenant's engine. Each command is decided against the live state. */
import type { PresenceStatus } from "./events.ts";
import type { Modality } from "./model.ts";
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
  | { readonly kind: "Redistribute" };

export type CommandReply = { readonly taskId: string } | Record<string, never>;
