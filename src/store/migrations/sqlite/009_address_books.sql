-- Address books, each placed at an organisation unit; names are unique per tenant in any case.
CREATE TABLE address_books (
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  org_unit_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
) STRICT;
CREATE UNIQUE INDEX address_books_name ON address_books (tenant_id, name_key);

-- Their contacts, keyed by the external id a flow gave them; lists as JSON text.
CREATE TABLE contacts (
  tenant_id TEXT NOT NULL,
  address_book_id TEXT NOT NULL,
  external_id TEXT NOT NULL,
  first_name TEXT,
  last_name TEXT,
  display_name TEXT,
  initials TEXT,
  company TEXT,
  department TEXT,
  job_title TEXT,
  user_principal_name TEXT,
  im_addresses TEXT,
  email_addresses TEXT,
  business_phones TEXT,
  mobile_phones TEXT,
  home_phones TEXT,
  addresses TEXT,
  custom_fields TEXT,
  PRIMARY KEY (tenant_id, address_book_id, external_id),
  FOREIGN KEY (tenant_id, address_book_id)
    REFERENCES address_books (tenant_id, id) ON DELETE CASCADE
) STRICT;

-- Each contact's phone numbers and addresses in matching form: an inbound caller is found
-- by one indexed lookup.
CREATE TABLE contact_keys (
  tenant_id TEXT NOT NULL,
  address_book_id TEXT NOT NULL,
  external_id TEXT NOT NULL,
  match_key TEXT NOT NULL,
  PRIMARY KEY (tenant_id, address_book_id, external_id, match_key),
  FOREIGN KEY (tenant_id, address_book_id, external_id)
    REFERENCES contacts (tenant_id, address_book_id, external_id) ON DELETE CASCADE
) STRICT;
CREATE INDEX contact_keys_match ON contact_keys (tenant_id, match_key);
