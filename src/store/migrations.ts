import { sql, type Kysely } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

export interface Migration {
  readonly name: string;
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/**
 * Forward-only migrations, in order. Never edit one that has shipped: add the next. The runner refuses
 * a database whose applied migrations are not a prefix of this list.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    name: '0001_cap_ledger',
    async up(db, dialect) {
      const s = db.schema;
      await s
        .createTable('issuers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('name_zh', 'text')
        .addColumn('is_demo', 'integer', (c) => c.notNull())
        .addColumn('financial_year_end', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await s
        .createTable('agreements')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('name_zh', 'text')
        .addColumn('counterparty_name_en', 'text', (c) => c.notNull())
        .addColumn('counterparty_name_zh', 'text')
        .addColumn('counterparty_party_id', 'text')
        .addColumn('signed_on', 'text', (c) => c.notNull())
        .addColumn('recognition_basis', 'text', (c) => c.notNull())
        .addColumn('amounts_include', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('agreements_issuer').on('agreements').column('issuer_id').execute();
      await s
        .createTable('categories')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('agreement_id', 'text', (c) => c.notNull().references('agreements.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        .addColumn('name_zh', 'text')
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('term_start', 'text', (c) => c.notNull())
        .addColumn('term_end', 'text', (c) => c.notNull())
        .addColumn('pricing_basis', 'text')
        .addColumn('min_independent_quotes', 'integer')
        .addColumn('ifa_adviser', 'text')
        .addColumn('ifa_date', 'text')
        .addColumn('ifa_reference', 'text')
        .addUniqueConstraint('categories_agreement_key', ['agreement_id', 'key'])
        .execute();
      await s
        .createTable('category_terminations')
        .addColumn('category_id', 'text', (c) => c.primaryKey().references('categories.id'))
        .addColumn('effective_on', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .execute();
      await s
        .createTable('caps')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('agreement_id', 'text', (c) => c.notNull().references('agreements.id'))
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('period_start', 'text', (c) => c.notNull())
        .addColumn('period_end', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('amount_minor', 'bigint', (c) => c.notNull().check(sql`amount_minor > 0`))
        .execute();
      await s.createIndex('caps_agreement').on('caps').column('agreement_id').execute();
      await s
        .createTable('cap_categories')
        .addColumn('cap_id', 'text', (c) => c.notNull().references('caps.id'))
        .addColumn('category_id', 'text', (c) => c.notNull().references('categories.id'))
        .addPrimaryKeyConstraint('cap_categories_pk', ['cap_id', 'category_id'])
        .execute();
      await s
        .createTable('cap_revisions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('cap_id', 'text', (c) => c.notNull().references('caps.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('amount_minor', 'bigint', (c) => c.notNull().check(sql`amount_minor > 0`))
        .addColumn('effective_from', 'text', (c) => c.notNull())
        .addColumn('approved_on', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('approval_reference', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addUniqueConstraint('cap_revisions_seq', ['cap_id', 'seq'])
        .execute();
      await s
        .createTable('cap_usage')
        .addColumn('cap_id', 'text', (c) => c.primaryKey().references('caps.id'))
        .addColumn('agreement_id', 'text', (c) => c.notNull().references('agreements.id'))
        .addColumn('agreement_version', 'integer', (c) => c.notNull())
        .addColumn('actual_minor', 'bigint', (c) => c.notNull())
        .addColumn('committed_minor', 'bigint', (c) => c.notNull().check(sql`committed_minor >= 0`))
        .execute();
      await s.createIndex('cap_usage_agreement').on('cap_usage').column('agreement_id').execute();
      if (dialect === 'postgres') {
        // Lets the one-statement gate undo all of itself when one of several guards does not hold.
        await sql`
          create function armslength_abort(reason text) returns integer language plpgsql as $$
          begin
            raise exception using errcode = 'AL001', message = reason;
          end $$`.execute(db);
      }
      await s
        .createTable('orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('agreement_id', 'text', (c) => c.notNull().references('agreements.id'))
        .addColumn('category_id', 'text', (c) => c.notNull().references('categories.id'))
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('signed_on', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('schedule_version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('orders_category_status').on('orders').columns(['category_id', 'status']).execute();
      await s
        .createTable('order_schedule')
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('amount_minor', 'bigint', (c) => c.notNull())
        .addColumn('cap_id', 'text', (c) => c.notNull().references('caps.id'))
        .addColumn('cap_amount_minor', 'bigint', (c) => c.notNull())
        .addColumn('fx_rate', 'text')
        .addColumn('fx_date', 'text')
        .addColumn('fx_source', 'text')
        .addColumn('fx_rounding', 'text')
        .addPrimaryKeyConstraint('order_schedule_pk', ['order_id', 'version', 'line_no'])
        .execute();
      await s
        .createTable('actuals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('agreement_id', 'text', (c) => c.notNull().references('agreements.id'))
        .addColumn('category_id', 'text', (c) => c.notNull().references('categories.id'))
        .addColumn('order_id', 'text', (c) => c.references('orders.id'))
        .addColumn('cap_id', 'text', (c) => c.references('caps.id'))
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('amount_minor', 'bigint', (c) => c.notNull())
        .addColumn('cap_amount_minor', 'bigint', (c) => c.notNull())
        .addColumn('fx_rate', 'text')
        .addColumn('fx_date', 'text')
        .addColumn('fx_source', 'text')
        .addColumn('fx_rounding', 'text')
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('service_period_start', 'text')
        .addColumn('service_period_end', 'text')
        .addColumn('invoice_date', 'text')
        .addColumn('reverses_id', 'text', (c) => c.references('actuals.id').unique())
        .addColumn('reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('actuals_cap_date').on('actuals').columns(['cap_id', 'date']).execute();
      await s
        .createTable('ledger_entries')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('issuer_id', 'text', (c) => c.notNull())
        .addColumn('cap_id', 'text')
        .addColumn('category_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text')
        .addColumn('actual_id', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('effective_on', 'text', (c) => c.notNull())
        .addColumn('actual_delta', 'bigint', (c) => c.notNull())
        .addColumn('committed_delta', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await s
        .createIndex('ledger_cap_date')
        .on('ledger_entries')
        .columns(['cap_id', 'effective_on'])
        .execute();
      await s.createIndex('ledger_order').on('ledger_entries').columns(['order_id', 'cap_id']).execute();
      await s.createIndex('ledger_actual').on('ledger_entries').column('actual_id').execute();
      await s
        .createTable('breaches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('agreement_id', 'text', (c) => c.notNull())
        .addColumn('category_id', 'text', (c) => c.notNull())
        .addColumn('cap_id', 'text')
        .addColumn('actual_id', 'text')
        .addColumn('revision_id', 'text')
        .addColumn('occurred_on', 'text', (c) => c.notNull())
        .addColumn('currency', 'text')
        .addColumn('cap_minor', 'bigint')
        .addColumn('actual_minor', 'bigint')
        .addColumn('excess_minor', 'bigint')
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('breaches_issuer').on('breaches').columns(['issuer_id', 'agreement_id']).execute();
      await s
        .createTable('fx_rates')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull())
        .addColumn('from_ccy', 'text', (c) => c.notNull())
        .addColumn('to_ccy', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('rate', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('fx_rates_pair_date', ['issuer_id', 'from_ccy', 'to_ccy', 'date'])
        .execute();
      await s
        .createTable('idempotency_keys')
        .addColumn('issuer_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer', (c) => c.notNull())
        .addColumn('response_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['issuer_id', 'key'])
        .execute();
    },
  },
  {
    // Issue 3: the register of parties and relationships, the issuer's figures, the facts a
    // classification needs beyond the agreement, and board resolutions. Parties, relationships and
    // figures are kept as the JSON objects of the scenario format (docs/scenario-format.md), so that
    // one parser (parseScenario) validates them on the way in and reads them on the way out.
    name: '0002_register',
    async up(db) {
      const s = db.schema;
      await s
        .createTable('register_parties')
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('party_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('register_parties_pk', ['issuer_id', 'party_id'])
        .execute();
      await s
        .createTable('register_relationships')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .execute();
      await s
        .createIndex('register_relationships_issuer')
        .on('register_relationships')
        .column('issuer_id')
        .execute();
      await s
        .createTable('issuer_figures')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('as_of', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .execute();
      await s
        .createIndex('issuer_figures_issuer')
        .on('issuer_figures')
        .columns(['issuer_id', 'as_of'])
        .execute();
      await s
        .createTable('agreement_facts')
        .addColumn('agreement_id', 'text', (c) => c.primaryKey().references('agreements.id'))
        .addColumn('normal_commercial_terms', 'integer', (c) => c.notNull())
        .addColumn('ined_confirmed', 'integer', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .execute();
      await s
        .createTable('board_resolutions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('meeting_date', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .execute();
      await s
        .createIndex('board_resolutions_issuer')
        .on('board_resolutions')
        .columns(['issuer_id', 'meeting_date'])
        .execute();
    },
  },
  {
    // Issue 3 item 5: re-classification on a cap revision (14A.54). The re-classification and the
    // approvals it requires are written with the revision; approvals are append-only rows, and a
    // revision's status is derived from them (approved once every required approval is recorded).
    // A revision with no re-classification row (recorded before this migration) stands as approved.
    name: '0003_revision_approvals',
    async up(db) {
      const s = db.schema;
      await s
        .createTable('cap_revision_reclassifications')
        .addColumn('revision_id', 'text', (c) => c.primaryKey().references('cap_revisions.id'))
        .addColumn('body', 'text', (c) => c.notNull())
        .execute();
      await s
        .createTable('cap_revision_approvals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('revision_id', 'text', (c) => c.notNull().references('cap_revisions.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addUniqueConstraint('cap_revision_approvals_seq', ['revision_id', 'seq'])
        .execute();
    },
  },
  {
    // Issue 3 item 5, 14A.54(2): renewals and material changes of terms. A renewal is a new agreement
    // linked to the one it replaces; a material change is an append-only row with the
    // re-classification run when it was recorded (`body`: JSON `{ reclassification,
    // requirementsBeforeEffective }`).
    name: '0004_renewals',
    async up(db) {
      const s = db.schema;
      await s
        .createTable('agreement_renewals')
        .addColumn('agreement_id', 'text', (c) => c.primaryKey().references('agreements.id'))
        .addColumn('renews_id', 'text', (c) => c.notNull().references('agreements.id'))
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('agreement_renewals_renews').on('agreement_renewals').column('renews_id').execute();
      await s
        .createTable('agreement_material_changes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('agreement_id', 'text', (c) => c.notNull().references('agreements.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('effective_on', 'text', (c) => c.notNull())
        .addColumn('approved_on', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addUniqueConstraint('agreement_material_changes_seq', ['agreement_id', 'seq'])
        .execute();
    },
  },
  {
    name: '0005_issuer_prc',
    async up(db) {
      // 14A.15 applies to PRC issuers only: whether an issuer is one is part of its record.
      await db.schema
        .alterTable('issuers')
        .addColumn('prc_issuer', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  {
    // Issue 4, the pricing-policy gate. A category's full policy (null = the seed's default for rows
    // recorded before); the comparison kept with each order (JSON, null for orders placed before);
    // evidence files stored content-addressed per issuer, and the links from orders and agreements.
    name: '0006_pricing',
    async up(db, dialect) {
      const s = db.schema;
      await s.alterTable('categories').addColumn('quote_validity_required', 'integer').execute();
      await s.alterTable('categories').addColumn('exceptions_allowed', 'integer').execute();
      await s.alterTable('orders').addColumn('pricing', 'text').execute();
      await s
        .createTable('evidence_files')
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('size_bytes', 'bigint', (c) => c.notNull())
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('issued_on', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        // Last: SQLite then reads the metadata without walking a large file's overflow pages.
        .addColumn('content', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addPrimaryKeyConstraint('evidence_files_pk', ['issuer_id', 'sha256'])
        .execute();
      await s
        .createTable('order_evidence')
        .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('issuer_id', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        /** 'connected' | 'independent' | 'third-party-terms' */
        .addColumn('quote', 'text', (c) => c.notNull())
        .addColumn('quote_index', 'integer')
        .addPrimaryKeyConstraint('order_evidence_pk', ['order_id', 'seq'])
        .addForeignKeyConstraint('order_evidence_file', ['issuer_id', 'sha256'], 'evidence_files', [
          'issuer_id',
          'sha256',
        ])
        .execute();
      await s
        .createIndex('order_evidence_file')
        .on('order_evidence')
        .columns(['issuer_id', 'sha256'])
        .execute();
      await s
        .createTable('agreement_evidence')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('agreement_id', 'text', (c) => c.notNull().references('agreements.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addUniqueConstraint('agreement_evidence_seq', ['agreement_id', 'seq'])
        .execute();
      await s
        .createTable('agreement_evidence_files')
        .addColumn('record_id', 'text', (c) => c.notNull().references('agreement_evidence.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('issuer_id', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('agreement_evidence_files_pk', ['record_id', 'position'])
        .addForeignKeyConstraint('agreement_evidence_file', ['issuer_id', 'sha256'], 'evidence_files', [
          'issuer_id',
          'sha256',
        ])
        .execute();
      await s
        .createIndex('agreement_evidence_files_file')
        .on('agreement_evidence_files')
        .columns(['issuer_id', 'sha256'])
        .execute();
    },
  },
  {
    // Issue 5, monitoring and escalation. Alerts are raised once per `dedupe_key` (a unique index, so
    // concurrent postings crossing one threshold raise one alert), with the inbox rows and the outbox
    // rows for e-mail and webhooks written in the same transaction. Acknowledgements, remediations,
    // delivery attempts and escalation steps are append-only. Schedule runs are unique per schedule
    // and period; one scheduler at a time holds the lease.
    name: '0007_monitoring',
    async up(db) {
      const s = db.schema;
      await s
        .createTable('monitoring_settings')
        .addColumn('issuer_id', 'text', (c) => c.primaryKey().references('issuers.id'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await s
        .createTable('alerts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('dedupe_key', 'text', (c) => c.notNull())
        .addColumn('agreement_id', 'text')
        .addColumn('category_id', 'text')
        .addColumn('cap_id', 'text')
        .addColumn('period_start', 'text')
        .addColumn('period_end', 'text')
        .addColumn('threshold', 'text')
        .addColumn('currency', 'text')
        .addColumn('cap_minor', 'bigint')
        .addColumn('actual_minor', 'bigint')
        .addColumn('committed_minor', 'bigint')
        .addColumn('actual_id', 'text')
        .addColumn('breach_id', 'text')
        .addColumn('occurred_on', 'text', (c) => c.notNull())
        .addColumn('raised_at', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addUniqueConstraint('alerts_dedupe', ['issuer_id', 'dedupe_key'])
        .execute();
      await s.createIndex('alerts_issuer_raised').on('alerts').columns(['issuer_id', 'raised_at']).execute();
      await s
        .createTable('alert_acknowledgements')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
        .addColumn('acknowledged_by', 'text', (c) => c.notNull())
        .addColumn('acknowledged_at', 'text', (c) => c.notNull())
        .addColumn('comment', 'text')
        .execute();
      await s
        .createIndex('alert_acknowledgements_alert')
        .on('alert_acknowledgements')
        .column('alert_id')
        .execute();
      await s
        .createTable('alert_remediations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
        .addColumn('reference', 'text')
        .addColumn('notes', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('alert_remediations_alert').on('alert_remediations').column('alert_id').execute();
      await s
        .createTable('inbox_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        /** A role (senior-management, …) until accounts exist (issue 6), then also user ids. */
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('read_at', 'text')
        .addColumn('read_by', 'text')
        .execute();
      await s
        .createIndex('inbox_items_recipient')
        .on('inbox_items')
        .columns(['issuer_id', 'recipient'])
        .execute();
      await s
        .createTable('notification_subscriptions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        /** 'email' | 'webhook' */
        .addColumn('channel', 'text', (c) => c.notNull())
        /** An e-mail address or an https?:// URL. */
        .addColumn('target', 'text', (c) => c.notNull())
        /** The webhook's HMAC secret; null for e-mail. */
        .addColumn('secret', 'text')
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await s
        .createTable('outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('alert_id', 'text', (c) => c.references('alerts.id'))
        .addColumn('subscription_id', 'text', (c) => c.references('notification_subscriptions.id'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        /** The e-mail text, or the webhook's JSON body, exactly as it will be sent. */
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        /** 'pending' | 'delivered' | 'failed' (gave up after the last attempt) */
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'text')
        .addColumn('delivered_at', 'text')
        .addColumn('last_error', 'text')
        .execute();
      await s.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
      await s
        .createTable('delivery_log')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('outbox_id', 'text', (c) => c.notNull().references('outbox.id'))
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        /** 'delivered' | 'error' */
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute();
      await s.createIndex('delivery_log_outbox').on('delivery_log').column('outbox_id').execute();
      await s
        .createTable('escalations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('dedupe_key', 'text', (c) => c.notNull())
        .addColumn('agreement_id', 'text', (c) => c.notNull())
        .addColumn('cap_id', 'text', (c) => c.notNull())
        .addColumn('period_start', 'text', (c) => c.notNull())
        .addColumn('period_end', 'text', (c) => c.notNull())
        /** 'raised' | 'reviewed' | 'decided' */
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('alert_id', 'text', (c) => c.references('alerts.id'))
        /** The forecast that raised it (JSON). */
        .addColumn('forecast', 'text', (c) => c.notNull())
        .addColumn('raised_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('escalations_dedupe', ['issuer_id', 'dedupe_key'])
        .execute();
      await s
        .createTable('escalation_steps')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('escalation_id', 'text', (c) => c.notNull().references('escalations.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        /** 'raised' | 'reviewed' | 'decided' */
        .addColumn('step', 'text', (c) => c.notNull())
        /** For 'decided': 'revise-cap' | 'no-action'. */
        .addColumn('decision', 'text')
        .addColumn('revision_id', 'text')
        .addColumn('reason', 'text')
        .addColumn('notes', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('by', 'text', (c) => c.notNull())
        .addUniqueConstraint('escalation_steps_seq', ['escalation_id', 'seq'])
        .execute();
      await s
        .createTable('schedule_runs')
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        /** 'monthly' | 'semi-annual' | 'daily-forecast' */
        .addColumn('schedule', 'text', (c) => c.notNull())
        /** '2026-10', '2026-H1', '2026-11-24' */
        .addColumn('period', 'text', (c) => c.notNull())
        /** 'running' | 'done' */
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('run_by', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        /** What the run recorded (JSON): its figures until issue 7's reports exist. */
        .addColumn('result', 'text')
        .addPrimaryKeyConstraint('schedule_runs_pk', ['issuer_id', 'schedule', 'period'])
        .execute();
      await s
        .createTable('scheduler_leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('acquired_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    // Issue 6: the audit log. Writes capture an event in their own transaction (audit_events, one
    // insert, no shared row); a sealer later moves events into each issuer's hash chain (audit_log),
    // serialised per issuer on its head row (audit_heads), so issuers never queue behind one another.
    name: '0008_audit',
    async up(db, dialect) {
      const s = db.schema;
      await s
        .createTable('audit_events')
        .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        /** '' when no issuer could be told (a system write). No foreign key: the log outlives rows. */
        .addColumn('issuer_id', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('via', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text')
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .execute();
      // No index on issuer_id: the order gate inserts an event per order, and the sealer keeps this
      // table small (it moves sealed events out), so the sealer's scan is cheaper than the index.
      await s
        .createTable('audit_log')
        .addColumn('issuer_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('event_id', 'bigint', (c) => c.notNull().unique())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('via', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text')
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_log_pk', ['issuer_id', 'seq'])
        .execute();
      await s
        .createTable('audit_heads')
        .addColumn('issuer_id', 'text', (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    // Issue 6: accounts. E-mail addresses are stored lower-cased, so the unique constraint makes them
    // unique case-insensitively on both engines. A membership is one role at one issuer, valid on
    // calendar dates (an auditor's window). API tokens are kept only as their SHA-256: a token is 32
    // random bytes, so a fast hash loses nothing that a slow one would protect (decision 0012).
    name: '0009_accounts',
    async up(db) {
      const s = db.schema;
      await s
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text')
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull())
        .addColumn('failed_logins', 'integer', (c) => c.notNull())
        .addColumn('locked_until', 'text')
        .execute();
      await s
        .createTable('memberships')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('valid_from', 'text')
        .addColumn('valid_to', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('memberships_pk', ['user_id', 'issuer_id', 'role'])
        .execute();
      await s.createIndex('memberships_issuer').on('memberships').column('issuer_id').execute();
      await s
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('role', 'text')
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('last_used_at', 'text')
        .execute();
      await s.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();
    },
  },
  {
    // Issue 6: browser sessions. The cookie's value is never stored, only its SHA-256 (as for API
    // tokens); a session ends at `expires_at`, after `idle` without use, or when revoked (sign-out).
    name: '0010_sessions',
    async up(db) {
      const s = db.schema;
      await s
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('client', 'text')
        .execute();
      await s.createIndex('sessions_user').on('sessions').column('user_id').execute();
      // Who may still sign in with the demo's printed credentials (`armslength doctor` reports it).
      await s
        .alterTable('users')
        .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  {
    // Issue 6, item 5: interested directors. A membership may name the register person the user is
    // (a director or INED), so that Rule 13.44 can be applied to what they read. A recusal is kept
    // once per user and agreement when it first takes effect: recorded, not hidden.
    name: '0011_recusals',
    async up(db) {
      const s = db.schema;
      await s.alterTable('memberships').addColumn('person_id', 'text').execute();
      await s
        .createTable('recusals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('agreement_id', 'text', (c) => c.notNull().references('agreements.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('person_id', 'text', (c) => c.notNull())
        /** JSON: the 13.44 reasons, as text, when it was recorded. */
        .addColumn('reasons', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        // Also the index for an agreement's recusals (issuer_id, agreement_id).
        .addUniqueConstraint('recusals_once', ['issuer_id', 'agreement_id', 'user_id'])
        .execute();
    },
  },
  {
    // Issue 7: issued reports (stored unchanged with their SHA-256; amended versions), the annual
    // review's records — the INEDs' sign-off (14A.55), the auditor's letter (14A.56) and the year's
    // settings (limb wording, bulk-printing date for 14A.57) — and the 14A.59 follow-up tasks.
    name: '0012_annual_review',
    async up(db) {
      const s = db.schema;
      await s
        .createTable('issued_reports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('amends_id', 'text', (c) => c.references('issued_reports.id'))
        .addColumn('knowledge_at', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('differences', 'text')
        .addColumn('issued_at', 'text', (c) => c.notNull())
        .addColumn('issued_by', 'text', (c) => c.notNull())
        .addUniqueConstraint('issued_reports_version', ['issuer_id', 'kind', 'period', 'scope', 'version'])
        .execute();
      await s
        .createTable('ined_sign_offs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('financial_year', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('signed_name', 'text', (c) => c.notNull())
        /** JSON: the limbs (InedLimbSignOff[]). */
        .addColumn('limbs', 'text', (c) => c.notNull())
        .addColumn('pack_report_id', 'text', (c) => c.references('issued_reports.id'))
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('ined_sign_offs_once', ['issuer_id', 'financial_year', 'user_id'])
        .execute();
      await s
        .createTable('auditor_letters')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('financial_year', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('auditor_name', 'text', (c) => c.notNull())
        .addColumn('letter_date', 'text', (c) => c.notNull())
        /** JSON: the four findings (AuditorFinding[]). */
        .addColumn('findings', 'text', (c) => c.notNull())
        .addColumn('evidence_sha256', 'text')
        .addColumn('sent_to_exchange_on', 'text')
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addUniqueConstraint('auditor_letters_seq', ['issuer_id', 'financial_year', 'seq'])
        .execute();
      await s
        .createTable('annual_review_settings')
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('financial_year', 'text', (c) => c.notNull())
        .addColumn('limb_wording', 'text', (c) => c.notNull())
        .addColumn('bulk_print_date', 'text')
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('annual_review_settings_pk', ['issuer_id', 'financial_year'])
        .execute();
      await s
        .createTable('follow_up_tasks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('financial_year', 'text', (c) => c.notNull())
        .addColumn('title_en', 'text', (c) => c.notNull())
        .addColumn('title_zh', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text')
        .addColumn('completed_by', 'text')
        .addColumn('completion_note', 'text')
        .execute();
      await s
        .createIndex('follow_up_tasks_issuer')
        .on('follow_up_tasks')
        .columns(['issuer_id', 'status'])
        .execute();
    },
  },
  {
    // Issue 8: the language a user reads the web application in (en, zh-Hant), kept with the
    // account so that it follows them to any browser; null until they choose.
    name: '0013_user_language',
    async up(db) {
      await db.schema.alterTable('users').addColumn('language', 'text').execute();
    },
  },
  {
    // Issue 9: saved import presets, import runs (progress, outcome, every bad row) and the source
    // references of imported rows, which make re-importing a file add nothing.
    name: '0014_imports',
    async up(db, dialect) {
      const s = db.schema;
      await s
        .createTable('import_mappings')
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('import_mappings_pk', ['issuer_id', 'name'])
        .execute();
      await s
        .createTable('import_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('mapping', 'text', (c) => c.notNull())
        .addColumn('dry_run', 'integer', (c) => c.notNull())
        .addColumn('file_name', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('rows_read', 'integer', (c) => c.notNull())
        .addColumn('rows_valid', 'integer', (c) => c.notNull())
        .addColumn('rows_written', 'integer', (c) => c.notNull())
        .addColumn('rows_skipped', 'integer', (c) => c.notNull())
        .addColumn('error_count', 'integer', (c) => c.notNull())
        .addColumn('errors', 'text', (c) => c.notNull())
        .addColumn('summary', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      await s
        .createTable('imported_rows')
        .addColumn('issuer_id', 'text', (c) => c.notNull().references('issuers.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('agreement_id', 'text', (c) => c.notNull())
        .addColumn('category_id', 'text', (c) => c.notNull())
        .addColumn('reference', 'text', (c) => c.notNull())
        .addColumn('row_values', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('import_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('imported_rows_pk', [
          'issuer_id',
          'kind',
          'reference',
          'agreement_id',
          'category_id',
        ])
        // SQLite: the primary key is the table (one B-tree, not a table and an index): a large import
        // writes a million of these.
        .$call((t) => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
        .execute();
    },
  },
];
