-- Rows for the 8.2-era PostgreSQL schema (postgres-schema-8.2.sql): the
-- provider table has no prompt, user-info or PKCE columns yet.
INSERT INTO "authentication_provider" ("id", "name", "deleted", "method", "oidc_client_id", "oidc_client_secret",
    "oidc_authorization_endpoint", "oidc_token_endpoint", "oidc_jwks_endpoint", "oidc_jwt_signature_algorithm_list",
    "oidc_scopes", "oidc_create_user", "oidc_username_claim", "oidc_sync") VALUES
  ('ap-old', 'Old Provider', FALSE, 'Oidc', 'old-client', 'old-secret',
    'https://idp.example/authorize', 'https://idp.example/token', 'https://idp.example/jwks', '["RS256"]',
    '["profile","email","phone"]', FALSE, 'sub', FALSE);
INSERT INTO "portal" ("id", "name", "deleted", "custom_id", "is_active", "authentication_provider_id") VALUES
  ('p-old', 'Customers', FALSE, NULL, TRUE, 'ap-old');
INSERT INTO "user" ("id", "deleted", "user_name", "type", "is_active", "delete_id") VALUES
  ('u-admin', FALSE, 'admin', 'admin', TRUE, '0');
