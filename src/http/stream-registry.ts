/**
 * Every open event stream by the token and the user it was opened with, so that what ends a
 * token's or a user's access ends their streams too: a revocation, the token's expiry (a
 * timer at that time), a change of the user's roles or the user's removal. It also caps the
 * streams one token may hold open at once.
 */
import type { DirectoryIndex } from "../domain/directoryIndex.ts";
import type { User } from "../domain/model.ts";
import type { Clock, TimerHandle } from "../engine/clock.ts";
import type { Engine } from "../engine/engine.ts";
import type { Caller } from "./auth.ts";

interface Entry {
  readonly tenantId: string;
  readonly userId: string | undefined;
  readonly tokenKey: string;
  /** The user's roles as the stream was opened; another set ends the stream. */
  readonly roles: string | undefined;
  readonly end: () => void;
  timer: TimerHandle | undefined;
}

/** What of a user decides what their streams may see. */
const rolesOf = (user: User) =>
  JSON.stringify([user.role, user.orgUnitId, user.roleAssignments ?? [], user.homeTenant ?? ""]);

/** The token a caller's streams count against: a Cirrus token's hash, else the user. */
const tokenKeyOf = (caller: Caller) =>
  caller.tokenHash ?? `${caller.tenantId}:${caller.user?.id ?? caller.principal.kind}`;

export class StreamRegistry {
  readonly #engine: Engine;
  readonly #clock: Clock;
  readonly #maxPerToken: number;
  readonly #entries = new Set<Entry>();
  /** The directory each tenant's streams were last reviewed against; a new one is a change. */
  readonly #reviewed = new Map<string, DirectoryIndex>();

  constructor(engine: Engine, clock: Clock, maxPerToken: number) {
    this.#engine = engine;
    this.#clock = clock;
    this.#maxPerToken = maxPerToken;
  }

  /** Whether the caller's token holds as many streams as it may. */
  full(caller: Caller): boolean {
    const key = tokenKeyOf(caller);
    let count = 0;
    for (const entry of this.#entries) if (entry.tokenKey === key) count++;
    return count >= this.#maxPerToken;
  }

  get maxPerToken(): number {
    return this.#maxPerToken;
  }

  /** Registers a stream; `end` ends it (once). Returns how to unregister it when it closes. */
  open(caller: Caller, end: () => void): () => void {
    const entry: Entry = {
      tenantId: caller.tenantId,
      userId: caller.user?.id,
      tokenKey: tokenKeyOf(caller),
      roles: caller.user && rolesOf(caller.user),
      end,
      timer: undefined,
    };
    this.#entries.add(entry);
    // Its roles may come from a directory older than the one last reviewed against.
    this.#reviewed.delete(entry.tenantId);
    if (caller.expiresAt !== null) {
      entry.timer = this.#clock.at(caller.expiresAt, () => this.#end(entry));
    }
    return () => this.#forget(entry);
  }

  /** Ends the streams opened with the token of this hash (it was revoked). */
  endToken(hash: string): void {
    for (const entry of [...this.#entries]) if (entry.tokenKey === hash) this.#end(entry);
  }

  /** Ends the tenant's streams whose user is gone or holds other roles than at opening. */
  review(tenantId: string): void {
    const directory = this.#engine.state(tenantId)?.directory;
    // The directory is replaced on every change: the same one has changed nobody's roles.
    if (directory && this.#reviewed.get(tenantId) === directory) return;
    if (directory) this.#reviewed.set(tenantId, directory);
    for (const entry of [...this.#entries]) {
      if (entry.tenantId !== tenantId || entry.userId === undefined) continue;
      const user = directory?.usersById.get(entry.userId);
      if (!user || rolesOf(user) !== entry.roles) this.#end(entry);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  #forget(entry: Entry): void {
    entry.timer?.cancel();
    this.#entries.delete(entry);
  }

  #end(entry: Entry): void {
    if (!this.#entries.has(entry)) return;
    this.#forget(entry);
    entry.end();
  }
}
