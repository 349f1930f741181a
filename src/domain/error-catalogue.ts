import type { ErrorKind } from './errors.ts';

/**
 * What a code means, whatever the occurrence: its kind, a short title, and whether retrying helps.
 * When it happens is told in ERROR_DESCRIPTIONS (error-descriptions.ts).
 */
export interface ErrorEntry {
  readonly kind: ErrorKind;
  /** The problem document's `title`: the same for every occurrence of the code (RFC 9457). */
  readonly title: string;
  /**
   * Whether repeating the same operation may succeed. An occurrence may say otherwise when it
   * knows better (an SMTP reply class, an HTTP status), and says so where it is raised.
   */
  readonly retryable: boolean;
}

/**
 * Every error code Stageflow raises. Codes are public (`/problems/<code>` in problem documents,
 * `code` in the journal of failed runs), so they are only ever added, never renamed or removed.
 * The server answers a page about each at `/problems/<code>`; docs/reference/errors.md lists each
 * one and a test keeps the two in step.
 */
export const ERROR_CATALOGUE = {
  // The request itself
  validation_failed: { kind: 'invalid', title: 'Invalid request', retryable: false },
  invalid_input: { kind: 'invalid', title: 'Invalid input', retryable: false },
  invalid_json: { kind: 'invalid', title: 'Invalid JSON', retryable: false },
  empty_body: { kind: 'invalid', title: 'Empty body', retryable: false },
  unsupported_media_type: { kind: 'invalid', title: 'Unsupported media type', retryable: false },
  body_too_large: { kind: 'too_large', title: 'Payload too large', retryable: false },
  bad_url: { kind: 'invalid', title: 'Malformed URL', retryable: false },
  bad_request: { kind: 'invalid', title: 'Bad request', retryable: false },
  route_not_found: { kind: 'not_found', title: 'No such route', retryable: false },
  json_too_deep: { kind: 'invalid', title: 'JSON nested too deep', retryable: false },
  unstorable_text: { kind: 'invalid', title: 'Text that cannot be stored', retryable: false },
  inexact_number: { kind: 'invalid', title: 'Number not exact', retryable: false },
  invalid_cursor: { kind: 'invalid', title: 'Invalid cursor', retryable: false },
  bank_statement_invalid: { kind: 'invalid', title: 'Invalid bank statement', retryable: false },
  visit_body_invalid: { kind: 'invalid', title: 'Invalid visit report', retryable: false },
  rate_limited: { kind: 'rate_limited', title: 'Too many requests', retryable: true },
  // Who is asking
  unauthorized: { kind: 'unauthorized', title: 'Unauthorized', retryable: false },
  forbidden: { kind: 'forbidden', title: 'Forbidden', retryable: false },
  csrf_token_invalid: { kind: 'forbidden', title: 'CSRF token missing or wrong', retryable: false },
  approval_not_your_turn: { kind: 'forbidden', title: 'Not the current approver', retryable: false },
  sign_in_failed: { kind: 'unauthorized', title: 'Sign-in failed', retryable: false },
  sign_in_rate_limited: { kind: 'rate_limited', title: 'Too many sign-in attempts', retryable: true },
  not_signed_in: { kind: 'conflict', title: 'Not signed in with a session', retryable: false },
  current_password_wrong: { kind: 'invalid', title: 'Current password wrong', retryable: false },
  // The server
  internal_error: { kind: 'internal', title: 'Internal server error', retryable: true },
  database_unavailable: { kind: 'unavailable', title: 'Service unavailable', retryable: true },
  database_busy: { kind: 'unavailable', title: 'Database busy', retryable: true },
  overloaded: { kind: 'unavailable', title: 'Service unavailable', retryable: true },
  too_many_streams: { kind: 'unavailable', title: 'Too many open streams', retryable: true },
  web_ui_not_built: { kind: 'not_found', title: 'Web UI not built', retryable: false },
  clock_not_manual: { kind: 'not_found', title: 'Clock not manual', retryable: false },
  // Resources that do not exist
  activity_not_found: { kind: 'not_found', title: 'Activity not found', retryable: false },
  bank_payment_not_found: { kind: 'not_found', title: 'Bank payment not found', retryable: false },
  approval_link_invalid: { kind: 'not_found', title: 'Approval link not valid', retryable: false },
  approval_not_found: { kind: 'not_found', title: 'Approval not found', retryable: false },
  contact_not_found: { kind: 'not_found', title: 'Contact not found', retryable: false },
  document_not_found: { kind: 'not_found', title: 'Document not found', retryable: false },
  document_template_not_found: {
    kind: 'not_found',
    title: 'Document template not found',
    retryable: false,
  },
  form_not_found: { kind: 'not_found', title: 'Form not found', retryable: false },
  guard_not_found: { kind: 'not_found', title: 'Guard not found', retryable: false },
  item_not_found: { kind: 'not_found', title: 'Item not found', retryable: false },
  notification_not_found: { kind: 'not_found', title: 'Notification not found', retryable: false },
  payment_not_found: { kind: 'not_found', title: 'Payment not found', retryable: false },
  pipeline_not_found: { kind: 'not_found', title: 'Pipeline not found', retryable: false },
  revision_not_found: { kind: 'not_found', title: 'Revision not found', retryable: false },
  robot_not_found: { kind: 'not_found', title: 'Robot not found', retryable: false },
  run_not_found: { kind: 'not_found', title: 'Run not found', retryable: false },
  stage_not_found: { kind: 'not_found', title: 'Stage not found', retryable: false },
  task_not_found: { kind: 'not_found', title: 'Task not found', retryable: false },
  trigger_not_found: { kind: 'not_found', title: 'Trigger not found', retryable: false },
  user_not_found: { kind: 'not_found', title: 'User not found', retryable: false },
  webhook_subscription_not_found: {
    kind: 'not_found',
    title: 'Webhook subscription not found',
    retryable: false,
  },
  hook_not_found: { kind: 'not_found', title: 'Webhook URL not found', retryable: false },
  hook_subject_not_found: { kind: 'not_found', title: 'Webhook subject not found', retryable: false },
  share_link_unknown: { kind: 'not_found', title: 'Document link unknown', retryable: false },
  tracking_token_unknown: { kind: 'not_found', title: 'Tracking link unknown', retryable: false },
  error_code_unknown: { kind: 'not_found', title: 'Error code unknown', retryable: false },
  // The state of what is changed
  stale_version: { kind: 'conflict', title: 'Stale version', retryable: false },
  duplicate: { kind: 'conflict', title: 'Duplicate', retryable: false },
  reference_violation: { kind: 'conflict', title: 'Broken reference', retryable: false },
  concurrent_update: { kind: 'conflict', title: 'Concurrent update', retryable: false },
  guard_refused: { kind: 'guard_refused', title: 'Move refused by a guard', retryable: false },
  last_open_stage: { kind: 'conflict', title: 'Last open stage', retryable: false },
  too_many_stages: { kind: 'conflict', title: 'Too many stages', retryable: false },
  stage_in_use: { kind: 'conflict', title: 'Stage in use', retryable: false },
  pipeline_in_use: { kind: 'conflict', title: 'Pipeline in use', retryable: false },
  document_template_in_use: { kind: 'conflict', title: 'Document template in use', retryable: false },
  run_not_failed: { kind: 'conflict', title: 'Run not failed', retryable: false },
  run_not_undoable: { kind: 'conflict', title: 'Run not undoable', retryable: false },
  run_already_undone: { kind: 'conflict', title: 'Run already undone', retryable: false },
  undo_refused: { kind: 'conflict', title: 'Undo refused', retryable: false },
  rule_disabled: { kind: 'conflict', title: 'Rule disabled', retryable: false },
  revision_empty: { kind: 'conflict', title: 'Revision empty', retryable: false },
  restore_not_possible: { kind: 'conflict', title: 'Restore not possible', retryable: false },
  not_a_webhook_trigger: { kind: 'conflict', title: 'Not a webhook trigger', retryable: false },
  currency_mismatch: { kind: 'conflict', title: 'Currency mismatch', retryable: false },
  payment_conflict: { kind: 'conflict', title: 'Payment conflict', retryable: false },
  bank_payment_assigned: { kind: 'conflict', title: 'Bank payment assigned already', retryable: false },
  approval_link_stale: { kind: 'conflict', title: 'Approval link no longer current', retryable: false },
  approval_decided: { kind: 'conflict', title: 'Approval decided already', retryable: false },
  // Input the engine refuses
  unknown_stage: { kind: 'invalid', title: 'Unknown stage', retryable: false },
  stage_of_another_pipeline: { kind: 'invalid', title: 'Stage of another pipeline', retryable: false },
  item_of_another_pipeline: { kind: 'invalid', title: 'Item of another pipeline', retryable: false },
  event_type_mismatch: { kind: 'invalid', title: 'Event type mismatch', retryable: false },
  dry_run_rule_missing: { kind: 'invalid', title: 'Dry run names no rule', retryable: false },
  invalid_event: { kind: 'invalid', title: 'Invalid event', retryable: false },
  invalid_cloudevent: { kind: 'invalid', title: 'Invalid CloudEvent', retryable: false },
  invalid_form_fields: { kind: 'invalid', title: 'Invalid form fields', retryable: false },
  invalid_email_message: { kind: 'invalid', title: 'Invalid email message', retryable: false },
  payment_not_recorded: { kind: 'invalid', title: 'Payment not recorded', retryable: false },
  invalid_time_zone: { kind: 'invalid', title: 'Unknown time zone', retryable: false },
  invalid_instant: { kind: 'invalid', title: 'Invalid instant', retryable: false },
  invalid_timing: { kind: 'invalid', title: 'Invalid timing', retryable: false },
  invalid_deadline: { kind: 'invalid', title: 'Invalid deadline', retryable: false },
  invalid_working_days: { kind: 'invalid', title: 'Invalid working-day count', retryable: false },
  negative_working_time: { kind: 'invalid', title: 'Negative working time', retryable: false },
  invalid_calendar: { kind: 'invalid', title: 'Invalid working calendar', retryable: false },
  calendar_no_working_time: { kind: 'invalid', title: 'No working time', retryable: false },
  // Runs and their actions
  unknown_action: { kind: 'invalid', title: 'Unknown action', retryable: false },
  stored_rule_invalid: { kind: 'internal', title: 'Stored rule unreadable', retryable: false },
  worker_lost: { kind: 'internal', title: 'Worker lost', retryable: false },
  lease_lost: { kind: 'conflict', title: 'Lease lost', retryable: false },
  template_failed: { kind: 'invalid', title: 'Template failed', retryable: false },
  template_timed_out: { kind: 'internal', title: 'Template timed out', retryable: true },
  template_rendered_empty: { kind: 'invalid', title: 'Template rendered empty', retryable: false },
  email_no_recipient: { kind: 'invalid', title: 'No email recipient', retryable: false },
  email_address_invalid: { kind: 'invalid', title: 'Invalid email address', retryable: false },
  sms_no_recipient: { kind: 'invalid', title: 'No SMS recipient', retryable: false },
  sms_phone_invalid: { kind: 'invalid', title: 'Invalid phone number', retryable: false },
  responsible_user_missing: { kind: 'invalid', title: 'Responsible user missing', retryable: false },
  task_responsible_missing: { kind: 'invalid', title: 'Task responsible missing', retryable: false },
  approval_no_approver: { kind: 'invalid', title: 'No approver', retryable: false },
  invalid_field_path: { kind: 'invalid', title: 'Invalid field path', retryable: false },
  too_many_fields: { kind: 'invalid', title: 'Too many custom fields', retryable: false },
  invalid_amount: { kind: 'invalid', title: 'Invalid amount', retryable: false },
  mailer_missing: { kind: 'internal', title: 'No mailer configured', retryable: false },
  document_source_missing: { kind: 'invalid', title: 'Source document missing', retryable: false },
  attachment_missing: { kind: 'invalid', title: 'Attachment missing', retryable: false },
  attachment_too_large: { kind: 'invalid', title: 'Attachment too large', retryable: false },
  pdf_renderer_missing: { kind: 'internal', title: 'No PDF renderer configured', retryable: false },
  html_templates_missing: { kind: 'internal', title: 'HTML templates unavailable', retryable: false },
  sms_unavailable: { kind: 'internal', title: 'No SMS sender configured', retryable: false },
  http_unavailable: { kind: 'internal', title: 'Outgoing HTTP not configured', retryable: false },
  webhook_unavailable: { kind: 'internal', title: 'Webhook receiver unavailable', retryable: true },
  webhook_rejected: { kind: 'invalid', title: 'Webhook rejected', retryable: false },
  provider_unavailable: { kind: 'internal', title: 'Provider unavailable', retryable: true },
  // The outside world
  outbound_address_refused: { kind: 'forbidden', title: 'Outbound address refused', retryable: false },
  outbound_url_invalid: { kind: 'invalid', title: 'Invalid outbound URL', retryable: false },
  http_timeout: { kind: 'internal', title: 'HTTP timeout', retryable: true },
  http_unreachable: { kind: 'internal', title: 'HTTP host unreachable', retryable: true },
  mail_header_unsafe: { kind: 'invalid', title: 'Unsafe mail header', retryable: false },
  mail_from_missing: { kind: 'internal', title: 'No mail sender', retryable: false },
  smtp_rejected: { kind: 'invalid', title: 'Mail rejected', retryable: false },
  smtp_deferred: { kind: 'internal', title: 'Mail deferred', retryable: true },
  smtp_unavailable: { kind: 'internal', title: 'Mail server unavailable', retryable: true },
  sms_provider_unavailable: { kind: 'internal', title: 'SMS provider unavailable', retryable: true },
  sms_rejected: { kind: 'invalid', title: 'SMS rejected', retryable: false },
  // The command line
  cli_usage: { kind: 'invalid', title: 'Command-line usage', retryable: false },
  invalid_configuration: { kind: 'invalid', title: 'Invalid configuration', retryable: false },
  migration_failed: { kind: 'internal', title: 'Migration failed', retryable: true },
  web_build_failed: { kind: 'internal', title: 'Web UI build failed', retryable: false },
  demo_load_failed: { kind: 'internal', title: 'Demo load failed', retryable: false },
  demo_workspace_invalid: { kind: 'invalid', title: 'Demo workspace invalid', retryable: false },
} as const satisfies Readonly<Record<string, ErrorEntry>>;

/** A catalogued code: the type checker refuses any other. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** The kind the catalogue gives `C`. */
export type KindOf<C extends ErrorCode> = (typeof ERROR_CATALOGUE)[C]['kind'];

/** The codes of one kind, for factories that raise only that kind. */
export type CodeOfKind<K extends ErrorKind> = {
  [C in ErrorCode]: KindOf<C> extends K ? C : never;
}[ErrorCode];

/** The resources whose `<resource>_not_found` is catalogued. */
export type NotFoundResource = ErrorCode extends infer C
  ? C extends `${infer R}_not_found`
    ? R
    : never
  : never;
