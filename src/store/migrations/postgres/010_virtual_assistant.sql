-- Whether a service's virtual user assistant takes part in its calls and chats (0 or 1).
ALTER TABLE services ADD COLUMN virtual_assistant integer NOT NULL DEFAULT 0;
