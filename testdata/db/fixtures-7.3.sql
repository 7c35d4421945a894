-- Rows for the 7.3-era MariaDB schema (mysql-schema-7.3.sql): no portal
-- providers yet; ids are 24 characters long.
INSERT INTO "team" ("id", "name", "deleted") VALUES ('5f1e2d3c4b5a69788796a5b4', 'Sales', FALSE);
INSERT INTO "user" ("id", "deleted", "user_name", "type", "is_active", "delete_id") VALUES
  ('5f1e2d3c4b5a69788796a5c1', FALSE, 'admin', 'admin', TRUE, '0'),
  ('5f1e2d3c4b5a69788796a5c2', FALSE, 'alice@example.com', 'regular', TRUE, '0');
INSERT INTO "team_user" ("user_id", "team_id", "deleted") VALUES ('5f1e2d3c4b5a69788796a5c2', '5f1e2d3c4b5a69788796a5b4', FALSE);
INSERT INTO "portal" ("id", "name", "deleted", "custom_id", "is_active") VALUES ('5f1e2d3c4b5a69788796a5d1', 'Customers', FALSE, 'customers', TRUE);
INSERT INTO "auth_log_record" ("id", "deleted", "username", "user_id", "ip_address", "created_at", "is_denied", "denial_reason", "request_time", "authentication_method") VALUES
  ('5f1e2d3c4b5a69788796a5e1', FALSE, '**oidc', NULL, '203.0.113.12', '2026-01-31 10:00:00', TRUE, 'CREDENTIALS', 1769853600.0, 'Oidc');
