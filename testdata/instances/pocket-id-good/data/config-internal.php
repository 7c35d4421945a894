<?php
return [
  'logger' => ['level' => 'INFO'],
  'oidcClientSecret' => 'FAKE-pocket-id-good-secret-Zx8Cv5Bn2Mq7Wr4Ty1',
];
