<?php
return [
  'logger' => [
    'path' => 'data/logs/espo.log',
    'level' => 'INFO',
    'rotation' => true
  ],
  'oidcClientSecret' => 'kc-Secret-0123456789abcdefghij',
  'microtimeInternal' => 1751446931.4797
];
