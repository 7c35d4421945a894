<?php
return [
  'database' => [
    'user' => 'espocrm',
    'password' => 'CANARY-db-P@ss w0rd&x=1'
  ],
  'logger' => [
    'path' => 'data/logs/espo.log',
    'level' => 'DEBUG',
  ],
  'passwordSalt' => 'CANARYsaltQ7w8e9r0t1y2',
  'cryptKey' => 'CANARYcryptKeyZ9y8x7w6v5u4t3s2',
  'hashSecretKey' => 'CANARYhashSecretKeyM3n4b5v6c7',
  'apiSecretKeys' => (object) [
    'CANARYapiKeyId0a1b2c3d4e5f6a7b8' => 'CANARYapiSecretValue9h8g7f6e5d',
  ],
  'ldapPassword' => 'CANARY-ldap-Secret!42',
  'oidcClientSecret' => 'CANARY~8Q~clientSecret.Value_9xYz',
];
