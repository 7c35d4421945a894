<?php
return [
  'database' => [
    'host' => 'localhost',
    'port' => '',
    'charset' => NULL,
    'dbname' => 'espocrm',
    'user' => 'espocrm',
    'password' => 'p@ss\'w0rd\\x',
    'platform' => 'Mysql'
  ],
  'logger' => [
    'path' => 'data/logs/espo.log',
    'level' => 'WARNING',
    'rotation' => true,
    'maxFileNumber' => 30,
    'printTrace' => false,
    'databaseHandler' => false,
    'sql' => false,
    'sqlFailed' => false
  ],
  'restrictedMode' => false,
  'cleanupAppLog' => true,
  'cleanupAppLogPeriod' => '30 days',
  'webSocketMessager' => 'ZeroMQ',
  'clientSecurityHeadersDisabled' => false,
  'clientCspDisabled' => false,
  'clientCspScriptSourceList' => [
    0 => 'https://maps.googleapis.com'
  ],
  'adminUpgradeDisabled' => false,
  'isInstalled' => true,
  'passwordSalt' => '0123456789abcdef',
  'cryptKey' => 'fedcba9876543210fedcba9876543210',
  'hashSecretKey' => 'abcdef0123456789abcdef0123456789',
  'oidcClientSecret' => 'abc~DEF8Q~x\'y\\z',
  'defaultPermissions' => [
    'user' => 33,
    'group' => 33
  ],
  'actualDatabaseType' => 'mariadb',
  'actualDatabaseVersion' => '10.11.6',
  'instanceId' => 'f0e1d2c3-b4a5-9687-7869-5a4b3c2d1e0f',
  'microtimeInternal' => 1751446931.4797
];
