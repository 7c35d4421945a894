<?php
return [
  'database' => [
    'user' => 'espocrm',
    'password' => 'db-Pa55word!'
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
  'passwordSalt' => '0123456789abcdef',
  'cryptKey' => 'fedcba9876543210fedcba9876543210',
  'hashSecretKey' => '00112233445566778899aabbccddeeff',
  'microtimeInternal' => 1751446931.4797
];
