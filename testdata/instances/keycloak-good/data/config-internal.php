<?php
return [
  'logger' => ['level' => 'INFO'],
  'oidcClientSecret' => 'FAKE-kc-good-Zk3v9bQ2xW8mN4pR7tY1u',
];
