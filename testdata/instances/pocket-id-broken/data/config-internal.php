<?php
return [
  'logger' => ['level' => 'INFO'],
  'oidcClientSecret' => 'FAKE-pocket-id-broken-secret-Zx8Cv5Bn2Mq7Wr4Ty1',
];
