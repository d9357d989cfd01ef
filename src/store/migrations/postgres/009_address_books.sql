-- Address books, each placed at an organisation unit; names are unique per tenant in any case.
CREATE TABLE address_books (
  tenant_id text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id text NOT NULL,
  name text NOT NULL,
  name_key text NOT NULL,
  org_unit_id text NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX address_books_name ON address_books (tenant_id, name_key);

-- Their contacts, keyed by the external id a flow gave them.
CREATE TABLE contacts (
  tenant_id text NOT NULL,
  address_book_id text NOT NULL,
  external_id text NOT NULL,
  first_name text,
  last_name text,
  display_name text,
  initials text,
  company text,
  department text,
  job_title text,
  user_principal_name text,
  im_addresses jsonb,
  email_addresses jsonb,
  business_phones jsonb,
  mobile_phones jsonb,
  home_phones jsonb,
  addresses jsonb,
  custom_fields jsonb,
  PRIMARY KEY (tenant_id, address_book_id, external_id),
  FOREIGN KEY (tenant_id, address_book_id)
    REFERENCES address_books (tenant_id, id) ON DELETE CASCADE
);

-- Each contact's phone numbers and addresses in matching form: an inbound caller is found
-- by one indexed lookup.
CREATE TABLE contact_keys (
  tenant_id text NOT NULL,
  address_book_id text NOT NULL,
  external_id text NOT NULL,
  match_key text NOT NULL,
  PRIMARY KEY (tenant_id, address_book_id, external_id, match_key),
  FOREIGN KEY (tenant_id, address_book_id, external_id)
    REFERENCES contacts (tenant_id, address_book_id, external_id) ON DELETE CASCADE
);
CREATE INDEX contact_keys_match ON contact_keys (tenant_id, match_key);
