-- EspoCRM 7.3 tables (no authentication_provider, no portal.authentication_provider_id, 24-character ids) the diagnostic reads, as EspoCRM creates them on MariaDB/MySQL
-- (only the columns the tool uses; see docs/database.md). Loaded by scripts/db/start-mariadb.sh.
CREATE TABLE `portal` (
  `id` VARCHAR(24) NOT NULL,
  `name` VARCHAR(100) DEFAULT NULL,
  `deleted` TINYINT(1) DEFAULT 0,
  `custom_id` VARCHAR(36) DEFAULT NULL,
  `is_active` TINYINT(1) NOT NULL DEFAULT 1,
  `custom_url` VARCHAR(255) DEFAULT NULL,
  `created_at` DATETIME DEFAULT NULL,
  `modified_at` DATETIME DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `IDX_CUSTOM_ID` (`custom_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci ENGINE = InnoDB;

CREATE TABLE `user` (
  `id` VARCHAR(24) NOT NULL,
  `deleted` TINYINT(1) DEFAULT 0,
  `user_name` VARCHAR(50) DEFAULT NULL,
  `type` VARCHAR(24) DEFAULT 'regular',
  `password` VARCHAR(150) DEFAULT NULL,
  `auth_method` VARCHAR(24) DEFAULT NULL,
  `first_name` VARCHAR(100) DEFAULT NULL,
  `last_name` VARCHAR(100) DEFAULT NULL,
  `is_active` TINYINT(1) NOT NULL DEFAULT 1,
  `default_team_id` VARCHAR(24) DEFAULT NULL,
  `delete_id` VARCHAR(24) NOT NULL DEFAULT '0',
  `created_at` DATETIME DEFAULT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `UNIQ_USER_NAME_DELETE_ID` (`user_name`, `delete_id`),
  KEY `IDX_TYPE` (`type`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci ENGINE = InnoDB;

CREATE TABLE `team` (
  `id` VARCHAR(24) NOT NULL,
  `name` VARCHAR(100) DEFAULT NULL,
  `deleted` TINYINT(1) DEFAULT 0,
  `position_list` MEDIUMTEXT DEFAULT NULL,
  `created_at` DATETIME DEFAULT NULL,
  `modified_at` DATETIME DEFAULT NULL,
  PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci ENGINE = InnoDB;

CREATE TABLE `team_user` (
  `id` BIGINT NOT NULL AUTO_INCREMENT,
  `user_id` VARCHAR(24) DEFAULT NULL,
  `team_id` VARCHAR(24) DEFAULT NULL,
  `role` VARCHAR(100) DEFAULT NULL,
  `deleted` TINYINT(1) DEFAULT 0,
  PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci ENGINE = InnoDB;

CREATE TABLE `portal_user` (
  `id` BIGINT NOT NULL AUTO_INCREMENT,
  `portal_id` VARCHAR(24) DEFAULT NULL,
  `user_id` VARCHAR(24) DEFAULT NULL,
  `deleted` TINYINT(1) DEFAULT 0,
  PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci ENGINE = InnoDB;

CREATE TABLE `auth_log_record` (
  `id` VARCHAR(24) NOT NULL,
  `deleted` TINYINT(1) DEFAULT 0,
  `username` VARCHAR(100) DEFAULT NULL,
  `portal_id` VARCHAR(24) DEFAULT NULL,
  `user_id` VARCHAR(24) DEFAULT NULL,
  `auth_token_id` VARCHAR(24) DEFAULT NULL,
  `ip_address` VARCHAR(45) DEFAULT NULL,
  `created_at` DATETIME DEFAULT NULL,
  `is_denied` TINYINT(1) NOT NULL DEFAULT 0,
  `denial_reason` VARCHAR(255) DEFAULT NULL,
  `request_time` DOUBLE PRECISION DEFAULT NULL,
  `request_url` VARCHAR(255) DEFAULT NULL,
  `request_method` VARCHAR(15) DEFAULT NULL,
  `authentication_method` VARCHAR(255) DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `IDX_REQUEST_TIME` (`request_time`),
  KEY `IDX_USERNAME_IP_ADDRESS` (`username`, `ip_address`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci ENGINE = InnoDB;

