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
    'printTrace' => false
  ],
  'passwordSalt' => '0123456789abcdef',
  'cryptKey' => 'fedcba9876543210fedcba9876543210',
  'hashSecretKey' => '00112233445566778899aabbccddeeff',
  'oidcClientSecret' => 'abc8Q~Xy\'zWvU_tSr.QpOnMlKjIhGfEdCbA9876',
  'microtimeInternal' => 1751446931.4797
];
