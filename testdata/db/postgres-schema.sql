-- EspoCRM 10.0 tables the diagnostic reads, as EspoCRM creates them on PostgreSQL
-- (only the columns the tool uses; see docs/database.md). Loaded by scripts/db/start-postgres.sh.
CREATE TABLE authentication_provider (
  id VARCHAR(17) NOT NULL PRIMARY KEY,
  name VARCHAR(255) DEFAULT NULL,
  deleted BOOLEAN DEFAULT false,
  method VARCHAR(255) DEFAULT NULL,
  oidc_client_id VARCHAR(255) DEFAULT NULL,
  oidc_client_secret VARCHAR(255) DEFAULT NULL,
  oidc_authorization_endpoint VARCHAR(255) DEFAULT NULL,
  oidc_user_info_endpoint VARCHAR(255) DEFAULT NULL,
  oidc_token_endpoint VARCHAR(255) DEFAULT NULL,
  oidc_jwks_endpoint VARCHAR(255) DEFAULT NULL,
  oidc_jwt_signature_algorithm_list TEXT DEFAULT '[]',   -- 8.4–9.3: DEFAULT '["RS256"]'
  oidc_scopes TEXT DEFAULT '[]',                          -- 8.4–9.3: DEFAULT '["profile","email","phone"]'
  oidc_create_user BOOLEAN NOT NULL DEFAULT false,
  oidc_username_claim VARCHAR(255) DEFAULT 'sub',
  oidc_sync BOOLEAN NOT NULL DEFAULT false,
  oidc_logout_url VARCHAR(255) DEFAULT NULL,
  oidc_authorization_prompt VARCHAR(14) DEFAULT NULL,
  oidc_authorization_pkce BOOLEAN NOT NULL DEFAULT true
);

CREATE TABLE portal (
  id VARCHAR(17) NOT NULL PRIMARY KEY,
  name VARCHAR(100) DEFAULT NULL,
  deleted BOOLEAN DEFAULT false,
  custom_id VARCHAR(36) DEFAULT NULL,
  is_active BOOLEAN NOT NULL DEFAULT true,
  custom_url VARCHAR(255) DEFAULT NULL,
  authentication_provider_id VARCHAR(17) DEFAULT NULL,
  created_at TIMESTAMP(0) WITHOUT TIME ZONE DEFAULT NULL,
  modified_at TIMESTAMP(0) WITHOUT TIME ZONE DEFAULT NULL
);

CREATE TABLE "user" (
  id VARCHAR(17) NOT NULL PRIMARY KEY,
  deleted BOOLEAN DEFAULT false,
  user_name VARCHAR(50) DEFAULT NULL,
  type VARCHAR(24) DEFAULT 'regular',
  password VARCHAR(150) DEFAULT NULL,
  auth_method VARCHAR(24) DEFAULT NULL,
  first_name VARCHAR(100) DEFAULT NULL,
  last_name VARCHAR(100) DEFAULT NULL,
  is_active BOOLEAN NOT NULL DEFAULT true,
  default_team_id VARCHAR(17) DEFAULT NULL,
  delete_id VARCHAR(17) NOT NULL DEFAULT '0',
  created_at TIMESTAMP(0) WITHOUT TIME ZONE DEFAULT NULL,
  UNIQUE (user_name, delete_id)
);

CREATE TABLE team (
  id VARCHAR(17) NOT NULL PRIMARY KEY,
  name VARCHAR(100) DEFAULT NULL,
  deleted BOOLEAN DEFAULT false,
  position_list TEXT DEFAULT '[]',
  created_at TIMESTAMP(0) WITHOUT TIME ZONE DEFAULT NULL,
  modified_at TIMESTAMP(0) WITHOUT TIME ZONE DEFAULT NULL
);

CREATE TABLE team_user (
  id BIGSERIAL NOT NULL PRIMARY KEY,
  user_id VARCHAR(17) DEFAULT NULL,
  team_id VARCHAR(17) DEFAULT NULL,
  role VARCHAR(100) DEFAULT NULL,
  deleted BOOLEAN DEFAULT false
);

CREATE TABLE portal_user (
  id BIGSERIAL NOT NULL PRIMARY KEY,
  portal_id VARCHAR(17) DEFAULT NULL,
  user_id VARCHAR(17) DEFAULT NULL,
  deleted BOOLEAN DEFAULT false
);

CREATE TABLE auth_log_record (
  id VARCHAR(17) NOT NULL PRIMARY KEY,
  deleted BOOLEAN DEFAULT false,
  username VARCHAR(100) DEFAULT NULL,
  portal_id VARCHAR(17) DEFAULT NULL,
  user_id VARCHAR(17) DEFAULT NULL,
  auth_token_id VARCHAR(17) DEFAULT NULL,
  ip_address VARCHAR(45) DEFAULT NULL,
  created_at TIMESTAMP(0) WITHOUT TIME ZONE DEFAULT NULL,
  is_denied BOOLEAN NOT NULL DEFAULT false,
  denial_reason VARCHAR(255) DEFAULT NULL,
  request_time DOUBLE PRECISION DEFAULT NULL,
  request_url VARCHAR(255) DEFAULT NULL,
  request_method VARCHAR(15) DEFAULT NULL,
  authentication_method VARCHAR(255) DEFAULT NULL
);

