/**
 * Telling people (SPEC "Telling people: notifications and webhooks"): the events the use cases
 * publish, and what the mailer and the webhook sender need from the outside world.
 */

/** The events of SPEC that concern a seller: the ones a seller's webhook endpoint may ask for. */
export const SELLER_EVENT_TYPES = [
  'application.submitted',
  'application.action_required',
  'application.flagged_for_review',
  'application.samples_booked',
  'application.lab_result_posted',
  'application.agreement_issued',
  'application.admitted',
  'application.rejected',
  'application.appeal_decided',
  'seller.violation_recorded',
  'seller.tier_changed',
  'seller.at_risk',
  'statement.issued',
] as const;

/** Every event of SPEC: the seller's, then the staff's. */
export const EVENT_TYPES = [...SELLER_EVENT_TYPES, 'review.task_due_soon', 'lab.booking_created'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Who an event is for: the seller of an application, the reviewers, or one lab. */
export type Recipient =
  | { kind: 'seller'; applicationId: string }
  | { kind: 'reviewers' }
  | { kind: 'lab'; labId: string };

/** Something the recipient must do, and by when. */
export interface Requirement {
  kind: 'sign_agreement' | 'reupload_document' | 'fix_field' | 'decide_review' | 'post_lab_result';
  /** The reason code that asks for it, when one does. */
  code?: string;
  document?: string;
  field?: string;
  sku?: string;
  deadline?: string;
}

/**
 * What an event says: ids, codes, dates and outcomes the recipient already owns; never a name,
 * an ID number, a bank line or a document's content.
 */
export interface EventData {
  applicationId?: string;
  status?: string;
  requirements?: Requirement[];
  reasons?: { code: string; step: string; document?: string; field?: string }[];
  deadline?: string;
  skus?: string[];
  sku?: string;
  attempt?: number;
  passed?: boolean;
  labId?: string;
  round?: number;
  outcome?: string;
  /** application.appeal_decided of a violation: ops' note to the seller on the decision. */
  note?: string;
  taskKind?: string;
  /** seller.*: the violation, its day and severity; the tier and score before and after. */
  violationId?: string;
  date?: string;
  severity?: string;
  tier?: string;
  previousTier?: string;
  healthScore?: number;
  /** statement.issued: the period (YYYY-MM) and the statement's currency. */
  period?: string;
  currency?: string;
}

export interface NotificationEvent {
  /** Derived from business keys (`<applicationId>:<type>:<what>`): the same cause, the same id. */
  id: string;
  type: EventType;
  occurredAt: string;
  recipient: Recipient;
  data: EventData;
}

/** The use cases' port: publishes once per event id; a second publish of an id is a no-op. */
export interface Notifications {
  /** True when the event was new. */
  publish(event: NotificationEvent): Promise<boolean>;
}

/** Where recorded events go: the EventBridge bus on AWS, the in-process fan-out locally. */
export interface EventSink {
  /**
   * `fresh`: the events were recorded by this very publish, so nothing has been made from them
   * yet (a sink may then skip its once-only checks); otherwise (the outbox sweep) they may have been.
   */
  dispatch(events: NotificationEvent[], how?: { fresh: boolean }): Promise<void>;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Sent as a header so a receiving system can deduplicate too. */
  eventId: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Seals a webhook secret (KMS on AWS, AES-GCM with a local key locally); the context binds it. */
export interface SecretBox {
  seal(plain: string, context: string): Promise<string>;
  open(sealed: string, context: string): Promise<string>;
}

export interface WebhookEndpoint {
  endpointId: string;
  owner: string;
  url: string;
  /** Event types delivered to it. */
  events: EventType[];
  sealedSecret: string;
  createdAt: string;
  /** Set while the endpoint is off: by its seller, or by the sender after 24 h of failures. */
  disabled?: EndpointDisabled;
  /** The first failed attempt since the last success: 24 h of failures disable the endpoint. */
  failingSince?: string;
}

export interface EndpointDisabled {
  at: string;
  by: 'seller' | 'failures';
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface WebhookDelivery {
  deliveryId: string;
  owner: string;
  endpointId: string;
  url: string;
  eventId: string;
  eventType: EventType;
  /** The exact bytes POSTed (signed as they are). */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  nextAttemptAt?: string;
  /** Counting from this instant the schedule runs 24 hours (a re-send starts it again). */
  scheduleFrom: string;
  /**
   * Attempts logged on the delivery itself (the local sender: one write per attempt); the AWS
   * sender logs each as an item of its own. `listAttempts` reads both.
   */
  log?: DeliveryAttempt[];
}

export interface DeliveryAttempt {
  deliveryId: string;
  n: number;
  at: string;
  durationMs: number;
  outcome: 'succeeded' | 'failed';
  httpStatus?: number;
  error?: string;
}

/** A delivery waiting for its next attempt (its endpoint: the queue shares workers fairly by it). */
export interface QueuedDelivery {
  owner: string;
  deliveryId: string;
  endpointId: string;
  dueAt: string;
}

/** The delivery queue: a delivery is tried at (or soon after) `dueAt`. SQS on AWS, the table locally. */
export interface DeliveryQueue {
  enqueue(item: QueuedDelivery): Promise<void>;
  /** Several at once, where the queue has a batch write (the local table). */
  enqueueMany?(items: QueuedDelivery[]): Promise<void>;
}

export interface NotificationStore {
  /** The event and its outbox marker, once per id (conditional put); false when it was there. */
  recordEvent(event: NotificationEvent): Promise<boolean>;
  /** Events recorded and not yet handed to the sink (a crash in between); `after`: an id, to page on. */
  undispatched(limit: number, after?: string): Promise<NotificationEvent[]>;
  markDispatched(eventId: string): Promise<void>;

  /** Claims an email to one address for one event; false when it was claimed already. */
  claimEmail(eventId: string, address: string, at: string): Promise<boolean>;
  /** Gives a claim back after a failed send, so the next try may claim it again. */
  releaseEmail(eventId: string, address: string): Promise<void>;

  putEndpoint(endpoint: WebhookEndpoint): Promise<void>;
  listEndpoints(owner: string): Promise<WebhookEndpoint[]>;
  getEndpoint(owner: string, endpointId: string): Promise<WebhookEndpoint | null>;
  /** Notes a failed attempt: `failingSince` set if not set; returns it (null: no such endpoint). */
  markFailing(owner: string, endpointId: string, at: string): Promise<string | null>;
  /** A success: the failures are over. */
  markHealthy(owner: string, endpointId: string): Promise<void>;
  /**
   * Turns an endpoint off (`disabled`) or on (null, failures forgotten). Turning off is once: false
   * when it was off already or is not there; turning on is false only when it is not there.
   */
  setDisabled(owner: string, endpointId: string, disabled: EndpointDisabled | null): Promise<boolean>;

  /** Once per (endpoint, event): false when that delivery exists already. */
  createDelivery(delivery: WebhookDelivery): Promise<boolean>;
  /** `createDelivery` of an event's deliveries in one round trip when none exists yet; each one's result. */
  createDeliveries(deliveries: WebhookDelivery[]): Promise<boolean[]>;
  getDelivery(owner: string, deliveryId: string): Promise<WebhookDelivery | null>;
  listDeliveries(owner: string, limit: number): Promise<WebhookDelivery[]>;
  /** Takes attempt `expected + 1` of a pending delivery; false when another worker took it first. */
  claimAttempt(owner: string, deliveryId: string, expected: number, at: string): Promise<boolean>;
  saveDelivery(delivery: WebhookDelivery): Promise<void>;
  /** Each attempt once (conditional on its number). */
  addAttempt(owner: string, attempt: DeliveryAttempt): Promise<void>;
  /**
   * Takes the next attempt of a pending delivery due by `dueBy` in one conditional update; the
   * delivery as it was before, or null (not pending, not due, not there, or taken by another).
   */
  takeAttempt(owner: string, deliveryId: string, at: string, dueBy: string): Promise<WebhookDelivery | null>;
  /** `addAttempt` and `saveDelivery` in one round trip. */
  finishAttempt(attempt: DeliveryAttempt, delivery: WebhookDelivery): Promise<void>;
  listAttempts(owner: string, deliveryId: string): Promise<DeliveryAttempt[]>;
}
