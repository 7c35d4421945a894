<?php
return [
  'logger' => ['level' => 'INFO'],
  'oidcClientSecret' => 'FAKE-okta-good-Hq2Lp9Xz4Cv7Bn1Mk5Jh8Gf3Ds6Aa0',
];
