<?php
return [
  'logger' => ['level' => 'INFO'],
  'oidcClientSecret' => 'FAKE-kc-broken-Zk3v9bQ2xW8mN4pR7tY1u',
];
