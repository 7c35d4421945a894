<?php
return [
  'oidcClientSecret' => 'internal-secret-value',
  'logger' => [
    'level' => 'ERROR',
    'rotation' => true
  ]
];
