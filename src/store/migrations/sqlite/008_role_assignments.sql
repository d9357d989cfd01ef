-- Roles a user holds at other units (JSON), and the home tenant of a partner account.
ALTER TABLE users ADD COLUMN role_assignments TEXT;
ALTER TABLE users ADD COLUMN home_tenant TEXT;
