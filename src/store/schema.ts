import type { Generated } from 'kysely';

/** Row types of the database, as Kysely sees them. Money is BIGINT minor units beside a currency. */
export interface Database {
  schema_migrations: { name: string; applied_at: string };
  issuers: {
    id: string;
    prc_issuer: Generated<number>;
    name_en: string;
    name_zh: string | null;
    is_demo: number;
    financial_year_end: string;
    created_at: string;
  };
  agreements: {
    id: string;
    issuer_id: string;
    name_en: string;
    name_zh: string | null;
    counterparty_name_en: string;
    counterparty_name_zh: string | null;
    counterparty_party_id: string | null;
    signed_on: string;
    recognition_basis: string;
    amounts_include: string;
    version: number;
    created_at: string;
    created_by: string;
  };
  categories: {
    id: string;
    agreement_id: string;
    position: number;
    key: string;
    name_en: string;
    name_zh: string | null;
    direction: string;
    term_start: string;
    term_end: string;
    pricing_basis: string | null;
    min_independent_quotes: number | null;
    /** 0006: null = the default (true). */
    quote_validity_required: number | null;
    /** 0006: null = the default (false). */
    exceptions_allowed: number | null;
    ifa_adviser: string | null;
    ifa_date: string | null;
    ifa_reference: string | null;
  };
  category_terminations: {
    category_id: string;
    effective_on: string;
    reason: string;
    recorded_at: string;
    recorded_by: string;
  };
  caps: {
    id: string;
    agreement_id: string;
    issuer_id: string;
    position: number;
    period_start: string;
    period_end: string;
    currency: string;
    amount_minor: bigint;
  };
  cap_categories: { cap_id: string; category_id: string };
  cap_revisions: {
    id: string;
    cap_id: string;
    seq: number;
    amount_minor: bigint;
    effective_from: string;
    approved_on: string;
    reason: string;
    approval_reference: string;
    recorded_at: string;
    recorded_by: string;
  };
  /** The running totals the gate's guarded UPDATE reads and writes in one statement. */
  cap_usage: {
    cap_id: string;
    agreement_id: string;
    agreement_version: number;
    actual_minor: bigint;
    committed_minor: bigint;
  };
  orders: {
    id: string;
    issuer_id: string;
    agreement_id: string;
    category_id: string;
    reference: string;
    signed_on: string;
    status: string;
    currency: string;
    schedule_version: number;
    created_at: string;
    created_by: string;
    /** 0006: the pricing comparison kept with the order (JSON); null for orders placed before. */
    pricing: string | null;
  };
  order_schedule: {
    order_id: string;
    version: number;
    line_no: number;
    date: string;
    currency: string;
    amount_minor: bigint;
    cap_id: string;
    cap_amount_minor: bigint;
    fx_rate: string | null;
    fx_date: string | null;
    fx_source: string | null;
    fx_rounding: string | null;
  };
  actuals: {
    id: string;
    issuer_id: string;
    agreement_id: string;
    category_id: string;
    order_id: string | null;
    cap_id: string | null;
    date: string;
    currency: string;
    amount_minor: bigint;
    cap_amount_minor: bigint;
    fx_rate: string | null;
    fx_date: string | null;
    fx_source: string | null;
    fx_rounding: string | null;
    reference: string;
    service_period_start: string | null;
    service_period_end: string | null;
    invoice_date: string | null;
    reverses_id: string | null;
    reason: string | null;
    created_at: string;
    created_by: string;
  };
  ledger_entries: {
    id: Generated<bigint>;
    issuer_id: string;
    cap_id: string | null;
    category_id: string;
    order_id: string | null;
    actual_id: string | null;
    kind: string;
    effective_on: string;
    actual_delta: bigint;
    committed_delta: bigint;
    created_at: string;
  };
  breaches: {
    id: string;
    issuer_id: string;
    code: string;
    agreement_id: string;
    category_id: string;
    cap_id: string | null;
    actual_id: string | null;
    revision_id: string | null;
    occurred_on: string;
    currency: string | null;
    cap_minor: bigint | null;
    actual_minor: bigint | null;
    excess_minor: bigint | null;
    recorded_at: string;
  };
  fx_rates: {
    id: string;
    issuer_id: string;
    from_ccy: string;
    to_ccy: string;
    date: string;
    rate: string;
    source: string;
    recorded_at: string;
  };
  idempotency_keys: {
    issuer_id: string;
    key: string;
    request_hash: string;
    status_code: number;
    response_json: string;
    created_at: string;
  };
  /** Issue 3's register: each body is the JSON object of the scenario format (docs/scenario-format.md). */
  register_parties: {
    issuer_id: string;
    party_id: string;
    seq: number;
    body: string;
    recorded_at: string;
    recorded_by: string;
  };
  register_relationships: {
    id: string;
    issuer_id: string;
    seq: number;
    body: string;
    recorded_at: string;
    recorded_by: string;
  };
  issuer_figures: {
    id: string;
    issuer_id: string;
    as_of: string;
    body: string;
    source: string;
    recorded_at: string;
    recorded_by: string;
  };
  agreement_facts: {
    agreement_id: string;
    normal_commercial_terms: number;
    ined_confirmed: number;
    recorded_at: string;
    recorded_by: string;
  };
  board_resolutions: {
    id: string;
    issuer_id: string;
    seq: number;
    meeting_date: string;
    reference: string;
    body: string;
    recorded_at: string;
    recorded_by: string;
  };
  /**
   * Issue 3 item 5: the re-classification run when a revision was recorded, and the approvals it
   * then required (`body`: JSON `{ reclassification, requiredApprovals }`). One row per revision.
   */
  cap_revision_reclassifications: {
    revision_id: string;
    body: string;
  };
  /** Append-only: each approval recorded against a pending revision. */
  cap_revision_approvals: {
    id: string;
    revision_id: string;
    seq: number;
    kind: string;
    date: string;
    reference: string;
    recorded_at: string;
    recorded_by: string;
  };
  /** 14A.54(2): a renewal, linked to the agreement it replaces. */
  agreement_renewals: {
    agreement_id: string;
    renews_id: string;
    recorded_at: string;
  };
  /** Append-only: material changes of terms (`body`: `{ reclassification, requirementsBeforeEffective }`). */
  agreement_material_changes: {
    id: string;
    agreement_id: string;
    seq: number;
    description: string;
    effective_on: string;
    approved_on: string | null;
    body: string;
    recorded_at: string;
    recorded_by: string;
  };
  /** Issue 4: evidence files, content-addressed per issuer (the bytes are kept; never deleted). */
  evidence_files: {
    issuer_id: string;
    sha256: string;
    size_bytes: bigint;
    media_type: string;
    filename: string;
    /** When the document was issued (a quote's date), independent of when it was uploaded. */
    issued_on: string;
    description: string | null;
    content: Uint8Array;
    uploaded_at: string;
    uploaded_by: string;
  };
  /** The evidence files an order's comparison cites, written with the order. */
  order_evidence: {
    order_id: string;
    seq: number;
    issuer_id: string;
    sha256: string;
    quote: string;
    quote_index: number | null;
  };
  /** Issue 4 item 6: evidence recorded on an agreement (terms the counterparty offers to independent third parties). */
  agreement_evidence: {
    id: string;
    issuer_id: string;
    agreement_id: string;
    seq: number;
    kind: string;
    summary: string;
    recorded_at: string;
    recorded_by: string;
  };
  agreement_evidence_files: {
    record_id: string;
    position: number;
    issuer_id: string;
    sha256: string;
  };
  /** Issue 5: the issuer's monitoring policy (JSON, `MonitoringPolicy`); absent = the defaults. */
  monitoring_settings: {
    issuer_id: string;
    body: string;
    updated_at: string;
    updated_by: string;
  };
  /** Issue 5: one row per alert, raised once per (issuer, dedupe_key). */
  alerts: {
    id: string;
    issuer_id: string;
    kind: string;
    severity: string;
    dedupe_key: string;
    agreement_id: string | null;
    category_id: string | null;
    cap_id: string | null;
    period_start: string | null;
    period_end: string | null;
    threshold: string | null;
    currency: string | null;
    cap_minor: bigint | null;
    actual_minor: bigint | null;
    committed_minor: bigint | null;
    actual_id: string | null;
    breach_id: string | null;
    occurred_on: string;
    raised_at: string;
    /** JSON: the message in both languages, the recipients' roles, and kind-specific details. */
    body: string;
  };
  alert_acknowledgements: {
    id: string;
    alert_id: string;
    acknowledged_by: string;
    acknowledged_at: string;
    comment: string | null;
  };
  alert_remediations: {
    id: string;
    alert_id: string;
    reference: string | null;
    notes: string;
    recorded_at: string;
    recorded_by: string;
  };
  inbox_items: {
    id: string;
    issuer_id: string;
    recipient: string;
    alert_id: string;
    created_at: string;
    read_at: string | null;
    read_by: string | null;
  };
  notification_subscriptions: {
    id: string;
    issuer_id: string;
    role: string;
    channel: string;
    target: string;
    secret: string | null;
    active: number;
    created_at: string;
    created_by: string;
  };
  outbox: {
    id: string;
    issuer_id: string;
    alert_id: string | null;
    subscription_id: string | null;
    channel: string;
    target: string;
    subject: string;
    payload: string;
    created_at: string;
    status: string;
    attempts: number;
    next_attempt_at: string;
    lease_owner: string | null;
    lease_until: string | null;
    delivered_at: string | null;
    last_error: string | null;
  };
  delivery_log: {
    id: string;
    outbox_id: string;
    attempt: number;
    at: string;
    outcome: string;
    detail: string;
  };
  escalations: {
    id: string;
    issuer_id: string;
    dedupe_key: string;
    agreement_id: string;
    cap_id: string;
    period_start: string;
    period_end: string;
    status: string;
    alert_id: string | null;
    forecast: string;
    raised_at: string;
  };
  escalation_steps: {
    id: string;
    escalation_id: string;
    seq: number;
    step: string;
    decision: string | null;
    revision_id: string | null;
    reason: string | null;
    notes: string | null;
    at: string;
    by: string;
  };
  schedule_runs: {
    issuer_id: string;
    schedule: string;
    period: string;
    status: string;
    run_by: string;
    started_at: string;
    finished_at: string | null;
    result: string | null;
  };
  scheduler_leases: {
    name: string;
    owner: string;
    expires_at: string;
    acquired_at: string;
  };
  // ---- audit (0008) ----
  audit_events: {
    id: Generated<bigint>;
    issuer_id: string;
    recorded_at: string;
    actor: string;
    via: string;
    request_id: string | null;
    action: string;
    entity: string;
    entity_id: string | null;
    before: string | null;
    after: string | null;
  };
  audit_log: {
    issuer_id: string;
    seq: bigint;
    event_id: bigint;
    recorded_at: string;
    actor: string;
    via: string;
    request_id: string | null;
    action: string;
    entity: string;
    entity_id: string | null;
    before: string | null;
    after: string | null;
    prev_hash: string;
    hash: string;
  };
  audit_heads: { issuer_id: string; seq: bigint; hash: string };
  // ---- accounts (0009) ----
  users: {
    id: string;
    email: string;
    name: string | null;
    password_hash: string;
    created_at: string;
    disabled: number;
    failed_logins: number;
    locked_until: string | null;
    must_change_password: Generated<number>;
    /** 0013: 'en' or 'zh-Hant'; null until the user chooses. */
    language: Generated<string | null>;
  };
  memberships: {
    user_id: string;
    issuer_id: string;
    role: string;
    valid_from: string | null;
    valid_to: string | null;
    created_at: string;
    created_by: string;
    /** 0011: the register party the user is at this issuer (a director, an INED); null: none. */
    person_id: string | null;
  };
  sessions: {
    id: string;
    user_id: string;
    token_hash: string;
    created_at: string;
    last_seen_at: string;
    expires_at: string;
    revoked_at: string | null;
    client: string | null;
  };
  api_tokens: {
    id: string;
    user_id: string;
    issuer_id: string;
    role: string | null;
    token_hash: string;
    prefix: string;
    created_at: string;
    expires_at: string;
    revoked_at: string | null;
    last_used_at: string | null;
  };
  // ---- recusals (0011) ----
  recusals: {
    id: string;
    issuer_id: string;
    agreement_id: string;
    user_id: string;
    person_id: string;
    reasons: string;
    recorded_at: string;
  };
  /** Issue 7: issued reports, stored unchanged; an amended version is the next `version`. */
  issued_reports: {
    id: string;
    issuer_id: string;
    kind: string;
    period: string;
    scope: string;
    version: number;
    amends_id: string | null;
    knowledge_at: string;
    sha256: string;
    body: string;
    differences: string | null;
    issued_at: string;
    issued_by: string;
  };
  ined_sign_offs: {
    id: string;
    issuer_id: string;
    financial_year: string;
    user_id: string;
    signed_name: string;
    limbs: string;
    pack_report_id: string | null;
    recorded_at: string;
  };
  auditor_letters: {
    id: string;
    issuer_id: string;
    financial_year: string;
    seq: number;
    auditor_name: string;
    letter_date: string;
    findings: string;
    evidence_sha256: string | null;
    sent_to_exchange_on: string | null;
    recorded_at: string;
    recorded_by: string;
  };
  annual_review_settings: {
    issuer_id: string;
    financial_year: string;
    limb_wording: string;
    bulk_print_date: string | null;
    recorded_at: string;
    recorded_by: string;
  };
  follow_up_tasks: {
    id: string;
    issuer_id: string;
    rule: string;
    source: string;
    source_id: string;
    financial_year: string;
    title_en: string;
    title_zh: string;
    detail: string;
    status: string;
    created_at: string;
    completed_at: string | null;
    completed_by: string | null;
    completion_note: string | null;
  };
  // ---- imports (issue 9) ----
  import_mappings: {
    issuer_id: string;
    name: string;
    /** JSON: { columns, dateFormat, sheet, description }. */
    body: string;
    recorded_at: string;
    recorded_by: string;
  };
  import_runs: {
    id: string;
    issuer_id: string;
    kind: string;
    mapping: string;
    dry_run: number;
    file_name: string | null;
    status: string;
    rows_read: number;
    rows_valid: number;
    rows_written: number;
    rows_skipped: number;
    error_count: number;
    /** JSON: ImportRowError[]. */
    errors: string;
    summary: string | null;
    started_at: string;
    finished_at: string | null;
    created_by: string;
  };
  imported_rows: {
    issuer_id: string;
    kind: string;
    agreement_id: string;
    category_id: string;
    reference: string;
    row_values: string;
    record_id: string;
    import_id: string;
  };
}
