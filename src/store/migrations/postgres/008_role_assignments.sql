-- Roles a user holds at other units, and the home tenant of a partner account.
ALTER TABLE users ADD COLUMN role_assignments jsonb;
ALTER TABLE users ADD COLUMN home_tenant text;
