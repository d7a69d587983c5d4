/**
 * Every verb and data set a card can send back, in one place: cards put them in their data, routes
 * register handlers for them, tests refer to them. Card data carries a verb and ids only (CONVENTIONS.md
 * rule 4): whatever the click means is looked up on the server.
 */
export const VERBS = {
  /** Action.Submit from the help card and notices: start a command as if typed. */
  commandLink: 'hm.cmd.link',
  commandErrors: 'hm.cmd.errors',
  commandSyncStatus: 'hm.cmd.sync-status',
  /** Action.Submit on a sync-error row or a status card: open the link card for that cloud user. */
  fixCloudUser: 'hm.errors.fix',
  /** Action.Execute on the picker card: both users chosen, show the review. */
  linkReview: 'hm.link.review',
  /** Action.Execute on the review card. */
  reviewRefresh: 'hm.review.refresh',
  reviewBack: 'hm.review.back',
  reviewCancel: 'hm.review.cancel',
  /** "Request approval" on the review card (data: session id, reason, ticket). */
  requestApproval: 'hm.approval.request',
  /** Action.Execute on the approval / request / job card (data: the request id only). */
  approve: 'hm.approval.approve',
  reject: 'hm.approval.reject',
  withdraw: 'hm.approval.withdraw',
  requestAgain: 'hm.approval.again',
  undo: 'hm.job.undo',
  /**
   * The approval card's Universal Actions `refresh` (data: the request id only): real Teams sends it
   * when a listed user views the card and shows that user the answer. A read: it changes nothing.
   */
  refreshApproval: 'hm.approval.refresh',
  /** Action.Execute on a sync-health alert (data: the alert id; the snooze's span). Approvers only. */
  alertSnooze: 'hm.alerts.snooze',
  alertMute: 'hm.alerts.mute',
  alertUnmute: 'hm.alerts.unmute',
  /** Action.Execute: restart the ADSync service through the relay (data: none). Approvers only. */
  syncRestart: 'hm.sync.restart',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];

/** Data.Query data sets of the type-ahead pickers (teams-ai `app.adaptiveCards.search`). */
export const DATASETS = {
  adUsers: 'hm.ad-users',
  cloudUsers: 'hm.cloud-users',
} as const;

export type Dataset = (typeof DATASETS)[keyof typeof DATASETS];
