/** What a simulation did, counted from the events it produced and the commands it sent. */
export interface SimCounts {
  steps: number;
  commands: number;
  timersFired: number;
  /** Timers fired 1 ms (or more) before they were due, which must change nothing. */
  earlyTimerProbes: number;
  /** Commands refused as expected (responsibility for a service the user is no member of). */
  refusals: number;
  offers: number;
  longestIdleOffers: number;
  roundRobinOffers: number;
  serialOffers: number;
  broadcastOffers: number;
  /** Offers made within a preferred-user window. */
  preferredOffers: number;
  accepts: number;
  declines: number;
  /** Offers that rang unanswered and set their user not ready. */
  ronas: number;
  broadcastExpiries: number;
  withdrawals: number;
  tasksStarted: number;
  tasksTerminated: number;
  queueEntries: number;
  queueLeftTimeout: number;
  queueLeftNoUsers: number;
  queueLeftCallerLeft: number;
  preferredWindows: number;
  afterCallWorks: number;
  afterCallWorksEndedEarly: number;
  presenceChanges: number;
  responsibilityChanges: number;
  virtualMs: number;
  elapsedMs: number;
}

export function emptyCounts(): SimCounts {
  return {
    steps: 0,
    commands: 0,
    timersFired: 0,
    earlyTimerProbes: 0,
    refusals: 0,
    offers: 0,
    longestIdleOffers: 0,
    roundRobinOffers: 0,
    serialOffers: 0,
    broadcastOffers: 0,
    preferredOffers: 0,
    accepts: 0,
    declines: 0,
    ronas: 0,
    broadcastExpiries: 0,
    withdrawals: 0,
    tasksStarted: 0,
    tasksTerminated: 0,
    queueEntries: 0,
    queueLeftTimeout: 0,
    queueLeftNoUsers: 0,
    queueLeftCallerLeft: 0,
    preferredWindows: 0,
    afterCallWorks: 0,
    afterCallWorksEndedEarly: 0,
    presenceChanges: 0,
    responsibilityChanges: 0,
    virtualMs: 0,
    elapsedMs: 0,
  };
}
