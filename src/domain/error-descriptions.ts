import type { ErrorCode } from './error-catalogue.ts';

/**
 * When each code happens, for people: the page at `/problems/<code>` and the *When* column of
 * docs/reference/errors.md (a test keeps that column equal to this table). Kept apart from
 * ERROR_CATALOGUE so that table stays a compact list of codes; the type checker requires an entry
 * for every catalogued code. Backticks mark names to read as code.
 */
export const ERROR_DESCRIPTIONS: { readonly [C in ErrorCode]: string } = {
  // The request itself
  validation_failed:
    "The body, query string, headers or path parameters do not match the route's schema, or a rule (trigger, robot, guard) is not valid; `errors` names each field.",
  invalid_input:
    'A value is well formed but refers to something that does not exist or cannot be used (a missing pipeline, user or item, an amount below zero); `errors` names the field.',
  invalid_json: 'The body is not valid JSON.',
  empty_body: 'A JSON body was announced but is empty.',
  unsupported_media_type:
    'The body is not `application/json` on a route that reads JSON (or not a file type a route that takes files reads).',
  body_too_large: "The body is larger than the server's body limit.",
  bad_url: 'The URL is not valid percent-encoded UTF-8.',
  bad_request:
    'The HTTP framework refused the request for another reason (for example a `Content-Length` that does not match the body).',
  route_not_found: 'No route answers this method and path.',
  json_too_deep: 'A value is nested deeper than the databases may store; `maxDepth` gives the limit.',
  unstorable_text:
    'A string holds characters the databases cannot store (a NUL character, a lone surrogate), in the request or decoded from an inbound email.',
  inexact_number: 'A JSON number cannot be read exactly (too many digits, out of range).',
  invalid_cursor: 'A `cursor` was not returned by this API for this list and order.',
  bank_statement_invalid:
    'A bank statement file is not in the 1CClientBankExchange format (the message names the line); nothing is imported.',
  visit_body_invalid: 'A site visit report is not JSON.',
  rate_limited: 'One address sent more site visit reports in a minute than allowed; wait for `Retry-After`.',
  // Who is asking
  unauthorized: 'No valid API token or session is sent, or the session has ended.',
  forbidden:
    "The caller's role does not allow the operation, or a user tries to set another user's password without being an admin.",
  csrf_token_invalid: "A write made with a session cookie does not send the session's CSRF token header.",
  approval_not_your_turn:
    'A decision on an approval came from someone other than the approver whose turn it is (or an admin).',
  sign_in_failed: 'The email or the password is not right.',
  sign_in_rate_limited: 'Too many failed attempts for an email or from an address; wait for `Retry-After`.',
  not_signed_in: 'Sign-out is asked with an API token instead of a session.',
  current_password_wrong: 'A user changing their own password gives a wrong current password.',
  // The server
  internal_error: 'Anything unexpected; the server log holds the cause, the answer never does.',
  database_unavailable:
    'The database cannot be reached; on the command line, the database cannot be opened or migrated at start-up.',
  database_busy:
    'The database stayed locked past its timeout, or PostgreSQL rolled the transaction back (serialization failure, deadlock).',
  overloaded: 'The server is handling as many requests as it may (`STAGEFLOW_MAX_IN_FLIGHT`).',
  too_many_streams: 'The server has as many open event streams as it may (`STAGEFLOW_MAX_STREAMS`).',
  web_ui_not_built: 'A page of the web UI is asked for but the UI was not built.',
  clock_not_manual: 'The clock routes are called on a server running on the system clock.',
  // Resources that do not exist
  activity_not_found: 'No activity has this id.',
  bank_payment_not_found: 'No bank statement payment has this id.',
  approval_link_invalid:
    'An approval link (`/a/{token}`) is not one Stageflow signed: it was cut short, changed, or names an approval that is gone.',
  approval_not_found: 'No approval has this id.',
  contact_not_found: 'No contact has this id.',
  document_not_found: 'No document has this id.',
  document_template_not_found: 'No document template has this id.',
  form_not_found: 'No form has this id.',
  guard_not_found: 'No guard has this id.',
  item_not_found: 'No item has this id.',
  notification_not_found: 'No notification has this id.',
  payment_not_found: 'No payment has this id.',
  pipeline_not_found: 'No pipeline has this id.',
  revision_not_found: 'No revision has this id.',
  robot_not_found: 'No robot has this id.',
  run_not_found: 'No run has this id.',
  stage_not_found: 'No stage has this id (in this pipeline).',
  task_not_found: 'No task has this id.',
  trigger_not_found: 'No trigger has this id.',
  user_not_found: 'No user has this id.',
  webhook_subscription_not_found: 'No outgoing webhook subscription has this id.',
  hook_not_found: 'An inbound webhook URL carries no known token.',
  hook_subject_not_found: "An inbound webhook names no item of the trigger's pipeline.",
  share_link_unknown: 'A shared document link is not known or has expired.',
  tracking_token_unknown: 'An email open or click tracking link is not known.',
  error_code_unknown:
    'A page about an error code (`/problems/<code>`) is asked for, but no error has that code.',
  // The state of what is changed
  stale_version: '`If-Match` names a version that is no longer current: reload and apply the change again.',
  duplicate: 'A unique value (an email, an external id) is taken already.',
  reference_violation: 'The change would leave a record pointing at one that does not exist.',
  concurrent_update:
    'Another request changes the same payment at the same moment; the request may be sent again.',
  guard_refused:
    'A guard of the target stage refuses the move; the guard and its message are in the document.',
  last_open_stage: 'The change would leave a pipeline without an open stage.',
  too_many_stages: 'A pipeline would have more stages than allowed.',
  stage_in_use: 'A stage that still holds items is deleted.',
  pipeline_in_use: 'A pipeline that still holds items is deleted.',
  document_template_in_use:
    'A document template that a create_document robot (enabled or not) names is deleted; `robots` lists them.',
  run_not_failed: 'A run that has not failed is retried.',
  run_not_undoable:
    'A run that did not succeed (or whose item was deleted) is undone: it has no changes to put back.',
  run_already_undone: 'A run is undone a second time.',
  undo_refused:
    'Undoing a run would overwrite a later change (a field changed since, the item moved on, a task completed or edited); `refused` names each such change and nothing is undone.',
  rule_disabled: 'A disabled robot or trigger is applied to existing items.',
  revision_empty: 'A revision that holds no state is restored.',
  restore_not_possible: 'A revision cannot come back (the pipeline of a stage was deleted).',
  not_a_webhook_trigger: 'A webhook URL is asked for a trigger that does not react to `webhook.received`.',
  currency_mismatch: 'A payment is recorded for an item whose currency has changed meanwhile.',
  payment_conflict:
    'A payment with the same source and external id is recorded already, with other data or for another item.',
  bank_payment_assigned: 'A bank statement payment to assign is recorded for an item already.',
  approval_link_stale:
    "An emailed approval link was opened after the approval moved on to another approver (a decision or an escalation); the link of the current step is in that approver's mail.",
  approval_decided:
    'A decision was sent for an approval that was approved or rejected already; the first decision stands.',
  // Input the engine refuses
  unknown_stage: 'An item is moved to a stage that does not exist.',
  stage_of_another_pipeline: 'An item is created in or moved to a stage of another pipeline.',
  item_of_another_pipeline: "A dry run names an item that is not in the rule's pipeline.",
  event_type_mismatch: "A trigger's dry run is given a sample event of another type.",
  dry_run_rule_missing: 'A dry run does not give exactly one of robot, robotId, trigger or triggerId.',
  invalid_event:
    'A posted event has an unknown or internal type, names no subject it needs, or its data do not match its type.',
  invalid_cloudevent: 'A CloudEvent cannot be mapped to a Stageflow event.',
  invalid_form_fields: "A web form's fields are not valid (names, kinds, mapping).",
  invalid_email_message: 'An inbound email has no valid From address.',
  payment_not_recorded:
    "A `payment.received` event's payment cannot be recorded; the cause is in the message and the fields.",
  invalid_time_zone: 'A time zone is not a known IANA name.',
  invalid_instant: 'A date and time cannot be read.',
  invalid_timing: "A robot's timing (delay, time of day, working days) cannot be read.",
  invalid_deadline: "A deadline (a task's, a robot's) cannot be resolved.",
  invalid_working_days: 'A number of working days to count is not a whole number in range.',
  negative_working_time: 'Working time is counted backwards.',
  invalid_calendar: 'The working calendar (hours, holidays) cannot be used.',
  calendar_no_working_time: 'The working calendar has no working time within the days searched.',
  // Runs and their actions
  unknown_action: 'A robot names an action this server does not know.',
  stored_rule_invalid:
    'A stored trigger, robot or guard does not parse as its kind (written past the API); `ruleId` and `part` name it.',
  worker_lost: 'The worker running the run stopped during each of its attempts.',
  lease_lost: 'A worker finishes a run whose lease another worker holds now; its result is dropped.',
  template_failed:
    'A template does not parse, fails while rendering, or passes a limit (output, loops, steps, memory); `limit` names it.',
  template_timed_out: 'A render ran past the wall-clock backstop.',
  template_rendered_empty: 'A template that must give text (a subject, a title) rendered empty.',
  email_no_recipient: "The email's recipient (the contact, a user) has no email address.",
  email_address_invalid: 'A rendered address is not one email address.',
  sms_no_recipient: "The item's contact has no phone number.",
  sms_phone_invalid: 'The rendered recipient is not a phone number.',
  responsible_user_missing:
    'The responsible user to hand the item to does not exist or no candidate is active.',
  task_responsible_missing: "The task's responsible user cannot be found.",
  approval_no_approver:
    'None of the approvers a `request_approval` robot names can be found (no responsible user, no supervisor, a user that was deleted).',
  invalid_field_path: 'An update-fields robot names a field that cannot be set.',
  too_many_fields: 'An update would give an item more custom fields than allowed.',
  invalid_amount: 'A value written to the amount is not an amount with at most two decimals.',
  mailer_missing: 'An email is to be sent but no mailer is configured.',
  document_source_missing:
    'A document is to be made from another (an invoice from a quote) but the item has no document of that kind.',
  attachment_missing: 'An email names a document or file to attach that does not exist.',
  attachment_too_large: 'The files attached to an email are larger than the configured limit.',
  pdf_renderer_missing: 'A document is to be attached as PDF but no PDF renderer is configured.',
  html_templates_missing: 'An HTML email is to be rendered but the template engine cannot render HTML.',
  sms_unavailable: 'An SMS is to be sent but no SMS sender is configured.',
  http_unavailable: 'A webhook or an SMS provider is to be called but outgoing HTTP is not configured.',
  webhook_unavailable: "A webhook's receiver answered 5xx, 408 or 429.",
  webhook_rejected:
    "A webhook's receiver answered another status that is not a success (redirects are not followed).",
  provider_unavailable:
    'Raised by an external action (one defined with `external: true`) whose provider cannot serve now.',
  // The outside world
  outbound_address_refused:
    "An outgoing request's host resolves to an address that is not public and not in `STAGEFLOW_OUTBOUND_ALLOW`.",
  outbound_url_invalid: 'An outgoing URL is not a URL, is not http or https, or carries credentials.',
  http_timeout: 'An outgoing request got no answer within its timeout.',
  http_unreachable: "An outgoing request's host could not be reached.",
  mail_header_unsafe:
    "A custom mail header's name is not allowed, or a header's value holds a line break or a control character.",
  mail_from_missing: 'The SMTP mailer was given no sender (`STAGEFLOW_MAIL_FROM`).',
  smtp_rejected: 'The mail server refused the message for good (a 5xx reply).',
  smtp_deferred: 'The mail server deferred the message (a 4xx reply).',
  smtp_unavailable:
    "The mail server could not be reached; not retried when the message or the mailer's configuration is at fault.",
  sms_provider_unavailable: 'The SMS provider answered 5xx, 408 or 429.',
  sms_rejected: 'The SMS provider answered another status that is not a success.',
  // The command line
  cli_usage: 'A command, option or argument of `stageflow` is not known or is missing (exit status 2).',
  invalid_configuration: 'An environment variable of the configuration has a value that cannot be used.',
  migration_failed: 'A database migration failed.',
  web_build_failed: 'The web UI could not be built at start-up.',
  demo_load_failed: '`stageflow demo` could not load the demo workspace.',
  demo_workspace_invalid: "The demo workspace's files are not consistent.",
};
