<?php
return [
  'logger' => ['level' => 'INFO'],
  'oidcClientSecret' => 'FAKE-adfs-good-secret-Zx8Cv5Bn2Mq7Wr4Ty1',
];
